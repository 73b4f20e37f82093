import { JumeauError } from '../errors.js';
import { allocateGridArray, gridDataTypeOf } from './data-types.js';
import { cellToWorld, isAxisAligned, worldToCell } from './geometry.js';
import type { Bounds, CellWindow, GeoTransform, Grid, GridArray } from './types.js';

/**
 * Copies a window of cells into a new grid with the matching transform. The window must lie inside the grid.
 *
 * @example
 * ```ts
 * const tile = cropGrid(dem, { column: 100, row: 200, width: 256, height: 256 })
 * ```
 */
export function cropGrid<T extends GridArray>(grid: Grid<T>, window: CellWindow): Grid<T> {
  const { column, row, width, height } = window;
  const valid = [column, row, width, height].every(Number.isSafeInteger);
  if (!valid || column < 0 || row < 0 || width <= 0 || height <= 0 || column + width > grid.width || row + height > grid.height) {
    throw new JumeauError(
      'input',
      `The window (column ${column}, row ${row}, ${width}×${height}) is not inside the ${grid.width}×${grid.height} grid`,
      { details: { ...window } },
    );
  }
  const data = allocateGridArray(gridDataTypeOf(grid.data), width * height) as T;
  for (let line = 0; line < height; line += 1) {
    const start = (row + line) * grid.width + column;
    data.set(grid.data.subarray(start, start + width), line * width);
  }
  const [x, y] = cellToWorld(grid.transform, column, row);
  const transform: GeoTransform = [x, grid.transform[1], grid.transform[2], y, grid.transform[4], grid.transform[5]];
  return { ...grid, width, height, transform, data };
}

/**
 * The smallest window of whole cells that covers `bounds` (in the grid's CRS), clipped to the grid; null when
 * they do not overlap. Works for axis-aligned grids.
 */
export function windowForBounds(grid: Pick<Grid, 'transform' | 'width' | 'height'>, bounds: Bounds): CellWindow | null {
  if (!isAxisAligned(grid.transform)) {
    throw new JumeauError('unsupported', 'windowForBounds needs an axis-aligned grid (no rotation terms)');
  }
  const [minX, minY, maxX, maxY] = bounds;
  const a = worldToCell(grid.transform, minX, minY);
  const b = worldToCell(grid.transform, maxX, maxY);
  const epsilon = 1e-9;
  const column0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) + epsilon));
  const row0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) + epsilon));
  const column1 = Math.min(grid.width, Math.ceil(Math.max(a[0], b[0]) - epsilon));
  const row1 = Math.min(grid.height, Math.ceil(Math.max(a[1], b[1]) - epsilon));
  if (column1 <= column0 || row1 <= row0) return null;
  return { column: column0, row: row0, width: column1 - column0, height: row1 - row0 };
}
