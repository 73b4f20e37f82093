import type { FileMetaData, RowGroup } from 'hyparquet';
import type { GeoColumnMetadata } from './geo-metadata.js';

/** A bounding box `[minX, minY, maxX, maxY]` in the geometry column's CRS. */
export type Bounds = readonly [number, number, number, number];

/** The GeoParquet 1.1 bbox covering: a top-level struct column and its xmin, ymin, xmax, ymax fields. */
export interface BboxCovering {
  readonly column: string;
  readonly fields: readonly [string, string, string, string];
}

/** The geometry column's bbox covering when it names one top-level struct column of the file, else undefined. */
export function bboxCoveringOf(column: GeoColumnMetadata, schemaNames: readonly string[]): BboxCovering | undefined {
  const paths = column.covering?.bbox;
  if (!paths) return undefined;
  const { xmin, ymin, xmax, ymax } = paths;
  const name = xmin[0] as string;
  if (![ymin, xmax, ymax].every((path) => path[0] === name) || !schemaNames.includes(name)) return undefined;
  return { column: name, fields: [xmin[1], ymin[1], xmax[1], ymax[1]] as [string, string, string, string] };
}

export function boundsIntersect(a: Bounds, b: Bounds): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

function statistic(group: RowGroup, path: string, which: 'min_value' | 'max_value'): number | undefined {
  const chunk = group.columns.find((column) => column.meta_data?.path_in_schema.join('.') === path);
  const value = chunk?.meta_data?.statistics?.[which];
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : undefined;
}

/**
 * What the covering statistics of a row group allow: its smallest `xmin`, `ymin` and largest `xmax`, `ymax` bound
 * every row, so a group whose box misses `bounds` is skipped without reading a page. Missing statistics keep it.
 */
function groupMayIntersect(group: RowGroup, covering: BboxCovering, bounds: Bounds): boolean {
  const [xmin, ymin, xmax, ymax] = covering.fields.map((field) => `${covering.column}.${field}`) as [string, string, string, string];
  const box = [
    statistic(group, xmin, 'min_value') ?? Number.NEGATIVE_INFINITY,
    statistic(group, ymin, 'min_value') ?? Number.NEGATIVE_INFINITY,
    statistic(group, xmax, 'max_value') ?? Number.POSITIVE_INFINITY,
    statistic(group, ymax, 'max_value') ?? Number.POSITIVE_INFINITY,
  ] as const;
  return boundsIntersect(box, bounds);
}

/**
 * The row ranges `[start, end)` to read: the row groups within `[first, last)` (clipped to it) whose covering
 * statistics may meet `bounds`, adjacent ones merged so each range is one read.
 */
export function rowRangesToRead(
  metadata: FileMetaData,
  first: number,
  last: number,
  filter?: { readonly covering: BboxCovering; readonly bounds: Bounds },
): [number, number][] {
  const ranges: [number, number][] = [];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const start = Math.max(first, groupStart);
    const end = Math.min(last, groupEnd);
    groupStart = groupEnd;
    if (start >= end || (filter && !groupMayIntersect(group, filter.covering, filter.bounds))) continue;
    const previous = ranges.at(-1);
    if (previous && previous[1] === start) previous[1] = end;
    else ranges.push([start, end]);
  }
  return ranges;
}

/** The box of a covering struct value (`{ xmin, ymin, xmax, ymax }`), or null for a null row. */
export function coveringBounds(value: unknown, covering: BboxCovering): Bounds | null {
  if (value === null || typeof value !== 'object') return null;
  const box = covering.fields.map((field) => Number((value as Record<string, unknown>)[field]));
  return box.some(Number.isNaN) ? null : (box as unknown as Bounds);
}

/** The box of interleaved xy coordinates from index `from`, or null when there is none. */
export function coordinateBounds(coordinates: readonly number[], from = 0): Bounds | null {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let index = from; index < coordinates.length; index += 2) {
    const x = coordinates[index] as number;
    const y = coordinates[index + 1] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}
