/**
 * The shoreline at a horizon and what the band it takes holds: MobiTC rates moved to the horizon by
 * `projectShoreline` of @jumeau/simulate (PPRL practice: rate × years, accretion held at zero, plus Lmax), the band
 * burnt on the DEM grid (centre rule) and counted with the territory index — the same sums as a flood, so the numbers
 * equal `computeShorelineExposure` of @jumeau/simulate on the same inputs (see test/shoreline-retreat.test.ts).
 */
import { type FeatureTable, featureTableCrs, geometryBuffers } from '@jumeau/core';
import { type GridFrame, reprojectTable } from '@jumeau/convert';
import { type ShorelineRateMethod, type TransectRates, burnErosionBand, projectShoreline } from '@jumeau/simulate';
import { type LevelExposure, computeLevelExposure } from './level-exposure.js';
import type { TerritoryIndex } from './territory-index.js';

/** What {@link computeShorelineRetreat} takes. */
export interface ShorelineRetreatInput {
  readonly rates: readonly TransectRates[];
  /** Calendar year of the horizon. */
  readonly horizonYear: number;
  readonly method: ShorelineRateMethod;
  /** `Lmax`, metres. */
  readonly majorEventRetreatMetres: number;
  /** CRS of the transects (EPSG code). */
  readonly crs: number;
  /** The DEM's frame: the band is counted on its cells. */
  readonly frame: GridFrame;
  readonly index: TerritoryIndex;
}

/** Lines to draw, lon/lat degrees: `[x0, y0, x1, y1, …]` per line. */
export type LonLatPaths = Float64Array[];

/** What {@link computeShorelineRetreat} returns. */
export interface ShorelineRetreat {
  readonly horizonYear: number;
  /** Area of the band between today's and the projected shoreline (exact polygons), m². */
  readonly areaLostSquareMetres: number;
  /** Who and what stands in the band, per commune (last slot: outside every commune). */
  readonly exposure: LevelExposure;
  /** Transects with a rate, and the largest retreat among them, metres. */
  readonly transectCount: number;
  readonly maximumRetreatMetres: number;
  readonly currentLines: LonLatPaths;
  readonly projectedLines: LonLatPaths;
}

/** The lines of one `kind` of the projection's shorelines, lon/lat. */
function pathsOf(shorelines: FeatureTable, kind: 'current' | 'projected'): LonLatPaths {
  const lonLat = featureTableCrs(shorelines) === 4326 ? shorelines : reprojectTable(shorelines, 4326);
  const kinds = lonLat.getChild('kind')?.toArray() as string[] | undefined;
  const paths: LonLatPaths = [];
  let row = 0;
  for (const buffers of geometryBuffers(lonLat)) {
    const vertexOffsets = buffers.offsets[buffers.offsets.length - 1] as ArrayLike<number>;
    for (let line = 0; line + 1 < vertexOffsets.length; line += 1, row += 1) {
      if (kinds?.[row] !== kind) continue;
      const start = vertexOffsets[line] as number;
      const end = vertexOffsets[line + 1] as number;
      const path = new Float64Array((end - start) * 2);
      for (let vertex = start; vertex < end; vertex += 1) {
        path[(vertex - start) * 2] = buffers.coordinates[vertex * buffers.stride] as number;
        path[(vertex - start) * 2 + 1] = buffers.coordinates[vertex * buffers.stride + 1] as number;
      }
      paths.push(path);
    }
  }
  return paths;
}

/**
 * Projects the shoreline to `horizonYear` and counts the band on the DEM grid.
 *
 * @example
 * ```ts
 * const retreat = computeShorelineRetreat({ rates, horizonYear: 2100, method: 'end-point', majorEventRetreatMetres: 20, crs: 2154, frame: dem, index })
 * retreat.areaLostSquareMetres // 485 116 m² for the Camargue tutorial transects
 * ```
 */
export function computeShorelineRetreat(input: ShorelineRetreatInput): ShorelineRetreat {
  const projection = projectShoreline(input.rates, {
    horizonYear: input.horizonYear,
    method: input.method,
    majorEventRetreatMetres: input.majorEventRetreatMetres,
    crs: input.crs,
  });
  // The very cells computeShorelineExposure counts, as a 0/1 "depth" for the index's sums.
  const band = Float32Array.from(burnErosionBand(projection, input.frame).data);
  let maximumRetreatMetres = 0;
  for (const transect of projection.transects) maximumRetreatMetres = Math.max(maximumRetreatMetres, transect.retreatMetres);
  return {
    horizonYear: input.horizonYear,
    areaLostSquareMetres: projection.areaLostSquareMetres,
    exposure: computeLevelExposure(input.index, band, null),
    transectCount: projection.transects.length,
    maximumRetreatMetres,
    currentLines: pathsOf(projection.shorelines, 'current'),
    projectedLines: pathsOf(projection.shorelines, 'projected'),
  };
}
