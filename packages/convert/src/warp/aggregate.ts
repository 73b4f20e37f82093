import type { SourceView } from './source-view.js';

/*
 * Aggregating kernels (average, mode, min, max), after GDAL 3.6's GWKAverageOrModeThread: the footprint of a
 * target cell is the source-pixel box spanned by the images of its top-left and bottom-right corners; every
 * source cell that box touches takes part, weighted for `average` by the fraction of it inside the box.
 */

/** The source cells a target cell covers: columns `[columnStart, columnEnd)`, rows `[rowStart, rowEnd)`. */
export interface Footprint {
  columnStart: number;
  columnEnd: number;
  rowStart: number;
  rowEnd: number;
  /** The box in window pixel units (for the partial weights of its first and last cells). */
  minimumX: number;
  maximumX: number;
  minimumY: number;
  maximumY: number;
}

/** Sets `footprint` from the source positions of two opposite corners; false when GDAL would skip the cell. */
export function setFootprint(
  footprint: Footprint,
  view: SourceView,
  corners: readonly [x1: number, y1: number, x2: number, y2: number],
  margins: readonly [x: number, y: number],
): boolean {
  const [x1, y1, x2, y2] = corners;
  if (Number.isNaN(x1) || Number.isNaN(y1) || Number.isNaN(x2) || Number.isNaN(y2)) return false;
  const [marginX, marginY] = margins;
  const outside =
    Math.min(x1, x2) < -marginX ||
    Math.min(y1, y2) < -marginY ||
    Math.max(x1, x2) - view.width > marginX ||
    Math.max(y1, y2) - view.height > marginY;
  if (outside) return false;
  footprint.minimumX = Math.min(x1, x2);
  footprint.maximumX = Math.max(x1, x2);
  footprint.minimumY = Math.min(y1, y2);
  footprint.maximumY = Math.max(y1, y2);
  footprint.columnStart = Math.trunc(Math.min(Math.max(Math.floor(footprint.minimumX + 1e-10), 0), view.width));
  footprint.columnEnd = Math.min(Math.ceil(footprint.maximumX - 1e-10), view.width);
  if (footprint.columnStart === footprint.columnEnd && footprint.columnEnd < view.width) footprint.columnEnd += 1;
  footprint.rowStart = Math.trunc(Math.min(Math.max(Math.floor(footprint.minimumY + 1e-10), 0), view.height));
  footprint.rowEnd = Math.min(Math.ceil(footprint.maximumY - 1e-10), view.height);
  if (footprint.rowStart === footprint.rowEnd && footprint.rowEnd < view.height) footprint.rowEnd += 1;
  return true;
}

/** GDAL's partial weight of a footprint's row or column (its `COMPUTE_WEIGHT_Y` macro). */
function edgeWeight(index: number, start: number, end: number, minimum: number, maximum: number): number {
  if (index === start) return start + 1 === end ? 1 : 1 - (minimum - start);
  if (index + 1 === end) return 1 - (end - maximum);
  return 1;
}

/** Area-weighted mean of the valid cells of the footprint, NaN when none is valid. */
export function averageFootprint(view: SourceView, footprint: Footprint): number {
  const { data, valid, stride } = view;
  let total = 0;
  let totalWeight = 0;
  for (let row = footprint.rowStart; row < footprint.rowEnd; row += 1) {
    const weightY = edgeWeight(row, footprint.rowStart, footprint.rowEnd, footprint.minimumY, footprint.maximumY);
    const offset = (view.row + row) * stride + view.column;
    for (let column = footprint.columnStart; column < footprint.columnEnd; column += 1) {
      if (valid !== null && valid[offset + column] !== 1) continue;
      const weight = weightY * edgeWeight(column, footprint.columnStart, footprint.columnEnd, footprint.minimumX, footprint.maximumX);
      totalWeight += weight;
      total += (data[offset + column] as number) * weight;
    }
  }
  return totalWeight > 0 ? total / totalWeight : Number.NaN;
}

/** Minimum (`sign` = 1) or maximum (`sign` = −1) of the valid cells of the footprint, NaN when none. */
export function extremumFootprint(view: SourceView, footprint: Footprint, sign: 1 | -1): number {
  const { data, valid, stride } = view;
  let best = Number.NaN;
  for (let row = footprint.rowStart; row < footprint.rowEnd; row += 1) {
    const offset = (view.row + row) * stride + view.column;
    for (let column = footprint.columnStart; column < footprint.columnEnd; column += 1) {
      if (valid !== null && valid[offset + column] !== 1) continue;
      const value = data[offset + column] as number;
      if (Number.isNaN(best) || (sign === 1 ? value < best : value > best)) best = value;
    }
  }
  return best;
}

/**
 * The most frequent valid value of the footprint, NaN when none. Ties go to the value that first reached the
 * winning count in row-major order (GDAL's rule). Values are compared as Float32 for float grids, as GDAL does.
 */
export function modeFootprint(view: SourceView, footprint: Footprint, counts: Map<number, number>): number {
  const { data, valid, stride } = view;
  const asFloat32 = data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array;
  counts.clear();
  let best = Number.NaN;
  let bestCount = 0;
  for (let row = footprint.rowStart; row < footprint.rowEnd; row += 1) {
    const offset = (view.row + row) * stride + view.column;
    for (let column = footprint.columnStart; column < footprint.columnEnd; column += 1) {
      if (valid !== null && valid[offset + column] !== 1) continue;
      const raw = data[offset + column] as number;
      const value = asFloat32 ? Math.fround(raw) : Math.trunc(raw);
      const count = (counts.get(value) ?? 0) + 1;
      counts.set(value, count);
      if (count > bestCount) {
        bestCount = count;
        best = value;
      }
    }
  }
  return best;
}
