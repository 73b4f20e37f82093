import { JumeauError } from '@jumeau/core';
import { type Footprint, averageFootprint, extremumFootprint, modeFootprint, setFootprint } from './aggregate.js';
import { bilinearSample, createWideKernel, cubicSample, keysCubicWeight, triangleWeight, wideSample } from './interpolate.js';
import type { ResamplingMethod, WarpProgressCallback } from './options.js';
import type { PixelMapper } from './pixel-mapper.js';
import type { SourceWindow } from './source-window.js';
import { type SourceView, isValidCell, viewIndex } from './source-view.js';
import type { ValueWriter } from './store.js';

/** Everything the row loops need. */
export interface WarpJob {
  readonly view: SourceView;
  readonly window: SourceWindow;
  readonly method: ResamplingMethod;
  readonly mapPixels: PixelMapper;
  readonly width: number;
  readonly height: number;
  readonly write: ValueWriter;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: WarpProgressCallback | undefined;
}

/** Kernel radius in source cells of each method (GDAL's `anGWKFilterRadius`). */
export function kernelRadius(method: ResamplingMethod): number {
  return method === 'bilinear' ? 1 : method === 'cubic' ? 2 : 0;
}

/** Checks the signal and reports progress after each block of rows (about 100 reports per warp). */
function createRowReporter(job: WarpJob): (row: number) => void {
  const block = Math.max(1, Math.ceil(job.height / 100));
  return (row) => {
    if (job.signal?.aborted) {
      throw new JumeauError('aborted', `Warp cancelled at target row ${row} of ${job.height}`, {
        cause: job.signal.reason,
        details: { row },
      });
    }
    if (job.onProgress && row > 0 && (row % block === 0 || row === job.height)) job.onProgress(row / job.height);
  };
}

type Sampler = (view: SourceView, x: number, y: number, column: number, row: number) => number;

function createSampler(job: WarpJob): Sampler {
  const { method, window } = job;
  if (method === 'nearest') return (view, _x, _y, column, row) => view.data[viewIndex(view, column, row)] as number;
  if (window.scaleX >= 0.95 && window.scaleY >= 0.95) {
    return method === 'bilinear' ? (view, x, y) => bilinearSample(view, x, y) : (view, x, y) => cubicSample(view, x, y);
  }
  const kernel = createWideKernel(
    method === 'bilinear' ? triangleWeight : keysCubicWeight,
    kernelRadius(method),
    window.scaleX,
    window.scaleY,
  );
  return (view, x, y) => wideSample(view, kernel, x, y);
}

/**
 * Nearest, bilinear and cubic: each target cell centre is mapped to the source (exactly, row by row); like
 * GDAL, a cell whose centre falls on an invalid source cell or outside the window stays nodata.
 */
export function warpInterpolatedRows(job: WarpJob): void {
  const { view, width } = job;
  const sample = createSampler(job);
  const report = createRowReporter(job);
  const xy = new Float64Array(width * 2);
  for (let row = 0; row < job.height; row += 1) {
    report(row);
    for (let column = 0; column < width; column += 1) {
      xy[2 * column] = column + 0.5;
      xy[2 * column + 1] = row + 0.5;
    }
    job.mapPixels(xy);
    // Hot loop over one target row: kept in one function on purpose.
    for (let column = 0; column < width; column += 1) {
      const x = (xy[2 * column] as number) - view.column;
      const y = (xy[2 * column + 1] as number) - view.row;
      if (!(x >= 0 && y >= 0 && x + 1e-10 <= view.width && y + 1e-10 <= view.height)) continue;
      let sourceColumn = Math.trunc(x + 1e-10);
      let sourceRow = Math.trunc(y + 1e-10);
      if (sourceColumn === view.width) sourceColumn -= 1;
      if (sourceRow === view.height) sourceRow -= 1;
      if (!isValidCell(view, sourceColumn, sourceRow)) continue;
      const value = sample(view, x, y, sourceColumn, sourceRow);
      if (!Number.isNaN(value)) job.write(row * width + column, value);
    }
  }
  report(job.height);
}

function aggregate(view: SourceView, footprint: Footprint, method: ResamplingMethod, counts: Map<number, number>): number {
  if (method === 'average') return averageFootprint(view, footprint);
  if (method === 'mode') return modeFootprint(view, footprint, counts);
  return extremumFootprint(view, footprint, method === 'min' ? 1 : -1);
}

function fillCornerRow(lattice: Float64Array, row: number, mapPixels: PixelMapper): void {
  for (let column = 0; 2 * column < lattice.length; column += 1) {
    lattice[2 * column] = column;
    lattice[2 * column + 1] = row;
  }
  mapPixels(lattice);
}

/**
 * Average, mode, min and max: each target cell's corners are mapped to the source (one row of cell corners
 * per target row, shared with the next row) and the source cells of the footprint are aggregated.
 */
export function warpAggregatedRows(job: WarpJob): void {
  const { view, width, window } = job;
  const report = createRowReporter(job);
  const margins = [2 * Math.max(1, Math.ceil(1 / window.scaleX)), 2 * Math.max(1, Math.ceil(1 / window.scaleY))] as const;
  const footprint: Footprint = { columnStart: 0, columnEnd: 0, rowStart: 0, rowEnd: 0, minimumX: 0, maximumX: 0, minimumY: 0, maximumY: 0 };
  const counts = new Map<number, number>();
  let top = new Float64Array((width + 1) * 2);
  let bottom = new Float64Array((width + 1) * 2);
  fillCornerRow(top, 0, job.mapPixels);
  for (let row = 0; row < job.height; row += 1) {
    report(row);
    fillCornerRow(bottom, row + 1, job.mapPixels);
    for (let column = 0; column < width; column += 1) {
      const corners = [
        (top[2 * column] as number) - view.column,
        (top[2 * column + 1] as number) - view.row,
        (bottom[2 * column + 2] as number) - view.column,
        (bottom[2 * column + 3] as number) - view.row,
      ] as const;
      if (!setFootprint(footprint, view, corners, margins)) continue;
      const value = aggregate(view, footprint, job.method, counts);
      if (!Number.isNaN(value)) job.write(row * width + column, value);
    }
    [top, bottom] = [bottom, top];
  }
  report(job.height);
}

/** Runs the row loops of a job into its target. */
export function runWarpJob(job: WarpJob): void {
  if (job.window.width === 0 || job.window.height === 0) return;
  const aggregating = job.method === 'average' || job.method === 'mode' || job.method === 'min' || job.method === 'max';
  if (aggregating) warpAggregatedRows(job);
  else warpInterpolatedRows(job);
}
