/**
 * The hot kernel of static submersion: a span (scanline) flood fill over a row-major grid, O(n), no recursion.
 *
 * The depth array is the only per-cell state: `0` = not flooded (yet), `> 0` = flooded (the depth), anything else
 * (nodata, NaN for a barrier cell that holds the water back) never floods. A cell is floodable iff
 * `depth === 0 && elevation < level`. The explicit stack of span seeds grows up to `maximumStackCells` (2 bytes per
 * cell of the grid); when it is full a seed is marked pending by writing `-0` (still `=== 0`, so still floodable)
 * and a later sweep re-seeds it, which keeps the working memory ≤ 6 bytes per cell (4 for depth, ≤ 2 for the stack).
 */
import type { GridArray } from '@jumeau/core';
import type { ProgressReporter } from '../kernel-options.js';

/** Smallest positive Float32 (a subnormal): a depth `W − z` that would round to 0 in Float32 is stored as this. */
export const SMALLEST_FLOAT32_DEPTH = 1.401298464324817e-45;

/** The state shared by the fill and its seeding. */
export interface FloodState {
  readonly elevation: GridArray;
  readonly depth: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly levelMetres: number;
  /** 1 for 8-connectivity (diagonals connect), 0 for 4-connectivity. */
  readonly diagonalReach: 0 | 1;
}

/** A growable stack of cell indices with a hard capacity. */
export class CellStack {
  private cells: Int32Array;
  size = 0;
  /** True once a push was refused (the cell was marked pending with −0 instead). */
  overflowed = false;

  constructor(private readonly maximumCells: number) {
    this.cells = new Int32Array(Math.min(maximumCells, 1 << 14));
  }

  /** Pushes `cell`; when the stack is at its hard capacity, marks the cell pending in `depth` instead. */
  push(cell: number, depth: Float32Array): void {
    if (this.size === this.cells.length && !this.grow()) {
      depth[cell] = -0;
      this.overflowed = true;
      return;
    }
    this.cells[this.size++] = cell;
  }

  pop(): number {
    return this.cells[--this.size] as number;
  }

  private grow(): boolean {
    if (this.cells.length >= this.maximumCells) return false;
    const larger = new Int32Array(Math.min(this.maximumCells, this.cells.length * 2));
    larger.set(this.cells);
    this.cells = larger;
    return true;
  }
}

/** True when the cell may flood now: not flooded, not blocked, not nodata, strictly below the level. */
export function isFloodable(state: FloodState, cell: number): boolean {
  return state.depth[cell] === 0 && (state.elevation[cell] as number) < state.levelMetres;
}

/**
 * Pushes a seed for every run of floodable cells of `row` between columns `from` and `to` (inclusive).
 * Hot loop: kept inline-friendly (no closures).
 */
function seedRuns(state: FloodState, stack: CellStack, rowStart: number, from: number, to: number): void {
  const { elevation, depth, levelMetres } = state;
  let inRun = false;
  for (let cell = rowStart + from; cell <= rowStart + to; cell += 1) {
    if (depth[cell] === 0 && (elevation[cell] as number) < levelMetres) {
      if (!inRun) stack.push(cell, depth);
      inRun = true;
    } else {
      inRun = false;
    }
  }
}

/**
 * Floods from every seed on the stack until it is empty. Returns the number of cells flooded. Progress and
 * cancellation are checked about every 2^20 cells, counting from `floodedBefore`.
 */
export function drainFlood(state: FloodState, stack: CellStack, progress: ProgressReporter, floodedBefore: number): number {
  const { elevation, depth, width, height, levelMetres, diagonalReach } = state;
  let flooded = 0;
  let nextReport = 1 << 20;
  while (stack.size > 0) {
    const cell = stack.pop();
    if (!(depth[cell] === 0 && (elevation[cell] as number) < levelMetres)) continue;
    const row = (cell / width) | 0;
    const rowStart = row * width;
    const rowEnd = rowStart + width - 1;
    let left = cell;
    while (left > rowStart && depth[left - 1] === 0 && (elevation[left - 1] as number) < levelMetres) left -= 1;
    let right = cell;
    while (right < rowEnd && depth[right + 1] === 0 && (elevation[right + 1] as number) < levelMetres) right += 1;
    for (let index = left; index <= right; index += 1) {
      const cellDepth = levelMetres - (elevation[index] as number);
      depth[index] = Math.max(cellDepth, SMALLEST_FLOAT32_DEPTH);
    }
    flooded += right - left + 1;
    const from = Math.max(left - rowStart - diagonalReach, 0);
    const to = Math.min(right - rowStart + diagonalReach, width - 1);
    if (row > 0) seedRuns(state, stack, rowStart - width, from, to);
    if (row < height - 1) seedRuns(state, stack, rowStart + width, from, to);
    if (flooded >= nextReport) {
      nextReport = flooded + (1 << 20);
      progress.tick(floodedBefore + flooded);
    }
  }
  return flooded;
}

/**
 * Floods from the seeds on the stack, then re-seeds every cell left pending (−0) by a stack overflow, until none
 * is left. Returns the number of cells flooded.
 */
export function floodFromSeeds(state: FloodState, stack: CellStack, progress: ProgressReporter): number {
  let flooded = drainFlood(state, stack, progress, 0);
  const { depth } = state;
  while (stack.overflowed) {
    stack.overflowed = false;
    for (let cell = 0; cell < depth.length; cell += 1) {
      const value = depth[cell] as number;
      if (value !== 0 || 1 / value > 0) continue;
      depth[cell] = 0;
      stack.push(cell, depth);
      flooded += drainFlood(state, stack, progress, flooded);
    }
  }
  return flooded;
}
