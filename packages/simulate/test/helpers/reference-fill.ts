/**
 * An independent reference for depression filling: the iterative algorithm of Planchon & Darboux (2001, Catena
 * 46:159–176, section 2 "direct implementation", with ε = 0), which converges to the same unique filled surface
 * as Priority-Flood by a different route (lowering a water surface from +∞ instead of flooding from the outlets).
 * O(n²) worst case: for small grids only.
 */
import { isNodata, type Grid } from '@jumeau/core';

export function referenceFill(dem: Grid): Float64Array {
  const { width, height, data, nodata } = dem;
  const water = new Float64Array(data.length);
  const valid = (row: number, column: number): boolean =>
    row >= 0 && column >= 0 && row < height && column < width && !isNodata(data[row * width + column] as number, nodata);
  for (let cell = 0; cell < data.length; cell += 1) {
    const row = Math.floor(cell / width);
    const column = cell % width;
    if (!valid(row, column)) {
      water[cell] = Number.NaN;
      continue;
    }
    let isOutlet = false;
    for (let dr = -1; dr <= 1; dr += 1) for (let dc = -1; dc <= 1; dc += 1) if (!valid(row + dr, column + dc)) isOutlet = true;
    water[cell] = isOutlet ? (data[cell] as number) : Number.POSITIVE_INFINITY;
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let cell = 0; cell < data.length; cell += 1) {
      const ground = data[cell] as number;
      if (!((water[cell] as number) > ground)) continue;
      const row = Math.floor(cell / width);
      const column = cell % width;
      for (let dr = -1; dr <= 1; dr += 1) {
        for (let dc = -1; dc <= 1; dc += 1) {
          if ((dr === 0 && dc === 0) || !valid(row + dr, column + dc)) continue;
          const neighbourWater = water[(row + dr) * width + column + dc] as number;
          if (ground >= neighbourWater) {
            water[cell] = ground;
            changed = true;
          } else if ((water[cell] as number) > neighbourWater) {
            water[cell] = neighbourWater;
            changed = true;
          }
          if (!((water[cell] as number) > ground)) break;
        }
        if (!((water[cell] as number) > ground)) break;
      }
    }
  }
  return water;
}
