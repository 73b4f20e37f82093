/** Where the sea comes from: the border, seed points, a sea mask, or nodata cells. */
import { JumeauError, isNodata, worldToCell, type Grid } from '@jumeau/core';
import { type CellStack, type FloodState, isFloodable } from './scanline-flood.js';

/** A seed point in the DEM's CRS (e.g. Lambert-93 metres). */
export interface SeedPoint {
  readonly x: number;
  readonly y: number;
}

/** Pushes every floodable border cell (the default sea: every border cell below the water level). */
export function seedBorder(state: FloodState, stack: CellStack): void {
  const { width, height, depth } = state;
  const lastRow = (height - 1) * width;
  for (let column = 0; column < width; column += 1) {
    if (isFloodable(state, column)) stack.push(column, depth);
    if (isFloodable(state, lastRow + column)) stack.push(lastRow + column, depth);
  }
  for (let row = 1; row < height - 1; row += 1) {
    if (isFloodable(state, row * width)) stack.push(row * width, depth);
    if (isFloodable(state, row * width + width - 1)) stack.push(row * width + width - 1, depth);
  }
}

/**
 * The cell index under each seed point; throws `input` naming the point when it falls outside the grid.
 */
export function seedPointCells(dem: Grid, seeds: readonly SeedPoint[]): number[] {
  return seeds.map((seed, index) => {
    const [columnFraction, rowFraction] = worldToCell(dem.transform, seed.x, seed.y);
    const column = Math.floor(columnFraction);
    const row = Math.floor(rowFraction);
    if (column < 0 || row < 0 || column >= dem.width || row >= dem.height) {
      throw new JumeauError('input', `Seed point ${index} (${seed.x}, ${seed.y}) is outside the DEM (${dem.width}×${dem.height} cells)`, {
        details: { index, x: seed.x, y: seed.y },
      });
    }
    return row * dem.width + column;
  });
}

/** Pushes the seed cells that are floodable; returns how many were (the others are at or above the level). */
export function seedCells(state: FloodState, stack: CellStack, cells: readonly number[]): number {
  let accepted = 0;
  for (const cell of cells) {
    if (!isFloodable(state, cell)) continue;
    stack.push(cell, state.depth);
    accepted += 1;
  }
  return accepted;
}

/** Pushes one seed per row run of floodable sea-mask cells (mask value ≠ 0 and not nodata). */
export function seedSeaMask(state: FloodState, stack: CellStack, seaMask: Grid): void {
  const { width, height, depth } = state;
  const mask = seaMask.data;
  for (let row = 0; row < height; row += 1) {
    let inRun = false;
    for (let cell = row * width; cell < (row + 1) * width; cell += 1) {
      const value = mask[cell] as number;
      const isSea = value !== 0 && !isNodata(value, seaMask.nodata);
      if (isSea && isFloodable(state, cell)) {
        if (!inRun) stack.push(cell, depth);
        inRun = true;
      } else {
        inRun = false;
      }
    }
  }
}

/** True when a valid cell has a nodata neighbour (4- or 8-connected) in the DEM. */
function touchesNodata(dem: Grid, row: number, column: number, diagonalReach: 0 | 1): boolean {
  for (let rowOffset = -1; rowOffset <= 1; rowOffset += 1) {
    const neighbourRow = row + rowOffset;
    if (neighbourRow < 0 || neighbourRow >= dem.height) continue;
    for (let columnOffset = -1; columnOffset <= 1; columnOffset += 1) {
      const isCentre = rowOffset === 0 && columnOffset === 0;
      const isDiagonal = rowOffset !== 0 && columnOffset !== 0;
      if (isCentre || (isDiagonal && diagonalReach === 0)) continue;
      const neighbourColumn = column + columnOffset;
      if (neighbourColumn < 0 || neighbourColumn >= dem.width) continue;
      if (isNodata(dem.data[neighbourRow * dem.width + neighbourColumn] as number, dem.nodata)) return true;
    }
  }
  return false;
}

/** "Nodata is sea": pushes every floodable cell next to a nodata cell (with the flood's connectivity). */
export function seedNodataNeighbours(state: FloodState, stack: CellStack, dem: Grid): void {
  for (let row = 0; row < state.height; row += 1) {
    for (let column = 0; column < state.width; column += 1) {
      const cell = row * state.width + column;
      if (isFloodable(state, cell) && touchesNodata(dem, row, column, state.diagonalReach)) stack.push(cell, state.depth);
    }
  }
}
