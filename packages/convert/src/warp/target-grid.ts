import { JumeauError, type Bounds, type CrsLike, type GeoTransform, type Grid, parseCrs } from '@jumeau/core';
import type { TargetGridOptions } from './options.js';
import { type CoordinateTransformer, createCoordinateTransformer } from './transform.js';

/** Size and georeference of a warp's target grid. */
export interface TargetLayout {
  readonly width: number;
  readonly height: number;
  readonly transform: GeoTransform;
}

/** GDAL's suggested output (`GDALSuggestedWarpOutput2`): the transformed extent and a square cell size. */
export interface SuggestedOutput {
  readonly bounds: Bounds;
  readonly resolution: number;
  readonly width: number;
  readonly height: number;
}

/**
 * What `gdalwarp` suggests for a grid warped to `crs` (GDAL's `GDALSuggestedWarpOutput2`): the extent of its
 * four edges once transformed, densified with `clamp(round(min(width, height) / 50), 20, 100)` steps, and a
 * square cell size keeping the number of cells along the diagonal. {@link warp} uses it without `bounds`.
 *
 * @example
 * ```ts
 * const { bounds, resolution, width, height } = suggestWarpOutput(dem, 4326) // degrees
 * ```
 */
export function suggestWarpOutput(grid: Pick<Grid, 'width' | 'height' | 'transform' | 'crs'>, crs: CrsLike): SuggestedOutput {
  return suggestWithTransformer(grid, createCoordinateTransformer(grid.crs, parseCrs(crs)));
}

/** {@link suggestWarpOutput} with an explicit source → target coordinate transformation. */
export function suggestWithTransformer(
  grid: Pick<Grid, 'width' | 'height' | 'transform'>,
  transform: CoordinateTransformer,
): SuggestedOutput {
  const steps = Math.min(100, Math.max(20, Math.trunc(Math.min(grid.width, grid.height) / 50 + 0.5)));
  const pointsPerEdge = steps + 1;
  const xy = new Float64Array(pointsPerEdge * 4 * 2);
  const edges: ReadonlyArray<(ratio: number) => [number, number]> = [
    (ratio) => [ratio * grid.width, 0],
    (ratio) => [ratio * grid.width, grid.height],
    (ratio) => [0, ratio * grid.height],
    (ratio) => [grid.width, ratio * grid.height],
  ];
  const [x0, a, b, y0, d, e] = grid.transform;
  edges.forEach((edge, edgeIndex) => {
    for (let step = 0; step <= steps; step += 1) {
      const [column, row] = edge(step === steps ? 1 : step * (1 / steps));
      const index = (edgeIndex * pointsPerEdge + step) * 2;
      xy[index] = x0 + column * a + row * b;
      xy[index + 1] = y0 + column * d + row * e;
    }
  });
  transform(xy);
  return suggestionFromPoints(xy, grid.width, grid.height);
}

function suggestionFromPoints(xy: Float64Array, width: number, height: number): SuggestedOutput {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let index = 0; index < xy.length; index += 2) {
    const x = xy[index] as number;
    const y = xy[index + 1] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  }
  if (!(minX < maxX && minY < maxY)) {
    throw new JumeauError('crs', 'The source extent cannot be transformed to the target CRS (no edge point transforms)');
  }
  const last = xy.length - 2;
  let deltaX = (xy[last] as number) - (xy[0] as number);
  let deltaY = (xy[last + 1] as number) - (xy[1] as number);
  if (!(deltaX !== 0 && deltaY !== 0)) [deltaX, deltaY] = [maxX - minX, maxY - minY];
  const resolution = Math.hypot(deltaX, deltaY) / Math.hypot(width, height);
  return {
    bounds: [minX, minY, maxX, maxY],
    resolution,
    width: Math.trunc((maxX - minX) / resolution + 0.5),
    height: Math.trunc((maxY - minY) / resolution + 0.5),
  };
}

/**
 * The target grid exactly as gdalwarp lays it out: with `bounds` and `resolution` (`-te -tr`), origin at the
 * bounds' top-left and size `round(extent / resolution)`; with `width`/`height` (`-ts`), the bounds split in
 * that many cells; without bounds, GDAL's suggested output extent (see {@link suggestWarpOutput}).
 */
export function planTargetLayout(suggest: () => SuggestedOutput, options: TargetGridOptions): TargetLayout {
  let bounds = options.bounds;
  let suggestion: SuggestedOutput | undefined;
  if (bounds === undefined) {
    suggestion = suggest();
    const [minX, , , maxY] = suggestion.bounds;
    // gdalwarp keeps the suggested top-left corner and the suggested cell count.
    bounds = [minX, maxY - suggestion.height * suggestion.resolution, minX + suggestion.width * suggestion.resolution, maxY];
  }
  const [minX, minY, maxX, maxY] = bounds;
  if (options.width !== undefined && options.height !== undefined) {
    const cellX = (maxX - minX) / options.width;
    const cellY = (maxY - minY) / options.height;
    return { width: options.width, height: options.height, transform: [minX, cellX, 0, maxY, 0, -cellY] };
  }
  const resolution = options.resolution ?? (suggestion ?? suggest()).resolution;
  const [resolutionX, resolutionY] = typeof resolution === 'number' ? [resolution, resolution] : resolution;
  const width = Math.trunc((maxX - minX + resolutionX / 2) / resolutionX);
  const height = Math.trunc((maxY - minY + resolutionY / 2) / resolutionY);
  if (width < 1 || height < 1) {
    throw new JumeauError('input', `The target extent [${bounds.join(', ')}] is smaller than one cell of ${resolutionX} × ${resolutionY}`, {
      details: { bounds, resolution },
    });
  }
  return { width, height, transform: [minX, resolutionX, 0, maxY, 0, -resolutionY] };
}
