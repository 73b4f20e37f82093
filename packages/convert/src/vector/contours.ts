import { Float64, vectorFromArray } from 'apache-arrow';
import { z } from 'zod';
import { JumeauError, cellToWorld, isNodata, validate, type FeatureTable, type Grid } from '@jumeau/core';
import { createGeometryBuilder, featureTableFromBuilder } from './lib/feature-table-builder.js';
import { createContourLattice } from './lib/contour-lattice.js';
import { appendLevelSegments, createSegments, type SaddleRule } from './lib/contour-segments.js';
import { chainSegments } from './lib/chain-segments.js';
import { isobands, type Band } from './isobands.js';

/** Options of {@link contours}: give `interval` (with optional `base`) or explicit `levels`. */
export interface ContoursOptions {
  /** Spacing of the levels, in the grid's value units (e.g. 5 for 5 m contours). */
  readonly interval?: number;
  /** A level every `interval` from this value (default 0). */
  readonly base?: number;
  /** Explicit levels. */
  readonly levels?: readonly number[];
  /** `lines` (isolines, default) or `bands` (isoband polygons between consecutive levels). */
  readonly mode?: 'lines' | 'bands';
  /**
   * Saddle squares: `centre-mean` (default) joins the above corners when the mean of the four corners is ≥ the
   * level; `gdal` always joins the top-left and bottom-right corners, which is what `gdal_contour` 3.6 draws
   * (choose it to reproduce GDAL's output exactly).
   */
  readonly saddles?: SaddleRule;
}

const optionsSchema = z
  .object({
    interval: z.number().positive().finite().optional(),
    base: z.number().finite().default(0),
    levels: z.array(z.number().finite()).min(1).optional(),
    mode: z.enum(['lines', 'bands']).default('lines'),
    saddles: z.enum(['centre-mean', 'gdal']).default('centre-mean'),
  })
  .refine((value) => value.interval !== undefined || value.levels !== undefined, 'give interval or levels');

/**
 * Isolines or isobands by marching squares on the cell centres, as `gdal_contour` draws them: a corner is "above"
 * when its value is ≥ the level, crossings are interpolated linearly along square edges, saddles (two opposite
 * corners above) are resolved by the mean of the four corners (≥ the level: the above corners are joined through
 * the centre). The outer cells are repeated on the raster border, half a cell out, so lines and bands reach the
 * raster edge and end perpendicular to it (GDAL's convention: a line's end point on the border has the same y, or
 * x, as its crossing between the outer centres). Squares with a nodata or NaN corner are skipped: lines stop
 * there and bands are closed along them.
 *
 * - `lines`: a `geoarrow.linestring` table with `level`, one row per polyline (closed lines repeat their first
 *   point).
 * - `bands`: a `geoarrow.multipolygon` table with `min` and `max`, one row per non-empty band `min ≤ value < max`
 *   (as `gdal_contour -p -amin min -amax max`): with `interval`, bands are [k·interval, (k+1)·interval) + base
 *   covering the data; with `levels`, the bands below the first and above the last level are open (`min` −∞,
 *   `max` +∞). Outer rings counter-clockwise, holes clockwise, rings closed, no self-intersection.
 *
 * @example
 * ```ts
 * const isolines = contours(dem, { interval: 5 }) // 5 m contours, column `level`
 * const floodBands = contours(dem, { levels: [0, 2, 4], mode: 'bands' }) // < 0 m, 0–2 m, 2–4 m, ≥ 4 m
 * ```
 */
export function contours(grid: Grid, options: ContoursOptions): FeatureTable {
  const parsed = validate(optionsSchema, options, 'contour options');
  const levels = parsed.levels
    ? [...new Set(parsed.levels)].sort((a, b) => a - b)
    : intervalLevels(grid, parsed.interval as number, parsed.base);
  if (parsed.mode === 'bands') return isobands(grid, bandsFor(levels, parsed.levels ? undefined : parsed.interval), parsed.saddles);
  const lattice = createContourLattice(grid);
  const builder = createGeometryBuilder('geoarrow.linestring', 1);
  const levelColumn: number[] = [];
  for (const level of levels) {
    const segments = createSegments();
    appendLevelSegments(lattice, level, 0, false, segments, parsed.saddles);
    for (const line of chainSegments(segments)) {
      for (let index = 0; index < line.coordinates.length; index += 2) {
        builder.coordinates.push(...cellToWorld(grid.transform, line.coordinates[index] as number, line.coordinates[index + 1] as number));
      }
      (builder.offsets[0] as number[]).push(builder.coordinates.length / 2);
      levelColumn.push(level);
    }
  }
  return featureTableFromBuilder(builder, grid.crs, { level: vectorFromArray(levelColumn, new Float64()) });
}

/** Bands between consecutive levels; with an interval, closed by one more level on each side, else open. */
function bandsFor(levels: readonly number[], interval: number | undefined): Band[] {
  if (levels.length === 0) return [];
  const below = interval === undefined ? Number.NEGATIVE_INFINITY : (levels[0] as number) - interval;
  const above = interval === undefined ? Number.POSITIVE_INFINITY : (levels.at(-1) as number) + interval;
  const bounds = [below, ...levels, above];
  return bounds.slice(0, -1).map((minimum, index) => ({ minimum, maximum: bounds[index + 1] as number }));
}

function intervalLevels(grid: Grid, interval: number, base: number): number[] {
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of grid.data) {
    if (isNodata(value, grid.nodata)) continue;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const levels: number[] = [];
  if (minimum > maximum) return levels;
  const count = Math.floor((maximum - base) / interval) - Math.ceil((minimum - base) / interval) + 1;
  if (count > 100_000) throw new JumeauError('too-large', `Interval ${interval} gives ${count} levels (more than 100 000)`);
  for (let step = Math.ceil((minimum - base) / interval); base + step * interval <= maximum; step += 1) levels.push(base + step * interval);
  return levels;
}
