/**
 * The hot kernel of static submersion: a span (scanline) flood fill over a row-major grid, O(n), no recursion.
 *
 * The depth array is the only per-cell state: `0` = not flooded (yet), `> 0` = flooded (the depth), anything else
 * (NaN for a barrier cell that holds the water back) never floods. A cell is floodable iff
 * `depth === 0 && elevation < level && elevation !== nodata` (a NaN elevation fails the second test), so nodata
 * needs no pass of its own. The flooded cells' count, depth sum and maximum are gathered span by span while the
 * depths are written (the statistics pass then reads only the DEM). The explicit stack of span seeds grows up to `maximumStackCells` (2 bytes per
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
  /** The DEM's nodata value, NaN when it has none (NaN never equals an elevation). */
  readonly nodataValue: number;
  /** 1 for 8-connectivity (diagonals connect), 0 for 4-connectivity. */
  readonly diagonalReach: 0 | 1;
  /** Sum of the Float32 depths written so far (m). */
  depthSum: number;
  /** Largest Float32 depth written so far (m). */
  maximumDepth: number;
}

/**
 * A growable stack of span seeds with a hard capacity, three Int32 per entry: the seed cell, and the column range
 * and side of the span it was found from (its "parent", already flooded, so the fill need not re-read it), or −1
 * for a seed without parent (sea seeds, re-seeded pending cells).
 */
export class CellStack {
  /** Entries: cell, parent's first column (−1: none), parent's last column × 2 + 1 when the parent is the row above. */
  entries: Int32Array;
  size = 0;
  /** True once a push was refused (the cell was marked pending with −0 instead). */
  overflowed = false;

  constructor(private readonly maximumEntries: number) {
    this.entries = new Int32Array(3 * Math.min(maximumEntries, 1 << 14));
  }

  /** Pushes a seed without parent; when the stack is at its hard capacity, marks the cell pending in `depth`. */
  push(cell: number, depth: Float32Array): void {
    this.pushChild(cell, -1, 0, depth);
  }

  /** Pushes a seed found from a flooded span (`parentLeft`…, `packedParent` as stored); same overflow rule. */
  pushChild(cell: number, parentLeft: number, packedParent: number, depth: Float32Array): void {
    if (3 * this.size === this.entries.length && !this.grow()) {
      depth[cell] = -0;
      this.overflowed = true;
      return;
    }
    const base = 3 * this.size++;
    this.entries[base] = cell;
    this.entries[base + 1] = parentLeft;
    this.entries[base + 2] = packedParent;
  }

  private grow(): boolean {
    const capacity = this.entries.length / 3;
    if (capacity >= this.maximumEntries) return false;
    const larger = new Int32Array(3 * Math.min(this.maximumEntries, capacity * 2));
    larger.set(this.entries);
    this.entries = larger;
    return true;
  }
}

/** True when the cell may flood now: not flooded, not blocked, not nodata, strictly below the level. */
export function isFloodable(state: FloodState, cell: number): boolean {
  const elevation = state.elevation[cell] as number;
  return state.depth[cell] === 0 && elevation < state.levelMetres && elevation !== state.nodataValue;
}

/**
 * Pushes a seed for every run of floodable cells of the row starting at `rowStart`, between columns `from` and `to`
 * (inclusive), each with the parent span `parentLeft` and `packedParent`. Hot loop: kept inline-friendly.
 */
function seedRuns(
  state: FloodState,
  stack: CellStack,
  rowStart: number,
  from: number,
  to: number,
  parentLeft: number,
  packedParent: number,
): void {
  const { elevation, depth, levelMetres, nodataValue } = state;
  let inRun = false;
  for (let cell = rowStart + from; cell <= rowStart + to; cell += 1) {
    const ground = elevation[cell] as number;
    if (depth[cell] === 0 && ground < levelMetres && ground !== nodataValue) {
      if (!inRun) stack.pushChild(cell, parentLeft, packedParent, depth);
      inRun = true;
    } else {
      inRun = false;
    }
  }
}

/**
 * Pushes the seeds around the span `left`…`right` (cells) just flooded in `row`: the whole reach of the row away
 * from the parent, and only the parts of the parent's row that the parent span does not cover (the parent span is
 * flooded: no need to read it again). A span without parent looks at both rows in full.
 */
function seedAround(
  state: FloodState,
  stack: CellStack,
  row: number,
  left: number,
  right: number,
  parentLeft: number,
  packedParent: number,
): void {
  const { width, height, diagonalReach } = state;
  const rowStart = row * width;
  const spanLeft = left - rowStart;
  const spanRight = right - rowStart;
  const from = Math.max(spanLeft - diagonalReach, 0);
  const to = Math.min(spanRight + diagonalReach, width - 1);
  const fromAbove = 2 * spanRight; // packed parent for seeds in the row above: this span, parent below them
  const fromBelow = 2 * spanRight + 1; // for seeds in the row below: this span, parent above them
  if (parentLeft < 0) {
    if (row > 0) seedRuns(state, stack, rowStart - width, from, to, spanLeft, fromAbove);
    if (row < height - 1) seedRuns(state, stack, rowStart + width, from, to, spanLeft, fromBelow);
    return;
  }
  const parentRight = packedParent >> 1;
  const parentIsAbove = (packedParent & 1) === 1;
  const parentRowStart = parentIsAbove ? rowStart - width : rowStart + width;
  const parentPacked = parentIsAbove ? fromAbove : fromBelow;
  if (parentIsAbove ? row < height - 1 : row > 0) {
    seedRuns(state, stack, parentIsAbove ? rowStart + width : rowStart - width, from, to, spanLeft, parentIsAbove ? fromBelow : fromAbove);
  }
  if (from < parentLeft) seedRuns(state, stack, parentRowStart, from, Math.min(to, parentLeft - 1), spanLeft, parentPacked);
  if (to > parentRight) seedRuns(state, stack, parentRowStart, Math.max(from, parentRight + 1), to, spanLeft, parentPacked);
}

/**
 * Floods from every seed on the stack until it is empty. Returns the number of cells flooded. Progress and
 * cancellation are checked about every 2^20 cells, counting from `floodedBefore`.
 */
export function drainFlood(state: FloodState, stack: CellStack, progress: ProgressReporter, floodedBefore: number): number {
  const { elevation, depth, width, levelMetres, nodataValue } = state;
  let flooded = 0;
  let nextReport = 1 << 20;
  let depthSum = 0;
  let maximumDepth = state.maximumDepth;
  while (stack.size > 0) {
    const base = 3 * --stack.size;
    const entries = stack.entries;
    const cell = entries[base] as number;
    const ground = elevation[cell] as number;
    if (!(depth[cell] === 0 && ground < levelMetres && ground !== nodataValue)) continue;
    const row = (cell / width) | 0;
    const rowStart = row * width;
    const rowEnd = rowStart + width - 1;
    let left = cell;
    while (left > rowStart && depth[left - 1] === 0) {
      const next = elevation[left - 1] as number;
      if (!(next < levelMetres && next !== nodataValue)) break;
      left -= 1;
    }
    let right = cell;
    while (right < rowEnd && depth[right + 1] === 0) {
      const next = elevation[right + 1] as number;
      if (!(next < levelMetres && next !== nodataValue)) break;
      right += 1;
    }
    for (let index = left; index <= right; index += 1) {
      const cellDepth = Math.fround(Math.max(levelMetres - (elevation[index] as number), SMALLEST_FLOAT32_DEPTH));
      depth[index] = cellDepth;
      depthSum += cellDepth;
      if (cellDepth > maximumDepth) maximumDepth = cellDepth;
    }
    flooded += right - left + 1;
    seedAround(state, stack, row, left, right, entries[base + 1] as number, entries[base + 2] as number);
    if (flooded >= nextReport) {
      nextReport = flooded + (1 << 20);
      progress.tick(floodedBefore + flooded);
    }
  }
  state.depthSum += depthSum;
  state.maximumDepth = maximumDepth;
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
