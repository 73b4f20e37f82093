import type { FeatureScratch } from './feature-scratch.js';

/** Receives one cell (column, row) inside the grid. */
export type CellCallback = (column: number, row: number) => void;

/**
 * Burns the lines of a feature as `gdal_rasterize` does without `-at` (`GDALdllImageLine`): Bresenham between the
 * cells holding each vertex (`floor` of the pixel coordinates); a segment's end cell is left to the next segment
 * except on the last one, so intermediate vertices are burnt once. Ties of the error term step the minor axis
 * (`error >= 0`): that is what GDAL 3.6 burns on every direction of segment (measured cell for cell, see
 * test/vector-rasterize.test.ts), and it halves a one-cell offset symmetrically along the line.
 */
export function traceLineCells(shape: FeatureScratch, width: number, height: number, onCell: CellCallback): void {
  const { columns, rows, partStarts, partCount } = shape;
  for (let part = 0; part < partCount; part += 1) {
    const start = partStarts[part] as number;
    const end = partStarts[part + 1] as number;
    for (let vertex = start + 1; vertex < end; vertex += 1) {
      bresenham(
        Math.floor(columns[vertex - 1] as number),
        Math.floor(rows[vertex - 1] as number),
        Math.floor(columns[vertex] as number),
        Math.floor(rows[vertex] as number),
        vertex === end - 1,
        width,
        height,
        onCell,
      );
    }
  }
}

function bresenham(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  includeEnd: boolean,
  width: number,
  height: number,
  onCell: CellCallback,
): void {
  const deltaX = Math.abs(x1 - x0);
  const deltaY = Math.abs(y1 - y0);
  const stepX = x0 > x1 ? -1 : 1;
  const stepY = y0 > y1 ? -1 : 1;
  let x = x0;
  let y = y0;
  const xMajor = deltaX >= deltaY;
  const major = xMajor ? deltaX : deltaY;
  const minor = xMajor ? deltaY : deltaX;
  const minorError = minor << 1;
  const majorError = minorError - (major << 1);
  let error = minorError - major;
  let steps = includeEnd ? major : major - 1;
  while (steps-- >= 0) {
    if (x >= 0 && x < width && y >= 0 && y < height) onCell(x, y);
    if (error >= 0) {
      if (xMajor) y += stepY;
      else x += stepX;
      error += majorError;
    } else error += minorError;
    if (xMajor) x += stepX;
    else y += stepY;
  }
}

/**
 * Every cell a segment touches (GDAL `-at` semantics): the segment is cut at each row boundary and, inside a row
 * band, every column between its two ends is taken. A segment running exactly along a cell border touches the
 * cells on both sides; a segment through a cell corner touches the two cells diagonal to its path as well.
 */
export function traceTouchedCells(shape: FeatureScratch, closed: boolean, width: number, height: number, onCell: CellCallback): void {
  const { columns, rows, partStarts, partCount } = shape;
  for (let part = 0; part < partCount; part += 1) {
    const start = partStarts[part] as number;
    const end = partStarts[part + 1] as number;
    if (end - start === 1)
      touchSegment(columns[start] as number, rows[start] as number, columns[start] as number, rows[start] as number, width, height, onCell);
    for (let vertex = start + 1; vertex < end; vertex += 1) {
      touchSegment(
        columns[vertex - 1] as number,
        rows[vertex - 1] as number,
        columns[vertex] as number,
        rows[vertex] as number,
        width,
        height,
        onCell,
      );
    }
    if (closed && end - start > 2) {
      touchSegment(
        columns[end - 1] as number,
        rows[end - 1] as number,
        columns[start] as number,
        rows[start] as number,
        width,
        height,
        onCell,
      );
    }
  }
}

function touchSegment(xa: number, ya: number, xb: number, yb: number, width: number, height: number, onCell: CellCallback): void {
  if (ya > yb) {
    touchSegment(xb, yb, xa, ya, width, height, onCell);
    return;
  }
  const firstRow = Math.max(0, Math.floor(ya));
  const lastRow = Math.min(height - 1, Math.floor(yb));
  const slope = yb === ya ? 0 : (xb - xa) / (yb - ya);
  for (let row = firstRow; row <= lastRow; row += 1) {
    const bandTop = Math.max(ya, row);
    const bandBottom = Math.min(yb, row + 1);
    if (bandBottom < bandTop) continue;
    const xTop = yb === ya ? xa : xa + (bandTop - ya) * slope;
    const xBottom = yb === ya ? xb : xa + (bandBottom - ya) * slope;
    const left = Math.max(0, Math.floor(Math.min(xTop, xBottom)));
    const right = Math.min(width - 1, Math.floor(Math.max(xTop, xBottom)));
    for (let column = left; column <= right; column += 1) onCell(column, row);
  }
}
