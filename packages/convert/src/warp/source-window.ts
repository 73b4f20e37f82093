import type { PixelMapper } from './pixel-mapper.js';

/**
 * The part of the source a warp reads, and the scale factors of its resampling kernels: GDAL's
 * `GDALWarpOperation::ComputeSourceWindow` and `GDALWarpKernel::PerformWarp` for a single chunk, reproduced so
 * that edge handling and the kernel widening when downsampling (`dfXScale`, `dfYScale`) match `gdalwarp`.
 */
export interface SourceWindow {
  /** First source column and row of the window. */
  readonly column: number;
  readonly row: number;
  /** Size of the window in source cells (0 when the target does not overlap the source). */
  readonly width: number;
  readonly height: number;
  /** Target cells per source cell along x and y, as the GDAL kernel uses them (1 when not downsampling). */
  readonly scaleX: number;
  readonly scaleY: number;
}

const EDGE_STEPS = 21;

/** Source pixel positions of 21 points along each edge of the target (GDAL's edge sampling). */
function sampleTargetEdges(targetWidth: number, targetHeight: number, mapPixels: PixelMapper): Float64Array {
  const xy = new Float64Array(EDGE_STEPS * 4 * 2);
  const step = 1 / (EDGE_STEPS - 1);
  let index = 0;
  // The ratio accumulates in floating point exactly as GDAL's loop does, so the sampled points are the same.
  for (let ratio = 0; ratio <= 1 + step * 0.5; ratio += step) {
    xy.set([ratio * targetWidth, 0, ratio * targetWidth, targetHeight, 0, ratio * targetHeight, targetWidth, ratio * targetHeight], index);
    index += 8;
  }
  mapPixels(xy);
  return xy.subarray(0, index);
}

function roundIfCloseEnough(value: number): number {
  const rounded = Math.round(value);
  return Math.abs(rounded - value) < 1e-6 ? rounded : value;
}

interface AxisWindow {
  readonly offset: number;
  readonly size: number;
  readonly scale: number;
}

/** One axis of GDAL's window and kernel scale computation. */
function computeAxis(minimum: number, maximum: number, targetSize: number, rasterSize: number, radius: number): AxisWindow {
  const windowScale = Math.max(1e-3, targetSize / (maximum - minimum));
  const kernelRadius = windowScale < 0.95 ? Math.ceil(radius / windowScale) : radius;
  const minimumClamped = Math.trunc(Math.max(0, minimum));
  const maximumClamped = Math.trunc(Math.min(Math.ceil(maximum), rasterSize));
  const rawSize = Math.max(0, Math.min(rasterSize - minimumClamped, maximum - minimum));
  let offset = 0;
  let size = rasterSize;
  if (!(maximumClamped - minimumClamped > 0.9 * rasterSize)) {
    offset = Math.max(0, Math.min(minimumClamped - kernelRadius, rasterSize));
    size = Math.max(0, Math.min(rasterSize - offset, maximumClamped - offset + kernelRadius));
  }
  const extra = size - rawSize;
  let scale = targetSize / (size - extra);
  if (size >= targetSize && size <= targetSize + extra) scale = 1;
  if (scale < 1) {
    const reciprocal = 1 / scale;
    const rounded = Math.trunc(reciprocal + 0.5);
    if (Math.abs(reciprocal - rounded) < 0.05) scale = 1 / rounded;
  }
  return { offset, size, scale };
}

/**
 * Computes the source window and kernel scales of a warp whose target is `targetWidth × targetHeight` cells,
 * for a kernel of `radius` source cells (0 nearest and the aggregating methods, 1 bilinear, 2 cubic).
 */
export function computeSourceWindow(
  targetWidth: number,
  targetHeight: number,
  sourceWidth: number,
  sourceHeight: number,
  radius: number,
  mapPixels: PixelMapper,
): SourceWindow {
  const points = sampleTargetEdges(targetWidth, targetHeight, mapPixels);
  let minimumX = Number.POSITIVE_INFINITY;
  let minimumY = Number.POSITIVE_INFINITY;
  let maximumX = Number.NEGATIVE_INFINITY;
  let maximumY = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < points.length; index += 2) {
    const x = points[index] as number;
    const y = points[index + 1] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    minimumX = Math.min(minimumX, x);
    minimumY = Math.min(minimumY, y);
    maximumX = Math.max(maximumX, x);
    maximumY = Math.max(maximumY, y);
  }
  const empty = { column: 0, row: 0, width: 0, height: 0, scaleX: 1, scaleY: 1 };
  if (!(minimumX <= sourceWidth && maximumX >= 0 && minimumY <= sourceHeight && maximumY >= 0)) return empty;
  const axisX = computeAxis(roundIfCloseEnough(minimumX), roundIfCloseEnough(maximumX), targetWidth, sourceWidth, radius);
  const axisY = computeAxis(roundIfCloseEnough(minimumY), roundIfCloseEnough(maximumY), targetHeight, sourceHeight, radius);
  if (axisX.size === 0 || axisY.size === 0) return empty;
  return { column: axisX.offset, row: axisY.offset, width: axisX.size, height: axisY.size, scaleX: axisX.scale, scaleY: axisY.scale };
}
