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
  validate,
} from '@jumeau/core';
import { z } from 'zod';
import { type TargetGridOptions, validateTargetGridOptions } from './options.js';
import { defaultNodataFor } from './store.js';
import { type SuggestedOutput, type TargetLayout, planTargetLayout, suggestWarpOutput } from './target-grid.js';
import { assertWarpableGrid, warpOntoLayout } from './warp.js';

/** Which input wins where several have a value: the finest cell size, or the last in the list. */
export type MosaicPriority = 'finest' | 'latest';

/**
 * Options of {@link mosaic}.
 *
 * @example
 * ```ts
 * const options: MosaicOptions = { priority: 'latest', crs: 2154, resolution: 5, resampling: 'average' }
 * ```
 */
export interface MosaicOptions extends TargetGridOptions {
  /** `finest` (default): the smallest cell size wins (ties: the later input); `latest`: the later input wins, as gdalwarp paints. */
  readonly priority?: MosaicPriority;
  /** Target CRS; default the first grid's. */
  readonly crs?: number | string;
}

/**
 * A mosaic and where each of its cells came from.
 *
 * @example
 * ```ts
 * const { grid, provenance } = mosaic([national, local])
 * const fromLocal = provenance.data.filter((index) => index === 1).length
 * ```
 */
export interface MosaicResult<T extends GridArray = GridArray> {
  readonly grid: Grid<T>;
  /** Index in the input list of the grid each cell came from; 255 (Uint8) or 65535 (Uint16) where none had a value. */
  readonly provenance: Grid<Uint8Array | Uint16Array>;
}

const mosaicSchema = z.object({ priority: z.enum(['finest', 'latest']).optional() });

interface PreparedInput {
  readonly index: number;
  readonly suggestion: SuggestedOutput;
}

/** Union of the inputs' extents and the finest of their cell sizes, in the target CRS (as gdalwarp does). */
function suggestUnion(inputs: readonly PreparedInput[]): SuggestedOutput {
  const bounds = inputs.map((input) => input.suggestion.bounds);
  const union = [
    Math.min(...bounds.map((b) => b[0])),
    Math.min(...bounds.map((b) => b[1])),
    Math.max(...bounds.map((b) => b[2])),
    Math.max(...bounds.map((b) => b[3])),
  ] as const;
  const resolution = Math.min(...inputs.map((input) => input.suggestion.resolution));
  return {
    bounds: union,
    resolution,
    width: Math.trunc((union[2] - union[0]) / resolution + 0.5),
    height: Math.trunc((union[3] - union[1]) / resolution + 0.5),
  };
}

function nativeSuggestion(grid: Grid, crs: number): SuggestedOutput {
  if (grid.crs !== crs || grid.transform[2] !== 0 || grid.transform[4] !== 0) return suggestWarpOutput(grid, crs);
  const [x0, a, , y0, , e] = grid.transform;
  const bounds = [
    Math.min(x0, x0 + a * grid.width),
    Math.min(y0, y0 + e * grid.height),
    Math.max(x0, x0 + a * grid.width),
    Math.max(y0, y0 + e * grid.height),
  ] as const;
  return { bounds, resolution: Math.min(Math.abs(a), Math.abs(e)), width: grid.width, height: grid.height };
}

/** Painting order: the input painted last wins. */
function paintingOrder(inputs: readonly PreparedInput[], priority: MosaicPriority): PreparedInput[] {
  if (priority === 'latest') return [...inputs];
  // Coarsest first, so finer cells are painted over; equal sizes keep the input order (stable sort).
  return [...inputs].sort((a, b) => b.suggestion.resolution - a.suggestion.resolution);
}

function paint(target: GridArray, provenance: Uint8Array | Uint16Array, warped: Grid, written: Uint8Array, index: number): void {
  const { data } = warped;
  for (let cell = 0; cell < data.length; cell += 1) {
    if (written[cell] !== 1) continue;
    target[cell] = data[cell] as number;
    provenance[cell] = index;
  }
}

function commonDataType(grids: readonly Grid[]) {
  const types = new Set(grids.map((grid) => gridDataTypeOf(grid.data)));
  return types.size === 1 ? gridDataTypeOf((grids[0] as Grid).data) : 'float64';
}

/**
 * Assembles grids into one: each input is warped (GDAL's kernels, as {@link warp}) onto a common target grid —
 * by default in the first grid's CRS, covering the union of the inputs at the finest input resolution — then
 * painted in priority order, so local, finer or more recent acquisitions override national data where they
 * have values. `provenance` says, cell by cell, which input (its index) the value came from.
 *
 * @example
 * ```ts
 * const { grid, provenance } = mosaic([nationalDem25m, litto3dDem1m], { priority: 'finest', resampling: 'bilinear' })
 * ```
 */
export function mosaic<T extends GridArray>(grids: readonly Grid<T>[], options: MosaicOptions = {}): MosaicResult<T> {
  if (!Array.isArray(grids) || grids.length === 0) throw new JumeauError('input', 'mosaic needs at least one grid, got none');
  if (grids.length > 65535) throw new JumeauError('input', `mosaic takes at most 65535 grids, got ${grids.length}`);
  for (const [index, grid] of grids.entries()) assertWarpableGrid(grid, `grid ${index}`);
  validateTargetGridOptions(options, 'mosaic options');
  const { priority = 'finest' } = validate(mosaicSchema, { priority: options.priority }, 'mosaic options');
  const first = grids[0] as Grid<T>;
  const crs = options.crs === undefined ? first.crs : parseCrs(options.crs);
  const inputs = grids.map((grid, index) => ({ index, suggestion: nativeSuggestion(grid, crs) }));
  const layout: TargetLayout = planTargetLayout(() => suggestUnion(inputs), options);
  const cells = assertCellCount(layout.width, layout.height, 'mosaic target');
  const dataType = commonDataType(grids);
  const data = allocateGridArray(dataType, cells) as T;
  const nodata = options.nodata !== undefined ? options.nodata : (first.nodata ?? defaultNodataFor(data));
  if (nodata !== null) data.fill(nodata);
  const provenance = grids.length < 255 ? new Uint8Array(cells).fill(255) : new Uint16Array(cells).fill(65535);
  const order = paintingOrder(inputs, priority);
  order.forEach((input, step) => {
    throwIfAborted(options.signal);
    const onProgress = options.onProgress;
    const written = new Uint8Array(cells);
    const warped = warpOntoLayout(
      grids[input.index] as Grid,
      crs,
      layout,
      { ...options, nodata: null, onProgress: onProgress && ((fraction: number) => onProgress((step + fraction) / order.length)) },
      written,
    );
    paint(data, provenance, warped, written, input.index);
  });
  const common = { width: layout.width, height: layout.height, transform: layout.transform, crs };
  return {
    grid: createGrid<T>({ ...common, nodata, verticalDatum: first.verticalDatum, units: first.units, data }),
    provenance: createGrid({
      ...common,
      nodata: provenance instanceof Uint8Array ? 255 : 65535,
      verticalDatum: null,
      units: null,
      data: provenance,
    }),
  };
}
