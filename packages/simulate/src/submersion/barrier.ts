/**
 * Coastal defences as a grid of crest altitudes on the DEM's grid: the effective ground is max(DEM, crest) where the
 * barrier has a value and the cell is not breached. Applied without copying the DEM: cells whose crest holds the
 * water back are marked NaN in the depth array before the flood (NaN never floods), and the depth of flooded
 * barrier cells is corrected to W − crest afterwards.
 */
import { isNodata, type Grid } from '@jumeau/core';
import { SMALLEST_FLOAT32_DEPTH } from './scanline-flood.js';

/** The crest altitude in force at `cell`, or NaN where there is no barrier or it is breached. */
function crestAt(barrier: Grid, breaches: Grid | null, cell: number): number {
  const crest = barrier.data[cell] as number;
  if (isNodata(crest, barrier.nodata)) return Number.NaN;
  if (breaches !== null) {
    const breach = breaches.data[cell] as number;
    if (breach !== 0 && !isNodata(breach, breaches.nodata)) return Number.NaN;
  }
  return crest;
}

/**
 * Marks with NaN the depth of every valid cell below the level whose crest is at or above it. Returns the number of
 * barrier cells in force (not breached, with a value).
 */
export function blockBarrierCells(dem: Grid, depth: Float32Array, levelMetres: number, barrier: Grid, breaches: Grid | null): number {
  let inForce = 0;
  for (let cell = 0; cell < depth.length; cell += 1) {
    const crest = crestAt(barrier, breaches, cell);
    if (Number.isNaN(crest)) continue;
    inForce += 1;
    const ground = dem.data[cell] as number;
    if (!isNodata(ground, dem.nodata) && ground < levelMetres && crest >= levelMetres) depth[cell] = Number.NaN;
  }
  return inForce;
}

/** Sets the depth of flooded barrier cells whose crest is above the DEM to W − crest (the effective ground). */
export function correctBarrierDepths(dem: Grid, depth: Float32Array, levelMetres: number, barrier: Grid, breaches: Grid | null): void {
  for (let cell = 0; cell < depth.length; cell += 1) {
    if (!((depth[cell] as number) > 0) || isNodata(dem.data[cell] as number, dem.nodata)) continue;
    const crest = crestAt(barrier, breaches, cell);
    if (crest > (dem.data[cell] as number)) depth[cell] = Math.max(levelMetres - crest, SMALLEST_FLOAT32_DEPTH);
  }
}
