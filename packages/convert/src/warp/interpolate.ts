import { type SourceView, isValidCell, viewIndex } from './source-view.js';

/*
 * Interpolating kernels, written after GDAL 3.6's gdalwarpkernel.cpp so that values equal `gdalwarp`'s:
 * positions are in source pixel units relative to the window, (0, 0) being the top-left corner of its first
 * cell, so cell centres sit at +0.5 (hence the −0.5 offsets). Each returns NaN when it finds no valid input.
 */

/** Bilinear over the 4 nearest cell centres; invalid or outside cells are dropped and the weights renormalised. */
export function bilinearSample(view: SourceView, x: number, y: number): number {
  const column = Math.floor(x - 0.5);
  const row = Math.floor(y - 0.5);
  const ratioX = 1.5 - (x - column);
  const ratioY = 1.5 - (y - row);
  if (view.valid === null && column >= 0 && row >= 0 && column + 1 < view.width && row + 1 < view.height) {
    // Interior and no nodata: GDAL's unmasked 4-tap formula, without per-tap checks.
    const data = view.data;
    const index = (view.row + row) * view.stride + view.column + column;
    const top = (data[index] as number) * ratioX + (data[index + 1] as number) * (1 - ratioX);
    const bottom = (data[index + view.stride] as number) * ratioX + (data[index + view.stride + 1] as number) * (1 - ratioX);
    return top * ratioY + bottom * (1 - ratioY);
  }
  let sum = 0;
  let divisor = 0;
  for (let dy = 0; dy < 2; dy += 1) {
    const cellRow = row + dy;
    if (cellRow < 0 || cellRow >= view.height) continue;
    const weightY = dy === 0 ? ratioY : 1 - ratioY;
    for (let dx = 0; dx < 2; dx += 1) {
      const cellColumn = column + dx;
      if (cellColumn < 0 || cellColumn >= view.width || !isValidCell(view, cellColumn, cellRow)) continue;
      const weight = (dx === 0 ? ratioX : 1 - ratioX) * weightY;
      divisor += weight;
      sum += (view.data[viewIndex(view, cellColumn, cellRow)] as number) * weight;
    }
  }
  if (divisor < 0.00001) return Number.NaN;
  return divisor === 1 ? sum : sum / divisor;
}

/** Keys cubic convolution weights (a = −0.5) of the 4 taps around a fractional offset `t` ∈ [0, 1). */
function cubicWeights(t: number, weights: Float64Array): void {
  const half = 0.5 * t;
  const three = 3 * t;
  const halfSquare = half * t;
  weights[0] = half * (-1 + t * (2 - t));
  weights[1] = 1 + halfSquare * (-5 + three);
  weights[2] = half * (1 + t * (4 - three));
  weights[3] = halfSquare * (-1 + t);
}

const weightsX = new Float64Array(4);
const weightsY = new Float64Array(4);

/**
 * Bicubic (Keys, a = −0.5) over the 4 × 4 nearest cell centres. Like GDAL, falls back to {@link bilinearSample}
 * at the window border and whenever one of the 16 cells is invalid.
 */
export function cubicSample(view: SourceView, x: number, y: number): number {
  const column = Math.trunc(x - 0.5);
  const row = Math.trunc(y - 0.5);
  if (column - 1 < 0 || column + 2 >= view.width || row - 1 < 0 || row + 2 >= view.height) return bilinearSample(view, x, y);
  cubicWeights(x - 0.5 - column, weightsX);
  cubicWeights(y - 0.5 - row, weightsY);
  if (view.valid === null) return cubicInterior(view, column, row);
  let sum = 0;
  for (let dy = -1; dy < 3; dy += 1) {
    let rowSum = 0;
    for (let dx = -1; dx < 3; dx += 1) {
      if (!isValidCell(view, column + dx, row + dy)) return bilinearSample(view, x, y);
      rowSum += (weightsX[dx + 1] as number) * (view.data[viewIndex(view, column + dx, row + dy)] as number);
    }
    sum += (weightsY[dy + 1] as number) * rowSum;
  }
  return sum;
}

/** The 16-tap sum with the weights already set, for a window without nodata (no per-tap checks). */
function cubicInterior(view: SourceView, column: number, row: number): number {
  const { data, stride } = view;
  let index = (view.row + row - 1) * stride + view.column + column - 1;
  let sum = 0;
  for (let tap = 0; tap < 4; tap += 1, index += stride) {
    const rowSum =
      (weightsX[0] as number) * (data[index] as number) +
      (weightsX[1] as number) * (data[index + 1] as number) +
      (weightsX[2] as number) * (data[index + 2] as number) +
      (weightsX[3] as number) * (data[index + 3] as number);
    sum += (weightsY[tap] as number) * rowSum;
  }
  return sum;
}

/** GDAL's `GWKBilinear` filter: the triangle 1 − |t| on [−1, 1]. */
export function triangleWeight(t: number): number {
  const absolute = Math.abs(t);
  return absolute <= 1 ? 1 - absolute : 0;
}

/** GDAL's `GWKCubic` filter: Keys cubic convolution, a = −0.5, support [−2, 2]. */
export function keysCubicWeight(t: number): number {
  const absolute = Math.abs(t);
  const square = t * t;
  if (absolute <= 1) return square * (1.5 * absolute - 2.5) + 1;
  if (absolute <= 2) return square * (-0.5 * absolute + 2.5) - 4 * absolute + 2;
  return 0;
}

/** A separable filter widened for downsampling (GDAL's `GWKResample`, used when a kernel scale is < 0.95). */
export interface WideKernel {
  readonly weight: (t: number) => number;
  /** Filter radius in source cells before widening: 1 bilinear, 2 cubic. */
  readonly radius: number;
  readonly scaleX: number;
  readonly scaleY: number;
  /** Widened radii, `ceil(radius / scale)` when the scale is < 1. */
  readonly radiusX: number;
  readonly radiusY: number;
}

/** The widened kernel for a filter of `radius` at the given scales. */
export function createWideKernel(weight: (t: number) => number, radius: number, scaleX: number, scaleY: number): WideKernel {
  return {
    weight,
    radius,
    scaleX,
    scaleY,
    radiusX: scaleX < 1 ? Math.ceil(radius / scaleX) : radius,
    radiusY: scaleY < 1 ? Math.ceil(radius / scaleY) : radius,
  };
}

/** Weighted sum over the widened window; invalid cells are skipped and the weights renormalised. */
export function wideSample(view: SourceView, kernel: WideKernel, x: number, y: number): number {
  if (view.valid === null && (kernel.radiusX > view.width || kernel.radiusY > view.height)) return bilinearSample(view, x, y);
  const column = Math.floor(x - 0.5);
  const row = Math.floor(y - 0.5);
  const deltaX = x - 0.5 - column;
  const deltaY = y - 0.5 - row;
  const start = (kernel.radius + 1) % 2;
  const firstRow = Math.max(start - kernel.radiusY, -row);
  const lastRow = Math.min(kernel.radiusY, view.height - row - 1);
  const firstColumn = Math.max(start - kernel.radiusX, -column);
  const lastColumn = Math.min(kernel.radiusX, view.width - column - 1);
  const scaleX = Math.min(kernel.scaleX, 1);
  const scaleY = Math.min(kernel.scaleY, 1);
  let sum = 0;
  let weightSum = 0;
  for (let j = firstRow; j <= lastRow; j += 1) {
    const weightY = kernel.weight((j - deltaY) * scaleY);
    let rowSum = 0;
    let rowWeight = 0;
    for (let i = firstColumn; i <= lastColumn; i += 1) {
      if (!isValidCell(view, column + i, row + j)) continue;
      const weightX = kernel.weight((i - deltaX) * scaleX);
      rowSum += (view.data[viewIndex(view, column + i, row + j)] as number) * weightX;
      rowWeight += weightX;
    }
    sum += rowSum * weightY;
    weightSum += rowWeight * weightY;
  }
  if (weightSum < 0.000001) return Number.NaN;
  // GDAL's unmasked path always divides; its masked path only when the sum is off 1 by more than 1e-5.
  if (view.valid === null) return sum / weightSum;
  return weightSum < 0.99999 || weightSum > 1.00001 ? sum / weightSum : sum;
}
