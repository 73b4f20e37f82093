import type { Grid, GridArray } from '@jumeau/core';
import type { TargetGridOptions } from './options.js';
import { warpToCrs } from './warp.js';

/** Options of {@link resample}: the target layout in the grid's own CRS. */
export type ResampleOptions = TargetGridOptions;

/**
 * Changes the resolution (or the size, or the extent) of a grid without changing its CRS, with the values of
 * `gdalwarp -tr` (or `-ts`, `-te`) on the same CRS: the same GDAL kernels as {@link warp}, including the
 * kernel widening of bilinear and cubic when downsampling.
 *
 * @example
 * ```ts
 * const dem50 = resample(dem20, { resolution: 50, resampling: 'average' })
 * const dem5 = resample(dem20, { resolution: 5, resampling: 'cubic' })
 * ```
 */
export function resample<T extends GridArray>(grid: Grid<T>, options: ResampleOptions): Grid<T> {
  return warpToCrs(grid, grid.crs, options);
}
