import { latLngToCell } from 'h3-js';
import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { z } from 'zod';
import {
  JumeauError,
  cellToWorld,
  describeGeometryColumn,
  geometryBuffers,
  isNodata,
  validate,
  type FeatureTable,
  type Grid,
} from '@jumeau/core';
import { burnValues } from './lib/burn-values.js';
import { lonLatConverter } from './lib/to-lon-lat.js';

/** How the values falling into one H3 cell are combined. */
export type H3Aggregate = 'sum' | 'mean' | 'count' | 'min' | 'max';

/** Options of {@link toH3}. */
export interface ToH3Options {
  /** Default `sum`. */
  readonly aggregate?: H3Aggregate;
  /** For point tables: the numeric column to aggregate (not needed for `count`). */
  readonly value?: string;
}

const optionsSchema = z.object({
  aggregate: z.enum(['sum', 'mean', 'count', 'min', 'max']).default('sum'),
  value: z.string().min(1).optional(),
});

/** Per-H3-cell running aggregate. */
interface Bucket {
  count: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/**
 * Aggregates a grid (each valid cell's value at its centre) or a table of points (a value column) into H3 cells of
 * one resolution (0–15), with h3-js. Positions go to WGS84 longitude/latitude through proj4 and the core CRS
 * registry. Returns an Arrow table sorted by cell: `h3` (Utf8 index, e.g. "871f1d489ffffff"), `value` (Float64,
 * the aggregate) and `count` (Float64, how many cells or points fell in). `sum` preserves the total.
 *
 * @example
 * ```ts
 * const hexagons = toH3(population, 8, { aggregate: 'sum' }) // grid of inhabitants per 200 m cell
 * const fires = toH3(ignitions, 6, { aggregate: 'count' })
 * ```
 */
export function toH3(source: Grid | FeatureTable, resolution: number, options: ToH3Options = {}): Table {
  const parsed = validate(optionsSchema, options, 'H3 options');
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new JumeauError('input', `H3 resolution must be an integer 0…15, got ${resolution}`, { details: { resolution } });
  }
  const buckets = new Map<string, Bucket>();
  const add = (longitude: number, latitude: number, value: number): void => {
    const cell = latLngToCell(latitude, longitude, resolution);
    const bucket = buckets.get(cell);
    if (bucket === undefined) buckets.set(cell, { count: 1, sum: value, minimum: value, maximum: value });
    else {
      bucket.count += 1;
      bucket.sum += value;
      if (value < bucket.minimum) bucket.minimum = value;
      if (value > bucket.maximum) bucket.maximum = value;
    }
  };
  if (isGrid(source)) addGrid(source, add);
  else addPoints(source, parsed.value, parsed.aggregate, add);
  return bucketTable(buckets, parsed.aggregate);
}

function isGrid(source: Grid | FeatureTable): source is Grid {
  return (source as Grid).transform !== undefined && (source as Grid).data !== undefined && !(source instanceof Table);
}

function addGrid(grid: Grid, add: (longitude: number, latitude: number, value: number) => void): void {
  const toLonLat = lonLatConverter(grid.crs);
  for (let row = 0; row < grid.height; row += 1) {
    for (let column = 0; column < grid.width; column += 1) {
      const value = grid.data[row * grid.width + column] as number;
      if (isNodata(value, grid.nodata)) continue;
      const [x, y] = cellToWorld(grid.transform, column + 0.5, row + 0.5);
      const [longitude, latitude] = toLonLat(x, y);
      add(longitude, latitude, value);
    }
  }
}

function addPoints(
  table: FeatureTable,
  valueColumn: string | undefined,
  aggregate: H3Aggregate,
  add: (longitude: number, latitude: number, value: number) => void,
): void {
  const info = describeGeometryColumn(table);
  if (info.encoding !== 'geoarrow.point') throw new JumeauError('input', `toH3 takes a grid or a table of points, not ${info.encoding}`);
  if (valueColumn === undefined && aggregate !== 'count')
    throw new JumeauError('input', `toH3 of points with aggregate "${aggregate}" needs a value column`);
  const values = valueColumn === undefined ? 1 : burnValues(table, valueColumn);
  const toLonLat = lonLatConverter(info.crs ?? 4326);
  let rowOffset = 0;
  for (const buffers of geometryBuffers(table)) {
    for (let row = 0; row < buffers.length; row += 1) {
      const value = typeof values === 'number' ? values : (values[rowOffset + row] as number);
      if (!buffers.isValid(row) || Number.isNaN(value)) continue;
      const [longitude, latitude] = toLonLat(
        buffers.coordinates[row * buffers.stride] as number,
        buffers.coordinates[row * buffers.stride + 1] as number,
      );
      add(longitude, latitude, value);
    }
    rowOffset += buffers.length;
  }
}

function bucketTable(buckets: Map<string, Bucket>, aggregate: H3Aggregate): Table {
  const cells = [...buckets.keys()].sort();
  const value = (bucket: Bucket): number => {
    if (aggregate === 'sum') return bucket.sum;
    if (aggregate === 'mean') return bucket.sum / bucket.count;
    if (aggregate === 'count') return bucket.count;
    return aggregate === 'min' ? bucket.minimum : bucket.maximum;
  };
  return new Table({
    h3: vectorFromArray(cells, new Utf8()),
    value: vectorFromArray(
      cells.map((cell) => value(buckets.get(cell) as Bucket)),
      new Float64(),
    ),
    count: vectorFromArray(
      cells.map((cell) => (buckets.get(cell) as Bucket).count),
      new Float64(),
    ),
  });
}
