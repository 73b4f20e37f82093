/**
 * The exact fill's hot loop specialised for Float32 DEMs: {@link fillBySlopeTracing} (Priority-Flood with the slope
 * tracing of Zhou, Sun & Fu 2016) with the same traversal cell for cell — same queue order, same neighbour order — so
 * the same bits, written for V8: one element type, the radix heap keyed by the Float32 bits, the 8 neighbours
 * unrolled (the check of a lower neighbour inlined), and no bounds tests. `closed` has `width + 1` closed cells of padding before and after the grid (cell c
 * is `closed[c + width + 1]`), and every border cell is closed before the flood (seedOutlets closes them all, as
 * outlets or as nodata): a neighbour index off the grid lands in the padding or, wrapping around a row end, on a
 * closed border cell, so the closed test alone skips it. A cell still open is therefore never on the border nor next
 * to nodata, and all its 8 neighbours are valid grid cells.
 */
import type { ProgressReporter } from '../kernel-options.js';
import { type Float32RadixHeap, sortableKey } from './radix-heap.js';

/**
 * Fills `z` in place (exact variant). `closed` is padded as described above, with nodata and the outlets already on
 * `open` closed. Internal: called by `fillDepressions` for Float32 DEMs.
 *
 * @example
 * ```ts
 * fillFloat32BySlopeTracing(filled.data, width, closed, open, progress) // after seeding closed's grid view
 * ```
 */
export function fillFloat32BySlopeTracing(
  z: Float32Array,
  width: number,
  closed: Uint8Array,
  open: Float32RadixHeap,
  progress: ProgressReporter,
): void {
  const bits = new Uint32Array(z.buffer, z.byteOffset, z.length);
  const pad = width + 1;
  const o0 = 1;
  const o1 = width + 1;
  const o2 = width;
  const o3 = width - 1;
  // The trace queue: a FIFO ring holding the traversal's front only (a few rows' worth), grown before it could fill.
  let stack = new Int32Array(1 << 10);
  let mask = stack.length - 1;
  let done = 0;
  while (open.size > 0) {
    const start = open.pop();
    const spill = z[start] as number;
    let head = 0;
    let tail = 0;
    stack[tail++ & mask] = start;
    while (head < tail) {
      if (tail - head > mask - 8) {
        const larger = new Int32Array(stack.length * 2);
        for (let index = head; index < tail; index += 1) larger[index - head] = stack[index & mask] as number;
        stack = larger;
        mask = larger.length - 1;
        tail -= head;
        done += head;
        head = 0;
      }
      const cell = stack[head++ & mask] as number;
      const level = z[cell] as number;
      const at = cell + pad;
      if (level === spill) {
        // A pit cell (at the spill level): every open neighbour takes the level max(own, spill) and spreads it.
        if (closed[at + o0] === 0) {
          closed[at + o0] = 1;
          const neighbour = cell + o0;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at + o1] === 0) {
          closed[at + o1] = 1;
          const neighbour = cell + o1;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at + o2] === 0) {
          closed[at + o2] = 1;
          const neighbour = cell + o2;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at + o3] === 0) {
          closed[at + o3] = 1;
          const neighbour = cell + o3;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at - o0] === 0) {
          closed[at - o0] = 1;
          const neighbour = cell - o0;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at - o1] === 0) {
          closed[at - o1] = 1;
          const neighbour = cell - o1;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at - o2] === 0) {
          closed[at - o2] = 1;
          const neighbour = cell - o2;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
        if (closed[at - o3] === 0) {
          closed[at - o3] = 1;
          const neighbour = cell - o3;
          if ((z[neighbour] as number) < spill) z[neighbour] = spill;
          stack[tail++ & mask] = neighbour;
        }
      } else {
        // A traced cell (above the spill level): open neighbours at or above it drain through it. A lower one is final
        // as it is when it has a closed neighbour at or below it (it drains through that one: checked from the far side
        // first, the traced cell itself left out); otherwise this cell is deferred to Open, to lower that neighbour
        // once Open reaches this level.
        let deferred = false;
        if (closed[at + o0] === 0) {
          const neighbour = cell + o0;
          const q = at + o0;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation) ||
                (closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation) ||
                (closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation) ||
                (closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation) ||
                (closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation) ||
                (closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation) ||
                (closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation)))
          ) {
            closed[at + o0] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at + o1] === 0) {
          const neighbour = cell + o1;
          const q = at + o1;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation) ||
                (closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation) ||
                (closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation) ||
                (closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation) ||
                (closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation) ||
                (closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation) ||
                (closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation)))
          ) {
            closed[at + o1] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at + o2] === 0) {
          const neighbour = cell + o2;
          const q = at + o2;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation) ||
                (closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation) ||
                (closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation) ||
                (closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation) ||
                (closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation) ||
                (closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation) ||
                (closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation)))
          ) {
            closed[at + o2] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at + o3] === 0) {
          const neighbour = cell + o3;
          const q = at + o3;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation) ||
                (closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation) ||
                (closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation) ||
                (closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation) ||
                (closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation) ||
                (closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation) ||
                (closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation)))
          ) {
            closed[at + o3] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at - o0] === 0) {
          const neighbour = cell - o0;
          const q = at - o0;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation) ||
                (closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation) ||
                (closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation) ||
                (closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation) ||
                (closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation) ||
                (closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation) ||
                (closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation)))
          ) {
            closed[at - o0] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at - o1] === 0) {
          const neighbour = cell - o1;
          const q = at - o1;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation) ||
                (closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation) ||
                (closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation) ||
                (closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation) ||
                (closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation) ||
                (closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation) ||
                (closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation)))
          ) {
            closed[at - o1] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at - o2] === 0) {
          const neighbour = cell - o2;
          const q = at - o2;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation) ||
                (closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation) ||
                (closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation) ||
                (closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation) ||
                (closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation) ||
                (closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation) ||
                (closed[q + o3] !== 0 && (z[neighbour + o3] as number) <= elevation)))
          ) {
            closed[at - o2] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (closed[at - o3] === 0) {
          const neighbour = cell - o3;
          const q = at - o3;
          const elevation = z[neighbour] as number;
          if (
            elevation >= level ||
            (!deferred &&
              ((closed[q - o3] !== 0 && (z[neighbour - o3] as number) <= elevation) ||
                (closed[q + o0] !== 0 && (z[neighbour + o0] as number) <= elevation) ||
                (closed[q - o2] !== 0 && (z[neighbour - o2] as number) <= elevation) ||
                (closed[q + o1] !== 0 && (z[neighbour + o1] as number) <= elevation) ||
                (closed[q - o1] !== 0 && (z[neighbour - o1] as number) <= elevation) ||
                (closed[q + o2] !== 0 && (z[neighbour + o2] as number) <= elevation) ||
                (closed[q - o0] !== 0 && (z[neighbour - o0] as number) <= elevation)))
          ) {
            closed[at - o3] = 1;
            stack[tail++ & mask] = neighbour;
          } else deferred = true;
        }
        if (deferred) open.push(cell, sortableKey(bits[cell] as number));
      }
      if (((done + head) & 0xffff) === 0) progress.tick(done + head);
    }
    done += tail;
  }
}
