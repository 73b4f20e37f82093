import type { GeoTransform } from '@jumeau/core';

/** The part of a grid a polygon is scanned on: an axis-aligned transform and the size. */
export interface ScanGrid {
  readonly transform: GeoTransform;
  readonly width: number;
  readonly height: number;
}

/**
 * Calls `visit(cellIndex)` for every cell of an axis-aligned grid whose **centre** lies inside the polygon (even–odd
 * rule over all its rings, so holes and multipolygon parts work) — the "centre" rule of GDAL's rasterisation. The
 * polygon is given as interleaved coordinates (`stride` 2 or 3) and ring offsets `[ringStart, ringEnd)` in vertices.
 *
 * Scanline over the cell-centre rows of the polygon's bounding box: O(rows × edges + cells inside). Kept as one
 * loop because splitting it costs speed on 10⁵-building tables.
 */
export function forEachCellCentreInPolygon(
  grid: ScanGrid,
  coordinates: Float64Array,
  stride: number,
  ringOffsets: ArrayLike<number>,
  firstRing: number,
  lastRing: number,
  visit: (cellIndex: number) => void,
): void {
  const [originX, pixelWidth, , originY, , pixelHeight] = grid.transform;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const start = ringOffsets[firstRing] as number;
  const end = ringOffsets[lastRing] as number;
  for (let vertex = start; vertex < end; vertex += 1) {
    const y = coordinates[vertex * stride + 1] as number;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(minY <= maxY)) return;
  const rowA = (maxY - originY) / pixelHeight - 0.5;
  const rowB = (minY - originY) / pixelHeight - 0.5;
  const firstRow = Math.max(0, Math.ceil(Math.min(rowA, rowB)));
  const lastRow = Math.min(grid.height - 1, Math.floor(Math.max(rowA, rowB)));
  const crossings: number[] = [];
  for (let row = firstRow; row <= lastRow; row += 1) {
    const y = originY + (row + 0.5) * pixelHeight;
    crossings.length = 0;
    for (let ring = firstRing; ring < lastRing; ring += 1) {
      const ringStart = ringOffsets[ring] as number;
      const ringEnd = ringOffsets[ring + 1] as number;
      for (let vertex = ringStart; vertex < ringEnd; vertex += 1) {
        const next = vertex + 1 < ringEnd ? vertex + 1 : ringStart;
        const y1 = coordinates[vertex * stride + 1] as number;
        const y2 = coordinates[next * stride + 1] as number;
        // Half-open rule: an edge counts when y is in [min, max), so a vertex on the scanline is counted once.
        if (y1 <= y === y2 <= y) continue;
        const x1 = coordinates[vertex * stride] as number;
        const x2 = coordinates[next * stride] as number;
        crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let pair = 0; pair + 1 < crossings.length; pair += 2) {
      const columnA = ((crossings[pair] as number) - originX) / pixelWidth - 0.5;
      const columnB = ((crossings[pair + 1] as number) - originX) / pixelWidth - 0.5;
      // Half-open [left, right): a centre exactly on a left edge is inside, on a right edge outside (as PNPOLY).
      const firstColumn = Math.max(0, Math.ceil(Math.min(columnA, columnB)));
      const lastColumn = Math.min(grid.width - 1, Math.ceil(Math.max(columnA, columnB)) - 1);
      for (let column = firstColumn; column <= lastColumn; column += 1) visit(row * grid.width + column);
    }
  }
}
