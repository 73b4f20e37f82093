/**
 * The hot loop of the exact depression fill: Priority-Flood (Barnes, Lehman & Mulla 2014, Algorithm 2) with the
 * slope tracing of Zhou, Sun & Fu (2016, "An efficient variant of the Priority-Flood algorithm for filling
 * depressions in raster digital elevation models", Computers & Geosciences 90:87–96, doi:10.1016/j.cageo.2016.02.021).
 *
 * The priority queue "Open" holds only cells whose lower neighbours are still unknown; every other cell goes through
 * one plain stack (Int32Array, at most one entry per cell):
 * - a cell popped from Open at elevation `spill` raises every unprocessed lower neighbour to `spill` (a depression,
 *   Barnes's "Pit" queue) — those neighbours then spread the same rule at the same level;
 * - an unprocessed neighbour at or above the elevation L of the cell being expanded is final as it is (it drains
 *   through that cell, whose level is final), so it is closed and traced up the slope without touching Open
 *   (Zhou et al.'s "ProcessTraceQueue");
 * - a traced cell (L > spill) with an unprocessed strictly lower neighbour cannot decide that neighbour's level yet:
 *   it goes back to Open keyed by its own elevation, and lowers the neighbour when Open reaches it.
 * Each cell is pushed on the stack once; Open sees only the rims of depressions and slope breaks. Exact,
 * epsilon-free: the result is the unique fill, the same as Algorithm 2 and Planchon–Darboux.
 */
import type { GridArray } from '@jumeau/core';
import type { ProgressReporter } from '../kernel-options.js';

/** The priority queue of cells keyed by their current elevation (pushes never go below the last key popped). */
export interface MonotoneCellQueue {
  readonly size: number;
  push(cell: number): void;
  pop(): number;
}

/**
 * Fills `z` in place. `closed` is 1 for nodata and for the outlets already on `open`, 0 elsewhere. Hot kernel loop:
 * one function, no per-cell calls but the queue's, bounds tested per cell (interior cells skip them). Internal: called
 * by `fillDepressions` for the exact variant of DEMs that are not Float32 (Float32 DEMs take the same traversal in
 * float32-slope-tracing-flood.ts).
 *
 * @example
 * ```ts
 * fillBySlopeTracing(filled.data, width, height, closed, new ElevationHeap(filled.data), progress) // after seedOutlets
 * ```
 */
export function fillBySlopeTracing(
  z: GridArray,
  width: number,
  height: number,
  closed: Uint8Array,
  open: MonotoneCellQueue,
  progress: ProgressReporter,
): void {
  const offsets = Int32Array.of(1, width + 1, width, width - 1, -1, -width - 1, -width, -width + 1);
  const rowOffsets = Int32Array.of(0, 1, 1, 1, 0, -1, -1, -1);
  const columnOffsets = Int32Array.of(1, 1, 0, -1, -1, -1, 0, 1);
  const stack = new Int32Array(z.length);
  let done = 0;
  while (open.size > 0) {
    const start = open.pop();
    const spill = z[start] as number;
    let head = 0;
    let tail = 0;
    stack[tail++] = start;
    while (head < tail) {
      const cell = stack[head++] as number;
      const level = z[cell] as number;
      const isPit = level === spill;
      const row = (cell / width) | 0;
      const column = cell - row * width;
      const interior = row > 0 && column > 0 && row < height - 1 && column < width - 1;
      let deferred = false;
      for (let direction = 0; direction < 8; direction += 1) {
        if (!interior) {
          const neighbourRow = row + (rowOffsets[direction] as number);
          const neighbourColumn = column + (columnOffsets[direction] as number);
          if (neighbourRow < 0 || neighbourColumn < 0 || neighbourRow >= height || neighbourColumn >= width) continue;
        }
        const neighbour = cell + (offsets[direction] as number);
        if (closed[neighbour] !== 0) continue;
        const elevation = z[neighbour] as number;
        if (elevation < level) {
          if (isPit) z[neighbour] = spill;
          else if (deferred || !drainsThroughClosed(z, closed, neighbour, elevation, width, height, rowOffsets, columnOffsets, offsets)) {
            deferred = true;
            continue;
          }
        }
        closed[neighbour] = 1;
        stack[tail++] = neighbour;
      }
      if (deferred) open.push(cell);
      done += 1;
      if ((done & 0xffff) === 0) progress.tick(done);
    }
  }
}

/**
 * True when `cell` (unprocessed, at `elevation`) has a processed neighbour at or below `elevation`: its level is
 * then final as it is (it drains through that neighbour, whose level is final), so a traced cell above it need not
 * wait for Open to reach it.
 */
function drainsThroughClosed(
  z: GridArray,
  closed: Uint8Array,
  cell: number,
  elevation: number,
  width: number,
  height: number,
  rowOffsets: Int32Array,
  columnOffsets: Int32Array,
  offsets: Int32Array,
): boolean {
  const row = (cell / width) | 0;
  const column = cell - row * width;
  const interior = row > 0 && column > 0 && row < height - 1 && column < width - 1;
  for (let direction = 0; direction < 8; direction += 1) {
    if (!interior) {
      const neighbourRow = row + (rowOffsets[direction] as number);
      const neighbourColumn = column + (columnOffsets[direction] as number);
      if (neighbourRow < 0 || neighbourColumn < 0 || neighbourRow >= height || neighbourColumn >= width) continue;
    }
    const neighbour = cell + (offsets[direction] as number);
    if (closed[neighbour] === 1 && (z[neighbour] as number) <= elevation) return true;
  }
  return false;
}
