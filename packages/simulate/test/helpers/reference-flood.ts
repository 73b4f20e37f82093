/**
 * The plain reference of static submersion, written for clarity, not speed: a breadth-first search over cells
 * whose effective ground max(DEM, crest) is strictly below W, from the sea cells, one cell at a time.
 */
import { isNodata, type Grid } from '@jumeau/core';

export interface ReferenceFloodInput {
  readonly dem: Grid;
  readonly levelMetres: number;
  readonly connectivity: 4 | 8;
  readonly seedCells?: readonly number[];
  readonly seaMask?: Grid;
  readonly nodataIsSea?: boolean;
  readonly barrier?: Grid;
  readonly breaches?: Grid;
}

function effectiveGround(input: ReferenceFloodInput, cell: number): number {
  const ground = input.dem.data[cell] as number;
  if (isNodata(ground, input.dem.nodata)) return Number.NaN;
  const crest = input.barrier ? (input.barrier.data[cell] as number) : Number.NaN;
  if (!input.barrier || isNodata(crest, input.barrier.nodata)) return ground;
  const breach = input.breaches ? (input.breaches.data[cell] as number) : 0;
  if (input.breaches && breach !== 0 && !isNodata(breach, input.breaches.nodata)) return ground;
  return Math.max(ground, crest);
}

function neighbours(width: number, height: number, cell: number, connectivity: 4 | 8): number[] {
  const row = Math.floor(cell / width);
  const column = cell % width;
  const result: number[] = [];
  for (let dr = -1; dr <= 1; dr += 1) {
    for (let dc = -1; dc <= 1; dc += 1) {
      if (dr === 0 && dc === 0) continue;
      if (connectivity === 4 && dr !== 0 && dc !== 0) continue;
      const r = row + dr;
      const c = column + dc;
      if (r >= 0 && r < height && c >= 0 && c < width) result.push(r * width + c);
    }
  }
  return result;
}

function seaCells(input: ReferenceFloodInput): number[] {
  const { dem } = input;
  const cells: number[] = [...(input.seedCells ?? [])];
  const n = dem.width * dem.height;
  if (input.seaMask) {
    for (let cell = 0; cell < n; cell += 1) {
      const value = input.seaMask.data[cell] as number;
      if (value !== 0 && !isNodata(value, input.seaMask.nodata)) cells.push(cell);
    }
  }
  if (input.nodataIsSea) {
    for (let cell = 0; cell < n; cell += 1) {
      if (!Number.isNaN(effectiveGround(input, cell))) continue;
      cells.push(...neighbours(dem.width, dem.height, cell, input.connectivity));
    }
  }
  if (!input.seedCells && !input.seaMask && !input.nodataIsSea) {
    for (let cell = 0; cell < n; cell += 1) {
      const row = Math.floor(cell / dem.width);
      const column = cell % dem.width;
      if (row === 0 || column === 0 || row === dem.height - 1 || column === dem.width - 1) cells.push(cell);
    }
  }
  return cells;
}

/** Depths (W − effective ground) of the flooded cells, by cell index. */
export function referenceFlood(input: ReferenceFloodInput): Map<number, number> {
  const { dem, levelMetres } = input;
  const flooded = new Map<number, number>();
  const isLow = (cell: number): boolean => effectiveGround(input, cell) < levelMetres;
  const queue = seaCells(input).filter(isLow);
  for (const cell of queue) flooded.set(cell, levelMetres - effectiveGround(input, cell));
  for (let head = 0; head < queue.length; head += 1) {
    for (const next of neighbours(dem.width, dem.height, queue[head] as number, input.connectivity)) {
      if (flooded.has(next) || !isLow(next)) continue;
      flooded.set(next, levelMetres - effectiveGround(input, next));
      queue.push(next);
    }
  }
  return flooded;
}
