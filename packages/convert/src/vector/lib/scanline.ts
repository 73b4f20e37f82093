import type { FeatureScratch } from './feature-scratch.js';

/** Receives one run of filled cells `[firstColumn, lastColumn]` (inclusive) on `row`. */
export type SpanCallback = (row: number, firstColumn: number, lastColumn: number) => void;

let intersections = new Float64Array(256);

/**
 * Fills a polygon (all rings of a feature, even-odd) with the centre rule, exactly as GDAL's
 * `GDALdllImageFilledPolygon`: a cell is in when its centre is inside; on each row the crossings at the centre
 * height `row + 0.5` are sorted and cells from `floor(x₁ + 0.5)` to `floor(x₂ + 0.5) − 1` are filled. Edges are
 * half-open in y (`y₁ ≤ yc < y₂`) so a vertex exactly on a centre line counts once, and a horizontal edge lying
 * on a centre line is filled when it runs right-to-left (GDAL's bottom-edge rule), so shared borders between
 * adjacent polygons give each cell to exactly one of them.
 *
 * One function on purpose: this is the hot loop of rasterize and zonal statistics.
 */
export function fillPolygonSpans(shape: FeatureScratch, width: number, height: number, onSpan: SpanCallback): void {
  const { columns, rows, partStarts, partCount } = shape;
  const vertexCount = partStarts[partCount] as number;
  if (vertexCount < 3) return;
  let minimumRow = Number.POSITIVE_INFINITY;
  let maximumRow = Number.NEGATIVE_INFINITY;
  for (let vertex = 0; vertex < vertexCount; vertex += 1) {
    const y = rows[vertex] as number;
    if (y < minimumRow) minimumRow = y;
    if (y > maximumRow) maximumRow = y;
  }
  const firstRow = Math.max(0, Math.trunc(minimumRow));
  const lastRow = Math.min(height - 1, Math.trunc(maximumRow));
  if (intersections.length < vertexCount) intersections = new Float64Array(vertexCount * 2);
  for (let row = firstRow; row <= lastRow; row += 1) {
    const centreY = row + 0.5;
    let count = 0;
    for (let part = 0; part < partCount; part += 1) {
      const start = partStarts[part] as number;
      const end = partStarts[part + 1] as number;
      for (let vertex = start; vertex < end; vertex += 1) {
        const previous = vertex === start ? end - 1 : vertex - 1;
        let y1 = rows[previous] as number;
        let y2 = rows[vertex] as number;
        if ((y1 < centreY && y2 < centreY) || (y1 > centreY && y2 > centreY)) continue;
        let x1: number;
        let x2: number;
        if (y1 < y2) {
          x1 = columns[previous] as number;
          x2 = columns[vertex] as number;
        } else if (y1 > y2) {
          const swap = y1;
          y1 = y2;
          y2 = swap;
          x1 = columns[vertex] as number;
          x2 = columns[previous] as number;
        } else {
          const xPrevious = columns[previous] as number;
          const xCurrent = columns[vertex] as number;
          if (xPrevious > xCurrent) {
            const left = Math.floor(xCurrent + 0.5);
            const right = Math.floor(xPrevious + 0.5);
            if (left <= width - 1 && right > 0) onSpan(row, Math.max(0, left), Math.min(width - 1, right - 1));
          }
          continue;
        }
        if (centreY < y2 && centreY >= y1) intersections[count++] = ((centreY - y1) * (x2 - x1)) / (y2 - y1) + x1;
      }
    }
    const sorted = intersections.subarray(0, count).sort();
    for (let index = 0; index + 1 < count; index += 2) {
      const left = Math.floor((sorted[index] as number) + 0.5);
      const right = Math.floor((sorted[index + 1] as number) + 0.5);
      if (left <= width - 1 && right > 0 && right > left) onSpan(row, Math.max(0, left), Math.min(width - 1, right - 1));
    }
  }
}
