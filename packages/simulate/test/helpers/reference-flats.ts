/**
 * A plain, independent reference for the flat gradients of Barnes, Lehman & Mulla (2014b): the two distances are
 * computed by repeated relaxation over the whole grid (Bellman–Ford style, O(n²)) instead of breadth-first queues,
 * and flats, edges and labels from their definitions. For small grids only.
 */
import type { Grid } from '@jumeau/core';

/** The 8 neighbour offsets [row, column], written out independently of the kernels' D8 tables. */
export const OFFSETS = [
  [0, 1],
  [1, 1],
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
  [-1, 0],
  [-1, 1],
] as const;

function neighbours(grid: Grid, cell: number): number[] {
  const row = Math.floor(cell / grid.width);
  const column = cell % grid.width;
  const result: number[] = [];
  for (const [dr, dc] of OFFSETS) {
    const r = row + dr;
    const c = column + dc;
    if (r >= 0 && c >= 0 && r < grid.height && c < grid.width) result.push(r * grid.width + c);
  }
  return result;
}

/** Relaxes `distance` (0 = unreached, sources preset to 1) over undrained cells of the same flat until stable. */
function relax(grid: Grid, undrained: boolean[], flat: Int32Array, distance: number[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (let cell = 0; cell < distance.length; cell += 1) {
      if (!undrained[cell] || flat[cell] === 0) continue;
      for (const neighbour of neighbours(grid, cell)) {
        const through = distance[neighbour] as number;
        if (through === 0 || flat[neighbour] !== flat[cell]) continue;
        if (distance[cell] === 0 || through + 1 < (distance[cell] as number)) {
          distance[cell] = through + 1;
          changed = true;
        }
      }
    }
  }
}

/**
 * The combined gradient 2t + (H − a) of every cell of a drained flat (NaN elsewhere), from a filled DEM and its
 * unresolved D8 directions (0 = undrained, 255 = nodata).
 */
export function referenceFlatGradient(filled: Grid, rawDirections: Uint8Array): { combined: number[]; flat: Int32Array } {
  const n = filled.data.length;
  const undrained = Array.from(rawDirections, (code) => code === 0);
  const valid = Array.from(rawDirections, (code) => code !== 255);
  const lowEdge = Array.from({ length: n }, (_, cell) =>
    valid[cell] && !undrained[cell] ? neighbours(filled, cell).some((m) => undrained[m] && filled.data[m] === filled.data[cell]) : false,
  );
  // Flats with an outlet: equal-elevation components (8-connected, valid cells) containing a low edge.
  const flat = new Int32Array(n);
  let label = 0;
  for (let start = 0; start < n; start += 1) {
    if (!lowEdge[start] || flat[start] !== 0) continue;
    label += 1;
    const stack = [start];
    flat[start] = label;
    while (stack.length > 0) {
      const cell = stack.pop() as number;
      for (const m of neighbours(filled, cell)) {
        if (flat[m] === 0 && valid[m] && filled.data[m] === filled.data[cell]) {
          flat[m] = label;
          stack.push(m);
        }
      }
    }
  }
  const highEdge = (cell: number): boolean =>
    undrained[cell] === true &&
    neighbours(filled, cell).some((m) => valid[m] && (filled.data[m] as number) > (filled.data[cell] as number));
  const towards = Array.from({ length: n }, (_, cell) => (lowEdge[cell] && flat[cell] !== 0 ? 1 : 0));
  const away = Array.from({ length: n }, (_, cell) => (flat[cell] !== 0 && highEdge(cell) ? 1 : 0));
  relax(filled, undrained, flat, towards);
  relax(filled, undrained, flat, away);
  const height = new Map<number, number>();
  away.forEach((value, cell) => {
    height.set(flat[cell] as number, Math.max(height.get(flat[cell] as number) ?? 0, value));
  });
  const combined = Array.from({ length: n }, (_, cell) => {
    if (flat[cell] === 0) return Number.NaN;
    const lift = away[cell] === 0 ? 0 : (height.get(flat[cell] as number) as number) - (away[cell] as number);
    return 2 * (towards[cell] as number) + lift;
  });
  return { combined, flat };
}

/** The neighbour cell a D8 code points to, or −1 when it leaves the grid. */
export function downstreamOf(grid: Grid, cell: number, code: number): number {
  const [dr, dc] = OFFSETS[Math.log2(code)] as readonly [number, number];
  const r = Math.floor(cell / grid.width) + dr;
  const c = (cell % grid.width) + dc;
  return r < 0 || c < 0 || r >= grid.height || c >= grid.width ? -1 : r * grid.width + c;
}

export { neighbours as referenceNeighbours };
