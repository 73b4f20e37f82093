import { JumeauError } from '../errors.js';
import type { Bounds, GeoTransform, Grid } from './types.js';

/**
 * World coordinates of a position in cell units (fractional; `(0, 0)` is the top-left corner of the grid,
 * `(column + 0.5, row + 0.5)` the centre of a cell).
 *
 * @example
 * ```ts
 * const [x, y] = cellToWorld(dem.transform, 10.5, 20.5) // centre of cell (10, 20)
 * ```
 */
export function cellToWorld(transform: GeoTransform, column: number, row: number): [x: number, y: number] {
  return [transform[0] + column * transform[1] + row * transform[2], transform[3] + column * transform[4] + row * transform[5]];
}

/**
 * Fractional cell position of world coordinates (inverse of {@link cellToWorld}). `Math.floor` of each gives the
 * cell that contains the point.
 */
export function worldToCell(transform: GeoTransform, x: number, y: number): [column: number, row: number] {
  const [originX, a, b, originY, d, e] = transform;
  const determinant = a * e - b * d;
  if (determinant === 0) throw new JumeauError('input', 'The grid transform is degenerate (determinant 0)');
  const dx = x - originX;
  const dy = y - originY;
  return [(e * dx - b * dy) / determinant, (a * dy - d * dx) / determinant];
}

/** The cell `[column, row]` containing a world point, or null when the point is outside the grid. */
export function cellAt(grid: Grid, x: number, y: number): [column: number, row: number] | null {
  const [fractionalColumn, fractionalRow] = worldToCell(grid.transform, x, y);
  const column = Math.floor(fractionalColumn);
  const row = Math.floor(fractionalRow);
  if (column < 0 || row < 0 || column >= grid.width || row >= grid.height) return null;
  return [column, row];
}

/** The value at a world point, or null outside the grid or on no data. */
export function sampleGrid(grid: Grid, x: number, y: number): number | null {
  const cell = cellAt(grid, x, y);
  if (!cell) return null;
  const value = grid.data[cell[1] * grid.width + cell[0]] as number;
  return isNodata(value, grid.nodata) ? null : value;
}

/** Bounds `[minX, minY, maxX, maxY]` of the whole grid (all four corners considered, so rotation is handled). */
export function gridBounds(grid: Pick<Grid, 'transform' | 'width' | 'height'>): Bounds {
  const corners = [
    cellToWorld(grid.transform, 0, 0),
    cellToWorld(grid.transform, grid.width, 0),
    cellToWorld(grid.transform, 0, grid.height),
    cellToWorld(grid.transform, grid.width, grid.height),
  ];
  const xs = corners.map((corner) => corner[0]);
  const ys = corners.map((corner) => corner[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** True when a transform has no rotation terms (north-up or south-up). */
export function isAxisAligned(transform: GeoTransform): boolean {
  return transform[2] === 0 && transform[4] === 0;
}

/** Area of one cell in squared CRS units (m² for projected CRSs). */
export function cellArea(transform: GeoTransform): number {
  return Math.abs(transform[1] * transform[5] - transform[2] * transform[4]);
}

/**
 * True when two grids share size, CRS and transform (to `tolerance` CRS units on the origin and `1e-9`
 * relative on the cell size), i.e. cell (i, j) of one covers exactly cell (i, j) of the other.
 */
export function isSameGrid(
  a: Pick<Grid, 'width' | 'height' | 'transform' | 'crs'>,
  b: Pick<Grid, 'width' | 'height' | 'transform' | 'crs'>,
  tolerance = 1e-6,
): boolean {
  if (a.width !== b.width || a.height !== b.height || a.crs !== b.crs) return false;
  const scale = Math.max(Math.abs(a.transform[1]), Math.abs(a.transform[5]));
  for (const index of [1, 2, 4, 5] as const) {
    if (Math.abs(a.transform[index] - b.transform[index]) > 1e-9 * scale) return false;
  }
  return Math.abs(a.transform[0] - b.transform[0]) <= tolerance && Math.abs(a.transform[3] - b.transform[3]) <= tolerance;
}

/** Throws an `input` error naming both grids when they are not {@link isSameGrid}. */
export function assertSameGrid(
  a: Pick<Grid, 'width' | 'height' | 'transform' | 'crs'>,
  b: Pick<Grid, 'width' | 'height' | 'transform' | 'crs'>,
  names: readonly [string, string] = ['first grid', 'second grid'],
): void {
  if (!isSameGrid(a, b)) {
    throw new JumeauError(
      'input',
      `The ${names[0]} (${a.width}×${a.height}, EPSG:${a.crs}, [${a.transform.join(', ')}]) and the ${names[1]} ` +
        `(${b.width}×${b.height}, EPSG:${b.crs}, [${b.transform.join(', ')}]) are not on the same grid; warp one first`,
    );
  }
}

/** True when `value` is no data: NaN, or equal to `nodata`. */
export function isNodata(value: number, nodata: number | null): boolean {
  return Number.isNaN(value) || (nodata !== null && value === nodata);
}
