/**
 * Static submersion with hydraulic connectivity (the "approche statique" of French coastal-risk practice): a cell
 * floods iff its effective ground is strictly below W = still-water level + sea-level rise and a path of cells all
 * strictly below W (4- or 8-connected) links it to the sea.
 */
import { JumeauError, assertSameGrid, cellArea, createGridLike, getCrs, isNodata, validate, type Grid } from '@jumeau/core';
import { z } from 'zod';
import { ProgressReporter, reportPhase, type KernelOptions } from '../kernel-options.js';
import { blockBarrierCells, correctBarrierDepths } from './barrier.js';
import { CellStack, type FloodState, floodFromSeeds } from './scanline-flood.js';
import { type SeedPoint, seedBorder, seedCells, seedNodataNeighbours, seedPointCells, seedSeaMask } from './seeds.js';
import { finishSubmersion, summariseSubmersion, type SubmersionStatistics } from './statistics.js';

/** Options of {@link computeStaticSubmersion}. Levels in metres in the DEM's vertical datum (e.g. m NGF-IGN69). */
export interface StaticSubmersionOptions extends KernelOptions {
  /** Still-water level (m), e.g. the reference event of a PPRL (Xynthia at La Rochelle: 4.5 m NGF). */
  readonly stillWaterLevelMetres: number;
  /** Sea-level rise added to the still-water level (m), default 0. See `SEA_LEVEL_SCENARIOS`. */
  readonly seaLevelRiseMetres?: number;
  /** 8 (default: diagonals connect, as GRASS r.lake) or 4. */
  readonly connectivity?: 4 | 8;
  /** Seed points in the DEM's CRS: the sea enters there. */
  readonly seeds?: readonly SeedPoint[];
  /** A grid on the DEM's grid whose non-zero, non-nodata cells are sea. */
  readonly seaMask?: Grid;
  /** Nodata cells are sea (the DEM's sea was masked out). Nodata cells never flood themselves. */
  readonly nodataIsSea?: boolean;
  /** Crest altitudes of coastal defences (m) on the DEM's grid; nodata where there is no defence. */
  readonly barrier?: Grid;
  /** Breached defence cells (non-zero) on the DEM's grid: their crest is ignored. */
  readonly breaches?: Grid;
  /**
   * A Float32Array of one value per DEM cell to write the depths into (it is zeroed first; its old content does not
   * matter), e.g. the previous result's `depth.data` in a sweep of levels. At 10⁸ cells the first write to a fresh
   * 400 MB array (page faults) costs as much as the flood itself; a reused buffer skips it. Default: a new array.
   */
  readonly depthBuffer?: Float32Array;
}

/** What {@link computeStaticSubmersion} returns. */
export interface StaticSubmersionResult {
  /** Water depth (m, Float32): W − effective ground where flooded, 0 where dry, nodata where the DEM has none. */
  readonly depth: Grid<Float32Array>;
  readonly statistics: SubmersionStatistics;
  /** How many seed points were on a cell strictly below W (the others flood nothing). */
  readonly acceptedSeedCount: number;
}

const optionsSchema = z.object({
  stillWaterLevelMetres: z.number().finite(),
  seaLevelRiseMetres: z.number().finite().default(0),
  connectivity: z.union([z.literal(4), z.literal(8)]).default(8),
  seeds: z.array(z.object({ x: z.number().finite(), y: z.number().finite() })).optional(),
  nodataIsSea: z.boolean().default(false),
});

/** The depth grid's nodata: the DEM's, except 0 (which means "dry") becomes −9999. */
function depthNodataFor(dem: Grid): number | null {
  if (dem.nodata === 0) return -9999;
  return dem.nodata;
}

function checkInputs(dem: Grid, options: StaticSubmersionOptions): void {
  if (getCrs(dem.crs).units !== 'metre') {
    throw new JumeauError('crs', `Static submersion needs a DEM in a projected CRS in metres, not EPSG:${dem.crs}; warp it first`, {
      details: { crs: dem.crs },
    });
  }
  if (options.seaMask) assertSameGrid(dem, options.seaMask, ['DEM', 'sea mask']);
  if (options.barrier) assertSameGrid(dem, options.barrier, ['DEM', 'barrier']);
  if (options.depthBuffer && options.depthBuffer.length !== dem.data.length) {
    throw new JumeauError('input', `The depth buffer has ${options.depthBuffer.length} values, the DEM ${dem.data.length} cells`, {
      details: { depthBufferLength: options.depthBuffer.length, cells: dem.data.length },
    });
  }
  if (options.breaches) {
    if (!options.barrier) throw new JumeauError('input', 'Breaches were given without a barrier grid');
    assertSameGrid(dem, options.breaches, ['DEM', 'breaches']);
  }
}

function markNodata(dem: Grid, depth: Float32Array, depthNodata: number | null): void {
  if (dem.nodata === null) return;
  for (let cell = 0; cell < depth.length; cell += 1) {
    if (isNodata(dem.data[cell] as number, dem.nodata)) depth[cell] = depthNodata ?? Number.NaN;
  }
}

/**
 * Floods a DEM to W = still-water level + sea-level rise from the sea, with hydraulic connectivity.
 *
 * O(n) span flood fill, no recursion, working memory ≤ 6 bytes per cell beyond the DEM (the Float32 depth grid and
 * a bounded stack). Without a barrier the DEM is read by the flood and once more by the statistics pass, nothing else. Sea = every border cell below W unless `seeds`, `seaMask` or `nodataIsSea` say otherwise.
 * Throws `input` (bad options, grids not on the DEM's grid, seed outside the DEM), `crs` (DEM not in metres),
 * `aborted`.
 *
 * @example
 * ```ts
 * const { depth, statistics } = computeStaticSubmersion(dem, { stillWaterLevelMetres: 4.5, seaLevelRiseMetres: 0.6 })
 * console.log(statistics.floodedAreaSquareMetres / 1e6, 'km² flooded')
 * ```
 */
export function computeStaticSubmersion(dem: Grid, options: StaticSubmersionOptions): StaticSubmersionResult {
  const parsed = validate(optionsSchema, options, 'static submersion options');
  checkInputs(dem, options);
  const levelMetres = parsed.stillWaterLevelMetres + parsed.seaLevelRiseMetres;
  const depthNodata = depthNodataFor(dem);
  const depth = createGridLike<Float32Array>(dem, {
    ...(options.depthBuffer ? { data: options.depthBuffer.fill(0) } : { dataType: 'float32' as const }),
    nodata: depthNodata,
    units: 'm',
    verticalDatum: null,
  });
  reportPhase(options, 0, 'preparing');
  const barrier = options.barrier ?? null;
  if (barrier) {
    markNodata(dem, depth.data, depthNodata);
    blockBarrierCells(dem, depth.data, levelMetres, barrier, options.breaches ?? null);
  }
  const state: FloodState = {
    elevation: dem.data,
    depth: depth.data,
    width: dem.width,
    height: dem.height,
    levelMetres,
    nodataValue: dem.nodata ?? Number.NaN,
    diagonalReach: parsed.connectivity === 8 ? 1 : 0,
    depthSum: 0,
    maximumDepth: 0,
  };
  const stack = new CellStack(Math.max(1024, Math.floor(depth.data.length / 6)));
  const acceptedSeedCount = seedSea(dem, state, stack, options, parsed.seeds);
  reportPhase(options, 0.05, 'flooding');
  const floodedCellCount = floodFromSeeds(state, stack, new ProgressReporter(options, depth.data.length, 0.05, 0.9, 'flooding'));
  reportPhase(options, 0.9, 'summarising');
  const area = cellArea(dem.transform);
  let statistics: SubmersionStatistics;
  if (barrier) {
    correctBarrierDepths(dem, depth.data, levelMetres, barrier, options.breaches ?? null);
    statistics = summariseSubmersion(dem.data, dem.nodata, depth.data, levelMetres, area);
  } else {
    statistics = finishSubmersion(dem.data, dem.nodata, depth.data, depthNodata, levelMetres, area, {
      floodedCellCount,
      depthSum: state.depthSum,
      maximumDepth: state.maximumDepth,
    });
  }
  options.onProgress?.(1, 'done');
  return { depth, statistics, acceptedSeedCount };
}

function seedSea(
  dem: Grid,
  state: FloodState,
  stack: CellStack,
  options: StaticSubmersionOptions,
  seeds: readonly SeedPoint[] | undefined,
): number {
  let accepted = 0;
  if (seeds) accepted = seedCells(state, stack, seedPointCells(dem, seeds));
  if (options.seaMask) seedSeaMask(state, stack, options.seaMask);
  if (options.nodataIsSea) seedNodataNeighbours(state, stack, dem);
  if (!seeds && !options.seaMask && !options.nodataIsSea) seedBorder(state, stack);
  return accepted;
}
