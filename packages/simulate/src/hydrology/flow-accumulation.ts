/**
 * D8 flow accumulation: the number of cells draining through each cell, counting the cell itself (a ridge cell
 * is 1). Topological order from the sources (Kahn's algorithm), O(n), no recursion.
 */
import { JumeauError, createGridLike, type Grid } from '@jumeau/core';
import { ProgressReporter, reportPhase, type KernelOptions } from '../kernel-options.js';
import { downstreamCells, isValidDirection } from './downstream.js';

/** Nodata of accumulation grids (Int32). */
export const FLOW_ACCUMULATION_NODATA = -1;

/**
 * Flow accumulation (Int32 cell counts, the cell itself included; nodata −1) from a D8 direction grid
 * ({@link computeFlowDirections}). Multiply by the cell area for the upslope area in m². Throws `input` on a
 * code that is not ESRI D8 or on directions that loop.
 *
 * @example
 * ```ts
 * const accumulation = computeFlowAccumulation(computeFlowDirections(fillDepressions(dem, { variant: 'epsilon' })))
 * ```
 */
export function computeFlowAccumulation(directions: Grid, options: KernelOptions = {}): Grid<Int32Array> {
  reportPhase(options, 0, 'flow accumulation');
  const downstream = downstreamCells(directions);
  const accumulation = createGridLike<Int32Array>(directions, {
    dataType: 'int32',
    nodata: FLOW_ACCUMULATION_NODATA,
    units: 'cells',
    verticalDatum: null,
  });
  const upstreamCount = new Uint8Array(downstream.length);
  const validCells = initialiseCounts(directions, downstream, accumulation.data, upstreamCount);
  const processed = propagateCounts(downstream, accumulation.data, upstreamCount, validCells, options);
  if (processed !== validCells) {
    throw new JumeauError('input', `The flow directions loop: ${validCells - processed} cells never reach an outlet or a pit`, {
      details: { cellsInLoops: validCells - processed },
    });
  }
  options.onProgress?.(1, 'done');
  return accumulation;
}

/** Sets every valid cell's count to 1 (nodata −1) and counts its upstream neighbours. Returns the valid cells. */
function initialiseCounts(directions: Grid, downstream: Int32Array, counts: Int32Array, upstreamCount: Uint8Array): number {
  let validCells = 0;
  for (let cell = 0; cell < counts.length; cell += 1) {
    if (!isValidDirection(directions.data[cell] as number, directions)) {
      counts[cell] = FLOW_ACCUMULATION_NODATA;
      continue;
    }
    counts[cell] = 1;
    validCells += 1;
    const target = downstream[cell] as number;
    if (target >= 0) upstreamCount[target] = (upstreamCount[target] as number) + 1;
  }
  return validCells;
}

/** Kahn's algorithm: adds each cell's count downstream once all its upstream cells are done. Returns cells done. */
function propagateCounts(
  downstream: Int32Array,
  counts: Int32Array,
  upstreamCount: Uint8Array,
  validCells: number,
  options: KernelOptions,
): number {
  const stack = new Int32Array(validCells);
  let size = 0;
  for (let cell = 0; cell < counts.length; cell += 1) if (counts[cell] === 1 && upstreamCount[cell] === 0) stack[size++] = cell;
  const progress = new ProgressReporter(options, validCells, 0.2, 1, 'flow accumulation');
  let processed = 0;
  while (size > 0) {
    const cell = stack[--size] as number;
    processed += 1;
    progress.tick(processed);
    const target = downstream[cell] as number;
    if (target < 0) continue;
    counts[target] = (counts[target] as number) + (counts[cell] as number);
    upstreamCount[target] = (upstreamCount[target] as number) - 1;
    if (upstreamCount[target] === 0) stack[size++] = target;
  }
  return processed;
}
