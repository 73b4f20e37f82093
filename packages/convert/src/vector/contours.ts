import { Float64, vectorFromArray } from 'apache-arrow';
import { z } from 'zod';
import { JumeauError, cellToWorld, isNodata, validate, type FeatureTable, type Grid } from '@jumeau/core';
import { createGeometryBuilder, featureTableFromBuilder } from './lib/feature-table-builder.js';

/** Options of {@link contours}: give `interval` (with optional `base`) or explicit `levels`. */
export interface ContoursOptions {
  /** Spacing of the levels, in the grid's value units (e.g. 5 for 5 m contours). */
  readonly interval?: number;
  /** A level every `interval` from this value (default 0). */
  readonly base?: number;
  /** Explicit levels. */
  readonly levels?: readonly number[];
  /** Only `lines` (isolines) so far. */
  readonly mode?: 'lines';
}

const optionsSchema = z
  .object({
    interval: z.number().positive().finite().optional(),
    base: z.number().finite().default(0),
    levels: z.array(z.number().finite()).min(1).optional(),
    mode: z.literal('lines').default('lines'),
  })
  .refine((value) => value.interval !== undefined || value.levels !== undefined, 'give interval or levels');

/**
 * Isolines by marching squares on the cell centres (as `gdal_contour`): a corner is "above" when its value is ≥
 * the level, crossings are interpolated linearly along square edges, squares with a nodata/NaN corner are skipped
 * (lines stop there). Saddles (two opposite corners above) are resolved with the mean of the four corners: when the
 * mean is above the level the above corners are joined through the square's centre. Returns a
 * `geoarrow.linestring` table with `level`, one row per polyline (closed lines repeat their first point).
 *
 * @example
 * ```ts
 * const isolines = contours(dem, { interval: 5 }) // 5 m contours, column `level`
 * ```
 */
export function contours(grid: Grid, options: ContoursOptions): FeatureTable {
  const parsed = validate(optionsSchema, options, 'contour options');
  const levels = parsed.levels ? [...parsed.levels].sort((a, b) => a - b) : intervalLevels(grid, parsed.interval as number, parsed.base);
  const builder = createGeometryBuilder('geoarrow.linestring', 1);
  const levelColumn: number[] = [];
  for (const level of levels) {
    for (const line of traceLevel(grid, level)) {
      for (let index = 0; index < line.length; index += 2) {
        const [x, y] = cellToWorld(grid.transform, (line[index] as number) + 0.5, (line[index + 1] as number) + 0.5);
        builder.coordinates.push(x, y);
      }
      (builder.offsets[0] as number[]).push(builder.coordinates.length / 2);
      levelColumn.push(level);
    }
  }
  return featureTableFromBuilder(builder, grid.crs, { level: vectorFromArray(levelColumn, new Float64()) });
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

/**
 * Segment table of one level, then chained into polylines. Edge ids: the horizontal edge right of centre (i, j) is
 * 2·(j·W + i), the vertical edge below it 2·(j·W + i) + 1; each segment joins two edge crossings.
 * One function for the square loop: it is the hot path.
 */
function traceLevel(grid: Grid, level: number): number[][] {
  const { width, height, data, nodata } = grid;
  const segmentEdges: number[] = [];
  const crossing = new Map<number, [number, number]>();
  const point = (edge: number): void => {
    if (crossing.has(edge)) return;
    const cell = edge >> 1;
    const column = cell % width;
    const row = (cell - column) / width;
    const a = data[cell] as number;
    const b = (edge & 1) === 0 ? (data[cell + 1] as number) : (data[cell + width] as number);
    const t = (level - a) / (b - a);
    crossing.set(edge, (edge & 1) === 0 ? [column + t, row] : [column, row + t]);
  };
  for (let row = 0; row + 1 < height; row += 1) {
    for (let column = 0; column + 1 < width; column += 1) {
      const topLeft = row * width + column;
      const values = [data[topLeft], data[topLeft + 1], data[topLeft + width + 1], data[topLeft + width]] as number[];
      if (values.some((value) => isNodata(value, nodata))) continue;
      const code =
        (values[0]! >= level ? 1 : 0) | (values[1]! >= level ? 2 : 0) | (values[2]! >= level ? 4 : 0) | (values[3]! >= level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // Square edges: top, right, bottom, left.
      const edges = [2 * topLeft, 2 * (topLeft + 1) + 1, 2 * (topLeft + width), 2 * topLeft + 1];
      const pairs = squareSegments(code, (values[0]! + values[1]! + values[2]! + values[3]!) / 4 >= level);
      for (const [from, to] of pairs) {
        point(edges[from] as number);
        point(edges[to] as number);
        segmentEdges.push(edges[from] as number, edges[to] as number);
      }
    }
  }
  return chainSegments(segmentEdges, crossing);
}

/** Pairs of square edges (0 top, 1 right, 2 bottom, 3 left) crossed by the level, per corner code. */
function squareSegments(code: number, centreAbove: boolean): [number, number][] {
  const single: Record<number, [number, number]> = {
    1: [3, 0],
    2: [0, 1],
    3: [3, 1],
    4: [1, 2],
    6: [0, 2],
    7: [3, 2],
    8: [2, 3],
    9: [2, 0],
    11: [2, 1],
    12: [1, 3],
    13: [1, 0],
    14: [0, 3],
  };
  if (code === 5)
    return centreAbove
      ? [
          [3, 2],
          [1, 0],
        ]
      : [
          [3, 0],
          [1, 2],
        ];
  if (code === 10)
    return centreAbove
      ? [
          [0, 3],
          [2, 1],
        ]
      : [
          [0, 1],
          [2, 3],
        ];
  return [single[code] as [number, number]];
}

function chainSegments(segmentEdges: readonly number[], crossing: Map<number, [number, number]>): number[][] {
  const byEdge = new Map<number, number[]>();
  for (let segment = 0; segment < segmentEdges.length / 2; segment += 1) {
    for (const end of [0, 1]) {
      const edge = segmentEdges[segment * 2 + end] as number;
      const list = byEdge.get(edge);
      if (list) list.push(segment);
      else byEdge.set(edge, [segment]);
    }
  }
  const used = new Uint8Array(segmentEdges.length / 2);
  const lines: number[][] = [];
  const walk = (segment: number, fromEdge: number): number[] => {
    const edges: number[] = [];
    let current = segment;
    let entry = fromEdge;
    while (current !== -1 && used[current] === 0) {
      used[current] = 1;
      const exit = segmentEdges[current * 2] === entry ? (segmentEdges[current * 2 + 1] as number) : (segmentEdges[current * 2] as number);
      edges.push(exit);
      entry = exit;
      current = (byEdge.get(exit) ?? []).find((candidate) => used[candidate] === 0) ?? -1;
    }
    return edges;
  };
  for (let segment = 0; segment < used.length; segment += 1) {
    if (used[segment] === 1) continue;
    const start = segmentEdges[segment * 2] as number;
    const forward = walk(segment, start);
    const backwardStart = (byEdge.get(start) ?? []).find((candidate) => used[candidate] === 0);
    const backward = backwardStart === undefined ? [] : walk(backwardStart, start);
    const edges = [...backward.reverse(), start, ...forward];
    const line: number[] = [];
    for (const edge of edges) line.push(...(crossing.get(edge) as [number, number]));
    lines.push(line);
  }
  return lines;
}
