import {
  type Grid,
  type GridArray,
  JumeauError,
  allocateGridArray,
  assertCellCount,
  createGrid,
  gridDataTypeOf,
  parseCrs,
  throwIfAborted,
} from '@jumeau/core';
import { type TargetGridOptions, type WarpOptions, validateTargetGridOptions } from './options.js';
import { createPixelMapper } from './pixel-mapper.js';
import { computeSourceWindow } from './source-window.js';
import { computeValidity } from './source-view.js';
import { createValueWriter, defaultNodataFor } from './store.js';
import { type TargetLayout, planTargetLayout, suggestWarpOutput } from './target-grid.js';
import { createCoordinateTransformer } from './transform.js';
import { kernelRadius, runWarpJob } from './warp-rows.js';

/**
 * Reprojects and resamples a grid onto a new grid, with the values `gdalwarp -et 0` gives (GDAL 3.6 kernels:
 * exact transformation of every target cell centre, or of its corners for the aggregating methods).
 *
 * The target grid is laid out as `gdalwarp -te minX minY maxX maxY -tr resX resY` (origin at the top-left of
 * `bounds`, size `round(extent / resolution)`) or `-ts width height`; without `bounds`, the source's
 * transformed extent (edges densified). Source nodata (and NaN) cells are excluded; target cells with no valid
 * source get the target nodata. The result has the source's data type, units and vertical datum.
 *
 * @example
 * ```ts
 * const wgs84 = warp(dem, { crs: 4326, resolution: 0.0002, resampling: 'bilinear' })
 * const laea = warp(dem, { crs: 'EPSG:3035', bounds: [3380000, 2400000, 3395000, 2420000], resolution: 25, resampling: 'average' })
 * ```
 */
export function warp<T extends GridArray>(grid: Grid<T>, options: WarpOptions): Grid<T> {
  const crs = parseCrs(options.crs);
  return warpToCrs(grid, crs, options);
}

/** Refuses what is not a usable grid, naming the problem (a Grid may come from anywhere at runtime). */
export function assertWarpableGrid(grid: Grid, what = 'grid'): void {
  const fields = grid as Partial<Grid> | null | undefined;
  if (!fields || !ArrayBuffer.isView(fields.data) || (!Array.isArray(fields.transform) && !ArrayBuffer.isView(fields.transform))) {
    throw new JumeauError('input', `The ${what} to warp is not a Grid (expected width, height, transform, crs, data)`);
  }
  const { width, height, transform, data } = grid;
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || data.length !== width * height) {
    throw new JumeauError('input', `The ${what} has ${data.length} values for ${width} × ${height} cells`, {
      details: { width, height, length: data.length },
    });
  }
  if (transform.length !== 6 || !transform.every(Number.isFinite) || transform[1] * transform[5] - transform[2] * transform[4] === 0) {
    throw new JumeauError('input', `The ${what} transform [${transform.join(', ')}] is not an invertible GDAL geotransform`, {
      details: { transform: [...transform] },
    });
  }
}

/** The shared body of {@link warp}, {@link resample} and {@link mosaic}. */
export function warpToCrs<T extends GridArray>(grid: Grid<T>, crs: number, options: TargetGridOptions): Grid<T> {
  assertWarpableGrid(grid);
  validateTargetGridOptions(options, 'warp options');
  throwIfAborted(options.signal);
  const layout = planTargetLayout(() => suggestWarpOutput(grid, crs), options);
  return warpOntoLayout(grid, crs, layout, options);
}

/**
 * Warps onto an already planned target layout (the size is checked before anything is allocated). When
 * `written` is given, each target cell that received a value is marked 1 in it (for mosaics).
 */
export function warpOntoLayout<T extends GridArray>(
  grid: Grid<T>,
  crs: number,
  layout: TargetLayout,
  options: TargetGridOptions,
  written?: Uint8Array,
): Grid<T> {
  assertCellCount(layout.width, layout.height, 'warp target');
  const method = options.resampling ?? 'nearest';
  const mapPixels = createPixelMapper(layout.transform, grid.transform, createCoordinateTransformer(crs, grid.crs));
  const window = computeSourceWindow(layout.width, layout.height, grid.width, grid.height, kernelRadius(method), mapPixels);
  const nodata = options.nodata !== undefined ? options.nodata : (grid.nodata ?? defaultNodataFor(grid.data));
  const data = allocateGridArray(gridDataTypeOf(grid.data), layout.width * layout.height) as T;
  if (nodata !== null) data.fill(nodata);
  const view = { data: grid.data, valid: computeValidity(grid.data, grid.nodata), stride: grid.width, ...window };
  runWarpJob({
    view,
    window,
    method,
    mapPixels,
    width: layout.width,
    height: layout.height,
    write: createValueWriter(data, written),
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return createGrid<T>({
    width: layout.width,
    height: layout.height,
    transform: layout.transform,
    crs,
    nodata,
    verticalDatum: grid.verticalDatum,
    units: grid.units,
    data,
  });
}
