/** The watershed (catchment) of an outlet: every cell whose D8 path passes through it. */
import { JumeauError, createGridLike, validate, worldToCell, type Grid } from '@jumeau/core';
import { z } from 'zod';
import { reportPhase, type KernelOptions } from '../kernel-options.js';
import { downstreamCells } from './downstream.js';

/** Options of {@link computeWatershed}. */
export interface WatershedOptions extends KernelOptions {
  /** The outlet, in the grid's CRS. */
  readonly outlet: { readonly x: number; readonly y: number };
}

const outletSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

function outletCell(directions: Grid, outlet: { x: number; y: number }): number {
  const [columnFraction, rowFraction] = worldToCell(directions.transform, outlet.x, outlet.y);
  const column = Math.floor(columnFraction);
  const row = Math.floor(rowFraction);
  if (column < 0 || row < 0 || column >= directions.width || row >= directions.height) {
    throw new JumeauError('input', `Outlet (${outlet.x}, ${outlet.y}) is outside the flow-direction grid`, { details: { ...outlet } });
  }
  return row * directions.width + column;
}

/**
 * The watershed of an outlet point as a Uint8 mask (1 = drains through the outlet cell, the outlet included;
 * 0 elsewhere) from a D8 direction grid. O(n): one pass to invert the directions, one breadth-first walk upstream.
 *
 * @example
 * ```ts
 * const basin = computeWatershed(directions, { outlet: { x: 372410, y: 6541230 } })
 * ```
 */
export function computeWatershed(directions: Grid, options: WatershedOptions): Grid<Uint8Array> {
  const outlet = validate(outletSchema, options.outlet, 'watershed outlet');
  const start = outletCell(directions, outlet);
  reportPhase(options, 0, 'watershed');
  const downstream = downstreamCells(directions);
  // Upstream cells of each cell as a compressed adjacency: first[c] … first[c + 1] in `upstream`.
  const first = new Int32Array(downstream.length + 1);
  for (const target of downstream) if (target >= 0) first[target + 1] = (first[target + 1] as number) + 1;
  for (let cell = 0; cell < downstream.length; cell += 1) first[cell + 1] = (first[cell + 1] as number) + (first[cell] as number);
  const upstream = new Int32Array(first[downstream.length] as number);
  const fill = first.slice(0, downstream.length);
  downstream.forEach((target, cell) => {
    if (target < 0) return;
    const slot = fill[target] as number;
    upstream[slot] = cell;
    fill[target] = slot + 1;
  });
  reportPhase(options, 0.5, 'watershed');
  const mask = createGridLike<Uint8Array>(directions, { dataType: 'uint8', nodata: null, units: null, verticalDatum: null });
  const queue = new Int32Array(downstream.length);
  let tail = 0;
  queue[tail++] = start;
  mask.data[start] = 1;
  for (let head = 0; head < tail; head += 1) {
    const cell = queue[head] as number;
    for (let index = first[cell] as number; index < (first[cell + 1] as number); index += 1) {
      const source = upstream[index] as number;
      if (mask.data[source] === 1) continue;
      mask.data[source] = 1;
      queue[tail++] = source;
    }
  }
  options.onProgress?.(1, 'done');
  return mask;
}
