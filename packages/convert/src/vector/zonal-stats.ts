import { Float64, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { z } from 'zod';
import { JumeauError, describeGeometryColumn, geometryBuffers, isNodata, validate, type FeatureTable, type Grid } from '@jumeau/core';
import { accumulateCoverage } from './lib/coverage.js';
import { FeatureScratch } from './lib/feature-scratch.js';
import { invertGeoTransform } from './lib/pixel-space.js';
import { fillPolygonSpans } from './lib/scanline.js';
import { checkFrame } from './target-grid.js';

/** A statistic {@link zonalStats} computes. */
export type ZonalStatistic = 'count' | 'sum' | 'mean' | 'min' | 'max';

/** Options of {@link zonalStats}. */
export interface ZonalStatsOptions {
  /** Column of `zones` whose values key the result (e.g. the INSEE `code`). Default: the row number. */
  readonly id?: string;
  /** Default all five. */
  readonly statistics?: readonly ZonalStatistic[];
  /**
   * `centre`: a cell belongs to a zone when its centre is inside (GDAL's rasterize rule), weight 1.
   * `area`: every cell the zone touches, weighted by the exact fraction of its area inside the zone.
   */
  readonly weighting?: 'centre' | 'area';
}

const optionsSchema = z.object({
  id: z.string().min(1).optional(),
  statistics: z
    .array(z.enum(['count', 'sum', 'mean', 'min', 'max']))
    .min(1)
    .default(['count', 'sum', 'mean', 'min', 'max']),
  weighting: z.enum(['centre', 'area']).default('centre'),
});

/** Running weighted statistics of one zone. */
class Accumulator {
  weight = 0;
  sum = 0;
  minimum = Number.POSITIVE_INFINITY;
  maximum = Number.NEGATIVE_INFINITY;
  add(value: number, weight: number): void {
    this.weight += weight;
    this.sum += value * weight;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
  }
}

/**
 * Statistics of a grid's values inside each polygon of `zones`: count (cells, or covered cell fractions with
 * `area` weighting), sum, mean (= sum / count), min and max of the cells with a non-zero weight. Nodata and NaN
 * cells are ignored. Returns an Arrow table with the id column and one Float64 column per statistic (null when
 * the zone holds no valid cell). Zones must be in the grid's CRS.
 *
 * @example
 * ```ts
 * const heights = zonalStats(dem, communes, { id: 'dist_code', statistics: ['mean', 'max'], weighting: 'area' })
 * heights.getChild('mean')?.get(0) // mean height (m) of the first commune
 * ```
 */
export function zonalStats(grid: Grid, zones: FeatureTable, options: ZonalStatsOptions = {}): Table {
  const parsed = validate(optionsSchema, options, 'zonal statistics options');
  checkFrame(grid, zones, 'grid');
  if (!describeGeometryColumn(zones).encoding.includes('polygon')) {
    throw new JumeauError('input', `Zones must be polygons, not ${describeGeometryColumn(zones).encoding}`);
  }
  const idColumn = parsed.id === undefined ? null : zones.getChild(parsed.id);
  if (parsed.id !== undefined && !idColumn) {
    throw new JumeauError(
      'input',
      `Id column "${parsed.id}" is not in the zones (columns: ${zones.schema.fields.map((field) => field.name).join(', ')})`,
    );
  }
  const accumulators = parsed.weighting === 'centre' ? accumulateByCentre(grid, zones) : accumulateByArea(grid, zones);
  const columns: Record<string, Vector> = {};
  const ids = accumulators.map((_, row) => (idColumn ? (idColumn.get(row) as unknown) : row));
  columns[parsed.id ?? 'row'] = ids.every((id) => typeof id === 'number' || id === null)
    ? vectorFromArray(ids as (number | null)[], new Float64())
    : vectorFromArray(
        ids.map((id) => (id === null ? null : String(id))),
        new Utf8(),
      );
  for (const statistic of parsed.statistics) {
    columns[statistic] = vectorFromArray(
      accumulators.map((accumulator) => statisticOf(accumulator, statistic)),
      new Float64(),
    );
  }
  return new Table(columns);
}

function statisticOf(accumulator: Accumulator, statistic: ZonalStatistic): number | null {
  if (statistic === 'count') return accumulator.weight;
  if (accumulator.weight === 0) return null;
  if (statistic === 'sum') return accumulator.sum;
  if (statistic === 'mean') return accumulator.sum / accumulator.weight;
  return statistic === 'min' ? accumulator.minimum : accumulator.maximum;
}

function accumulateByCentre(grid: Grid, zones: FeatureTable): Accumulator[] {
  const inverse = invertGeoTransform(grid.transform);
  const shape = new FeatureScratch();
  const result: Accumulator[] = [];
  const { data, nodata, width } = grid;
  for (const buffers of geometryBuffers(zones)) {
    for (let row = 0; row < buffers.length; row += 1) {
      const accumulator = new Accumulator();
      result.push(accumulator);
      if (!shape.load(buffers, row, inverse)) continue;
      fillPolygonSpans(shape, grid.width, grid.height, (gridRow, first, last) => {
        for (let cell = gridRow * width + first; cell <= gridRow * width + last; cell += 1) {
          const value = data[cell] as number;
          if (!isNodata(value, nodata)) accumulator.add(value, 1);
        }
      });
    }
  }
  return result;
}

function accumulateByArea(grid: Grid, zones: FeatureTable): Accumulator[] {
  const inverse = invertGeoTransform(grid.transform);
  const shape = new FeatureScratch();
  const result: Accumulator[] = [];
  let coverage = new Float64Array(0);
  for (const buffers of geometryBuffers(zones)) {
    for (let row = 0; row < buffers.length; row += 1) {
      const accumulator = new Accumulator();
      result.push(accumulator);
      if (!shape.load(buffers, row, inverse) || shape.vertexCount === 0) continue;
      const window = pixelWindow(shape, grid.width, grid.height);
      if (window.width <= 0 || window.height <= 0) continue;
      const size = (window.width + 2) * window.height;
      if (coverage.length < size) coverage = new Float64Array(size);
      accumulateCoverage(shape, window, coverage);
      for (let windowRow = 0; windowRow < window.height; windowRow += 1) {
        for (let windowColumn = 0; windowColumn < window.width; windowColumn += 1) {
          const fraction = Math.min(1, coverage[windowRow * (window.width + 2) + windowColumn] as number);
          if (fraction <= 1e-12) continue;
          const value = grid.data[(window.row + windowRow) * grid.width + window.column + windowColumn] as number;
          if (!isNodata(value, grid.nodata)) accumulator.add(value, fraction);
        }
      }
    }
  }
  return result;
}

function pixelWindow(shape: FeatureScratch, width: number, height: number): { column: number; row: number; width: number; height: number } {
  let minimumColumn = Number.POSITIVE_INFINITY;
  let maximumColumn = Number.NEGATIVE_INFINITY;
  let minimumRow = Number.POSITIVE_INFINITY;
  let maximumRow = Number.NEGATIVE_INFINITY;
  for (let vertex = 0; vertex < shape.vertexCount; vertex += 1) {
    const column = shape.columns[vertex] as number;
    const row = shape.rows[vertex] as number;
    if (column < minimumColumn) minimumColumn = column;
    if (column > maximumColumn) maximumColumn = column;
    if (row < minimumRow) minimumRow = row;
    if (row > maximumRow) maximumRow = row;
  }
  const column = Math.max(0, Math.floor(minimumColumn));
  const row = Math.max(0, Math.floor(minimumRow));
  return { column, row, width: Math.min(width, Math.ceil(maximumColumn)) - column, height: Math.min(height, Math.ceil(maximumRow)) - row };
}
