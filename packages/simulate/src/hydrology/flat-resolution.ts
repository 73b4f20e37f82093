/**
 * Drainage across flats (Barnes, Lehman & Mulla 2014b, "An efficient assignment of drainage direction over flat
 * surfaces in raster digital elevation models", Computers & Geosciences 62:128–135, doi:10.1016/j.cageo.2013.01.009).
 *
 * A flat is a connected set of cells of equal elevation. Its cells without a D8 direction (no lower neighbour) get
 * one from two breadth-first gradients over the flat, combined as in the paper's §2.4:
 * - "towards lower terrain" `t`: 1 on the flat's low edges (cells of the flat's elevation that already drain) and
 *   +1 per step into the flat;
 * - "away from higher terrain" `a`: 1 on the high edges (undrained cells next to higher ground), +1 per step; with
 *   `H` the largest `a` of the flat, the combined value is `2t + (H − a)` (only `2t` where `a` is undefined).
 * The combined value decreases by at least 1 along every breadth-first path towards a low edge, so each undrained
 * cell drains to its neighbour in the same flat of smallest value (first in ESRI order on ties), and every path
 * ends on a low edge: no loops, every cell of a filled DEM drains. Flats without a low edge (undrained pits of an
 * unfilled DEM) keep 0. O(number of flat cells) beyond one scan for the undrained cells.
 */
import type { GridArray } from '@jumeau/core';
import { D8_CODES, D8_COLUMN_OFFSETS, D8_ROW_OFFSETS, FLOW_DIRECTION_NODATA, NO_FLOW_DIRECTION } from './d8.js';

/** Grid shape and the D8 directions being completed (modified in place). */
interface FlatState {
  readonly elevation: GridArray;
  readonly directions: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly offsets: Int32Array;
}

/** True when the neighbour of (row, column) in `direction` is off the grid. */
function isOffGrid(state: FlatState, row: number, column: number, direction: number): boolean {
  const neighbourRow = row + (D8_ROW_OFFSETS[direction] as number);
  const neighbourColumn = column + (D8_COLUMN_OFFSETS[direction] as number);
  return neighbourRow < 0 || neighbourColumn < 0 || neighbourRow >= state.height || neighbourColumn >= state.width;
}

/** True when no neighbour of `cell` is off the grid (then the neighbours need no bounds test). */
function isInterior(state: FlatState, cell: number): boolean {
  const row = (cell / state.width) | 0;
  const column = cell - row * state.width;
  return row > 0 && column > 0 && row < state.height - 1 && column < state.width - 1;
}

/** The neighbour of `cell` in `direction`, or −1 off the grid (`interior`: known to be inside). */
function neighbourAt(state: FlatState, cell: number, direction: number, interior: boolean): number {
  if (!interior) {
    const row = (cell / state.width) | 0;
    if (isOffGrid(state, row, cell - row * state.width, direction)) return -1;
  }
  return cell + (state.offsets[direction] as number);
}

/** The undrained cells (code 0), and the low and high edges of the flats (paper §2.2, Algorithm 3). */
function findEdges(state: FlatState, undrained: Int32Array, undrainedCount: number): { low: Int32Array; high: Int32Array } {
  const { elevation, directions } = state;
  const isLowEdge = new Uint8Array(directions.length);
  const low: number[] = [];
  const high: number[] = [];
  for (let index = 0; index < undrainedCount; index += 1) {
    const cell = undrained[index] as number;
    const level = elevation[cell] as number;
    let isHighEdge = false;
    const interior = isInterior(state, cell);
    for (let direction = 0; direction < 8; direction += 1) {
      const neighbour = neighbourAt(state, cell, direction, interior);
      if (neighbour < 0) continue;
      const code = directions[neighbour] as number;
      if (code === FLOW_DIRECTION_NODATA) continue;
      const neighbourLevel = elevation[neighbour] as number;
      if (neighbourLevel > level) isHighEdge = true;
      else if (neighbourLevel === level && code !== NO_FLOW_DIRECTION && isLowEdge[neighbour] === 0) {
        isLowEdge[neighbour] = 1;
        low.push(neighbour);
      }
    }
    if (isHighEdge) high.push(cell);
  }
  return { low: Int32Array.from(low), high: Int32Array.from(high) };
}

/** Labels each flat that has a low edge: every cell of equal elevation 8-connected to it (paper Algorithm 4). */
function labelFlats(state: FlatState, low: Int32Array, labels: Int32Array, queue: Int32Array): number {
  const { elevation, directions } = state;
  let label = 0;
  for (const start of low) {
    if (labels[start] !== 0) continue;
    label += 1;
    const level = elevation[start] as number;
    labels[start] = label;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const cell = queue[head++] as number;
      const interior = isInterior(state, cell);
      for (let direction = 0; direction < 8; direction += 1) {
        const neighbour = neighbourAt(state, cell, direction, interior);
        if (neighbour < 0 || labels[neighbour] !== 0 || directions[neighbour] === FLOW_DIRECTION_NODATA || elevation[neighbour] !== level)
          continue;
        labels[neighbour] = label;
        queue[tail++] = neighbour;
      }
    }
  }
  return label;
}

/**
 * Breadth-first distance (1 on `starts`) over the undrained cells of the same flat; returns, per label, the largest
 * distance reached. `distance` must be 0 on every cell not yet reached.
 */
function breadthFirstDistance(
  state: FlatState,
  starts: Int32Array,
  labels: Int32Array,
  distance: Int32Array,
  queue: Int32Array,
  labelCount: number,
): Int32Array {
  const largest = new Int32Array(labelCount + 1);
  let tail = 0;
  for (const cell of starts) {
    if (labels[cell] === 0 || distance[cell] !== 0) continue;
    distance[cell] = 1;
    queue[tail++] = cell;
  }
  for (let head = 0; head < tail; head += 1) {
    const cell = queue[head] as number;
    const label = labels[cell] as number;
    const next = (distance[cell] as number) + 1;
    if ((distance[cell] as number) > (largest[label] as number)) largest[label] = distance[cell] as number;
    const interior = isInterior(state, cell);
    for (let direction = 0; direction < 8; direction += 1) {
      const neighbour = neighbourAt(state, cell, direction, interior);
      if (neighbour < 0 || distance[neighbour] !== 0 || labels[neighbour] !== label || state.directions[neighbour] !== NO_FLOW_DIRECTION)
        continue;
      distance[neighbour] = next;
      queue[tail++] = neighbour;
    }
  }
  return largest;
}

/**
 * Gives a D8 direction to every undrained cell of a flat that has an outlet, in place. Returns how many cells got
 * one. `directions` holds ESRI codes, 0 for undrained cells and 255 for nodata (as `computeFlowDirections` makes).
 * Internal: `computeFlowDirections` calls it unless `resolveFlats: false`.
 *
 * @example
 * ```ts
 * const directions = computeFlowDirections(filled, { resolveFlats: false })
 * resolveFlats(filled.data, directions.data, filled.width, filled.height) // same as computeFlowDirections(filled)
 * ```
 */
export function resolveFlats(elevation: GridArray, directions: Uint8Array, width: number, height: number): number {
  const undrained = new Int32Array(directions.length);
  let undrainedCount = 0;
  for (let cell = 0; cell < directions.length; cell += 1) if (directions[cell] === NO_FLOW_DIRECTION) undrained[undrainedCount++] = cell;
  if (undrainedCount === 0) return 0;
  const offsets = Int32Array.from(
    D8_CODES.map((_, index) => (D8_ROW_OFFSETS[index] as number) * width + (D8_COLUMN_OFFSETS[index] as number)),
  );
  const state: FlatState = { elevation, directions, width, height, offsets };
  const { low, high } = findEdges(state, undrained, undrainedCount);
  if (low.length === 0) return 0;
  const labels = new Int32Array(directions.length);
  const queue = undrained; // reused: the undrained list is no longer needed once the edges are known
  const labelCount = labelFlats(state, low, labels, queue);
  const away = new Int32Array(directions.length);
  const flatHeight = breadthFirstDistance(state, high, labels, away, queue, labelCount);
  const towards = new Int32Array(directions.length);
  breadthFirstDistance(state, low, labels, towards, queue, labelCount);
  return assignDirections(state, labels, away, towards, flatHeight);
}

/** Each undrained labelled cell drains to its same-flat neighbour of smallest combined gradient (paper §2.5). */
function assignDirections(state: FlatState, labels: Int32Array, away: Int32Array, towards: Int32Array, flatHeight: Int32Array): number {
  const combined = (cell: number): number => {
    const awayDistance = away[cell] as number;
    const lift = awayDistance === 0 ? 0 : (flatHeight[labels[cell] as number] as number) - awayDistance;
    return 2 * (towards[cell] as number) + lift;
  };
  let resolved = 0;
  for (let cell = 0; cell < labels.length; cell += 1) {
    const label = labels[cell] as number;
    if (label === 0 || state.directions[cell] !== NO_FLOW_DIRECTION) continue;
    let best = combined(cell);
    let bestDirection = -1;
    const interior = isInterior(state, cell);
    for (let direction = 0; direction < 8; direction += 1) {
      const neighbour = neighbourAt(state, cell, direction, interior);
      if (neighbour < 0 || labels[neighbour] !== label) continue;
      const value = combined(neighbour);
      if (value < best) {
        best = value;
        bestDirection = direction;
      }
    }
    if (bestDirection < 0) continue;
    state.directions[cell] = D8_CODES[bestDirection] as number;
    resolved += 1;
  }
  return resolved;
}
