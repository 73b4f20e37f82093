import { isNodata, type Grid } from '@jumeau/core';

/**
 * The points marching squares runs on: the cell centres of a grid plus a ring of points ON the raster border
 * (half a cell outside the outer centres) carrying the value of the nearest cell. Squares between the border ring
 * and the first centres are half-cells, so contours reach the raster edge, ending perpendicular to it — the
 * convention of `gdal_contour` (GDAL ≥ 2.4 marching squares). Nodata and NaN values are stored as NaN.
 */
export interface ContourLattice {
  /** Points per row (grid width + 2) and per column (grid height + 2). */
  readonly columns: number;
  readonly rows: number;
  /** Pixel coordinate of each lattice column / row (0, 0.5, 1.5, …, width − 0.5, width). */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Values, row-major, NaN for nodata. */
  readonly values: Float64Array;
}

function positions(count: number): Float64Array {
  const out = new Float64Array(count + 2);
  for (let index = 1; index <= count; index += 1) out[index] = index - 0.5;
  out[count + 1] = count;
  return out;
}

/** Builds the lattice of a grid (one pass; the border ring repeats the outer cells). */
export function createContourLattice(grid: Grid): ContourLattice {
  const { width, height, data, nodata } = grid;
  const columns = width + 2;
  const rows = height + 2;
  const values = new Float64Array(columns * rows);
  for (let row = 0; row < rows; row += 1) {
    const sourceRow = Math.min(Math.max(row - 1, 0), height - 1);
    for (let column = 0; column < columns; column += 1) {
      const value = data[sourceRow * width + Math.min(Math.max(column - 1, 0), width - 1)] as number;
      values[row * columns + column] = isNodata(value, nodata) ? Number.NaN : value;
    }
  }
  return { columns, rows, xs: positions(width), ys: positions(height), values };
}

/** Whether the square whose top-left lattice point is `point` has four valid corners. */
export function isValidSquare(lattice: ContourLattice, point: number): boolean {
  const { values, columns } = lattice;
  return !(
    Number.isNaN(values[point] as number) ||
    Number.isNaN(values[point + 1] as number) ||
    Number.isNaN(values[point + columns] as number) ||
    Number.isNaN(values[point + columns + 1] as number)
  );
}
