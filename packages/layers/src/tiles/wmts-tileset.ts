import type { Bounds } from '@jumeau/core';
import type { Viewport } from '@deck.gl/core';
import { _Tileset2D as Tileset2D } from '@deck.gl/geo-layers';
import { createCoordinateTransformer } from '../lib/project.js';
import { type WmtsTileMatrixSet, selectTileMatrix, tileBounds, tileRange } from './tile-matrix-set.js';

/** Most tiles drawn at once; beyond it a coarser level is used (a strongly pitched view sees far). */
const MAXIMUM_TILES = 48;
/** Points per edge when a rectangle is reprojected (its edges curve in the other CRS). */
const EDGE_SAMPLES = 8;

interface TileIndex {
  x: number;
  y: number;
  z: number;
}

/** Bounding box in `toCrs` of a rectangle of `fromCrs`, from points along its edges. */
function reprojectBounds(bounds: Bounds, fromCrs: number, toCrs: number): Bounds {
  const [minX, minY, maxX, maxY] = bounds;
  const points: number[] = [];
  for (let step = 0; step <= EDGE_SAMPLES; step += 1) {
    const t = step / EDGE_SAMPLES;
    const x = minX + t * (maxX - minX);
    const y = minY + t * (maxY - minY);
    points.push(x, minY, x, maxY, minX, y, maxX, y);
  }
  const projected = createCoordinateTransformer(fromCrs, toCrs)(Float64Array.from(points));
  let [west, south, east, north] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let index = 0; index < projected.length; index += 2) {
    west = Math.min(west, projected[index] as number);
    south = Math.min(south, projected[index + 1] as number);
    east = Math.max(east, projected[index] as number);
    north = Math.max(north, projected[index + 1] as number);
  }
  return [west, south, east, north];
}

function intersect(a: Bounds, b: Bounds): Bounds | null {
  const result: Bounds = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return result[0] < result[2] && result[1] < result[3] ? result : null;
}

/** CRS units per screen pixel at the viewport's centre (ground metres; Lambert-93's scale error ≤ 0.1 % is ignored). */
function metresPerPixel(viewport: Viewport): number {
  return (viewport.getDistanceScales().metersPerUnit[0] as number) / viewport.scale;
}

/**
 * A deck.gl `Tileset2D` for a WMTS TileMatrixSet in a projected CRS other than Web Mercator (Lambert-93's
 * `LAMB93_*`): the tiles covering the view are found through the tile matrix (top-left corner, scale
 * denominator × 0.28 mm, tile size), restricted to `clipBounds` (e.g. the DEM's extent, in the set's CRS).
 * Tile index: `x` = column, `y` = row, `z` = level (index into `tileMatrices`).
 *
 * @example
 * new TileLayer({ TilesetClass: createWmtsTilesetClass(lamb93, 2154, gridBounds(dem)), getTileData, renderSubLayers });
 */
export function createWmtsTilesetClass(set: WmtsTileMatrixSet, crs: number, clipBounds: Bounds, levelOffset = 0): typeof Tileset2D {
  return class WmtsTileset2D extends Tileset2D {
    override getTileIndices({ viewport }: { viewport: Viewport }): TileIndex[] {
      const [west, south, east, north] = viewport.getBounds();
      const visible = intersect(reprojectBounds([west, south, east, north], 4326, crs), clipBounds);
      if (!visible) return [];
      for (let level = selectTileMatrix(set, metresPerPixel(viewport), levelOffset); level >= 0; level -= 1) {
        const range = tileRange(set.tileMatrices[level] as (typeof set.tileMatrices)[number], visible);
        if (!range) return [];
        const [firstColumn, firstRow, lastColumn, lastRow] = range;
        if ((lastColumn - firstColumn + 1) * (lastRow - firstRow + 1) > MAXIMUM_TILES && level > 0) continue;
        const indices: TileIndex[] = [];
        for (let row = firstRow; row <= lastRow; row += 1)
          for (let column = firstColumn; column <= lastColumn; column += 1) indices.push({ x: column, y: row, z: level });
        return indices;
      }
      return [];
    }

    override getTileId(index: TileIndex): string {
      return `${index.z}/${index.x}/${index.y}`;
    }

    override getTileZoom(index: TileIndex): number {
      return index.z;
    }

    override getTileMetadata(index: TileIndex): Record<string, unknown> {
      const bounds = tileBounds(set.tileMatrices[index.z] as (typeof set.tileMatrices)[number], index.x, index.y);
      const [west, south, east, north] = reprojectBounds(bounds, crs, 4326);
      return { bbox: { west, south, east, north }, tileBounds: bounds };
    }

    override getParentIndex(index: TileIndex): TileIndex {
      if (index.z === 0) return index;
      const [minX, minY, maxX, maxY] = tileBounds(set.tileMatrices[index.z] as (typeof set.tileMatrices)[number], index.x, index.y);
      const centre: Bounds = [(minX + maxX) / 2, (minY + maxY) / 2, (minX + maxX) / 2, (minY + maxY) / 2];
      const range = tileRange(set.tileMatrices[index.z - 1] as (typeof set.tileMatrices)[number], centre);
      return range ? { x: range[0], y: range[1], z: index.z - 1 } : { x: 0, y: 0, z: index.z - 1 };
    }
  };
}
