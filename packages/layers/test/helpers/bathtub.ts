import { type Grid, createGridLike } from '@jumeau/core';

/** Xynthia-like still water level used by the tests, m NGF-IGN69. */
export const WATER_LEVEL_METRES = 4.5;

/**
 * A bathtub flood depth grid: W − z where the ground z is below the level W, nodata (−9999) elsewhere.
 * (The real kernel is @jumeau/simulate's; this is enough to give the layers a real-shaped depth field.)
 */
export function bathtubDepth(dem: Grid, levelMetres = WATER_LEVEL_METRES): Grid<Float32Array> {
  const depth = createGridLike<Float32Array>(dem, { dataType: 'float32', nodata: -9999, units: 'm', verticalDatum: null });
  for (let index = 0; index < dem.data.length; index += 1) {
    const z = dem.data[index] as number;
    depth.data[index] = z < levelMetres ? levelMetres - z : -9999;
  }
  return depth;
}
