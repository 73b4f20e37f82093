import { type HttpClient, fetchWmsGrid } from '@jumeau/catalog';
import { type Grid, createGrid } from '@jumeau/core';

/** Nodata written in the online DEM (the Géoplateforme's own, −99999). */
export const ONLINE_DEM_NODATA = -99999;

/** What to fetch. */
export interface DemRequest {
  readonly layer: string;
  /** Commune bbox in Lambert-93; widened by `marginMetres` and snapped to the resolution. */
  readonly bboxLambert93: readonly [number, number, number, number];
  readonly resolutionMetres: number;
  /** Largest tile side in pixels (the WMS's MaxWidth/MaxHeight, capped). */
  readonly maximumTilePixels: number;
  readonly marginMetres?: number;
}

/**
 * Cell size in metres for a bbox of this area: 5 m up to 30 km², 10 m up to 150 km², else 20 m — about 1–4 million
 * cells for a commune, which the browser app draws and floods interactively.
 *
 * @example
 * ```ts
 * demResolutionMetres(25e6) // 5
 * ```
 */
export function demResolutionMetres(areaSquareMetres: number): number {
  if (areaSquareMetres <= 30e6) return 5;
  return areaSquareMetres <= 150e6 ? 10 : 20;
}

/** The bbox widened by the margin and snapped outward to multiples of the resolution. */
export function snapBbox(
  bbox: readonly [number, number, number, number],
  resolutionMetres: number,
  marginMetres: number,
): [number, number, number, number] {
  const down = (value: number) => Math.floor((value - marginMetres) / resolutionMetres) * resolutionMetres;
  const up = (value: number) => Math.ceil((value + marginMetres) / resolutionMetres) * resolutionMetres;
  return [down(bbox[0]), down(bbox[1]), up(bbox[2]), up(bbox[3])];
}

/**
 * RGE ALTI heights (m NGF-IGN69) over a commune through WMS-R GetMap `image/geotiff`, requested in tiles no larger
 * than `maximumTilePixels` and mosaicked into one Float32 grid. Sea and holes (the tile's nodata, or any value
 * below −1000 m) become {@link ONLINE_DEM_NODATA}.
 *
 * @example
 * ```ts
 * const dem = await fetchDem(http, endpoint, { layer, bboxLambert93, resolutionMetres: 5, maximumTilePixels: 2048 })
 * ```
 */
export async function fetchDem(http: HttpClient, endpoint: string, request: DemRequest): Promise<Grid> {
  const size = request.resolutionMetres;
  const [minX, minY, maxX, maxY] = snapBbox(request.bboxLambert93, size, request.marginMetres ?? 200);
  const width = Math.round((maxX - minX) / size);
  const height = Math.round((maxY - minY) / size);
  const data = new Float32Array(width * height).fill(ONLINE_DEM_NODATA);
  const tile = request.maximumTilePixels;
  for (let top = 0; top < height; top += tile) {
    for (let left = 0; left < width; left += tile) {
      const tileWidth = Math.min(tile, width - left);
      const tileHeight = Math.min(tile, height - top);
      const bbox = [minX + left * size, maxY - (top + tileHeight) * size, minX + (left + tileWidth) * size, maxY - top * size] as const;
      const grid = await fetchWmsGrid(http, endpoint, {
        layer: request.layer,
        crs: 'EPSG:2154',
        bbox,
        widthPixels: tileWidth,
        heightPixels: tileHeight,
        nodata: ONLINE_DEM_NODATA,
      });
      copyTile(grid, data, width, left, top);
    }
  }
  const transform = [minX, size, 0, maxY, 0, -size] as const;
  return createGrid({ width, height, transform, crs: 2154, nodata: ONLINE_DEM_NODATA, units: 'm', verticalDatum: 'NGF-IGN69', data });
}

function copyTile(tile: Grid, target: Float32Array, targetWidth: number, left: number, top: number): void {
  const nodata = tile.nodata;
  for (let row = 0; row < tile.height; row += 1) {
    for (let column = 0; column < tile.width; column += 1) {
      const value = Number(tile.data[row * tile.width + column]);
      const missing = !Number.isFinite(value) || value === nodata || value < -1000;
      target[(top + row) * targetWidth + left + column] = missing ? ONLINE_DEM_NODATA : value;
    }
  }
}
