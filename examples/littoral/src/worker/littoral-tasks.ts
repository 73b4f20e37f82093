/**
 * The app's worker tasks. `loadTerritory` fetches and parses the bundle's files and computes, once, what does not
 * depend on the level (defence grids, the territory index) while `buildTerrain`, in the pool's other worker, meshes
 * the DEM (0.6–1 s on Oléron); `floodLevel` and `floodSweep` then cost one static submersion (@jumeau/simulate) plus
 * linear sums per level. The tasks are stateless (the caller sends the prepared arrays with each run, in shared
 * memory when the page is cross-origin isolated, copied otherwise), so a cancelled run — which terminates its worker
 * — loses nothing. The water mesh of each level is built here too, so the main thread only uploads it.
 */
import { type Grid, type GridArray, gridMetadataSchema } from '@jumeau/core';
import { type SubmersionStatistics, computeStaticSubmersion, rasterizeDefences } from '@jumeau/simulate';
import { type SurfaceMesh, type TerrainMesh, createGridMesh, createTerrainMesh, wetDepth } from '@jumeau/layers';
import { defineTask, gridSchema } from '@jumeau/workers';
import { z } from 'zod';
import { type LevelExposure, computeLevelExposure, totalOf } from '../model/level-exposure.js';
import { type TerritoryIndex, buildTerritoryIndex } from '../model/territory-index.js';
import { type ShorelineRetreat, computeShorelineRetreat } from '../model/shoreline-retreat.js';
import { type Territory, loadDem, loadTerritory } from '../bundle/load-territory.js';
import { parseTerritoryManifest } from '../bundle/manifest.js';

/** When this worker's code began to run, ms since the Unix epoch (its thread started at `performance.timeOrigin`). */
const MODULE_EVALUATED_AT_EPOCH = performance.timeOrigin + performance.now();
const GRID_ARRAYS = [Float32Array, Float64Array, Int16Array, Int32Array, Uint8Array, Uint16Array] as const;
/** Any numeric DEM (the kernel reads every grid array type). */
const demSchema = gridMetadataSchema
  .extend({
    data: z.custom<GridArray>((value) => GRID_ARRAYS.some((type) => value instanceof type), {
      message: 'expected a typed array of heights',
    }),
  })
  .refine((grid) => grid.data.length === grid.width * grid.height, {
    message: 'data must hold width × height values',
    path: ['data'],
  }) as unknown as z.ZodType<Grid>;
const int32 = z.instanceof(Int32Array);
const float64 = z.instanceof(Float64Array);
const featureCellsSchema = z.object({ offsets: int32, cells: int32, centroidCells: int32 });

const territoryIndexSchema = z.object({
  cellCount: z.number().int().positive(),
  cellAreaSquareMetres: z.number().positive(),
  communeIds: z.array(z.string()),
  communeNames: z.array(z.string()),
  communeOfCell: int32,
  populationCellOfCell: int32,
  populationCellCount: z.number().int().nonnegative(),
  populationCellAreaSquareMetres: z.number().positive(),
  populationValues: z.record(z.string(), float64),
  buildings: featureCellsSchema.nullable(),
  equipment: featureCellsSchema.extend({ categories: z.array(z.string()), categoryOfRow: int32 }).nullable(),
}) as unknown as z.ZodType<TerritoryIndex>;

const levelSchema = z.object({
  dem: demSchema,
  index: territoryIndexSchema,
  stillWaterLevelMetres: z.number().finite(),
  seaLevelRiseMetres: z.number().finite().default(0),
  connectivity: z.union([z.literal(4), z.literal(8)]).default(8),
  nodataIsSea: z.boolean().default(false),
  barrier: gridSchema('float32').optional(),
  breaches: gridSchema('uint8').optional(),
});

const finite = z.number().finite();
const transectRatesSchema = z.object({
  axis: finite,
  transect: finite,
  originX: finite,
  originY: finite,
  directionX: finite,
  directionY: finite,
  dateCount: finite,
  oldestYear: finite,
  newestYear: finite,
  durationYears: finite,
  envelopeMetres: finite,
  newestDistanceMetres: finite,
  endPointRate: finite,
  ordinaryLeastSquaresRate: finite.nullable(),
  weightedLeastSquaresRate: finite.nullable(),
});

const shorelineSchema = z.object({
  rates: z.array(transectRatesSchema).min(1).max(1_000_000),
  horizonYear: z.number().int().min(1900).max(2300),
  method: z.enum(['end-point', 'ordinary-least-squares', 'weighted-least-squares']),
  majorEventRetreatMetres: z.number().min(0).max(1000),
  crs: z.number().int().positive(),
  frame: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    transform: z.array(finite).length(6),
    crs: z.union([z.number(), z.string()]),
  }),
  index: territoryIndexSchema,
});

/** Input of `loadTerritory` and `buildTerrain`: the manifest (validated again in the worker) and its absolute URL. */
const bundleInputSchema = z.object({ manifest: z.unknown(), manifestUrl: z.string().url() });

/** What every level's run reads besides the DEM, computed once by `loadTerritory`. */
export interface LevelData {
  readonly index: TerritoryIndex;
  readonly intactBarrier: Grid<Float32Array> | null;
  readonly breachedBarrier: Grid<Float32Array> | null;
  readonly breaches: Grid<Uint8Array> | null;
}

/** What `loadTerritory` returns: the parsed files (for the view) and the level-independent arrays. */
export interface LoadedTerritory {
  readonly territory: Territory;
  readonly levelData: LevelData;
  /** Time the worker spent fetching, parsing and preparing, ms. */
  readonly milliseconds: number;
  /** When the worker began the task, ms since the Unix epoch (to place it on the page's timeline). */
  readonly startedAtEpochMilliseconds: number;
  /** When the worker's thread started and when its code began to run, ms since the Unix epoch. */
  readonly workerStartup: WorkerStartup;
}

/** When a worker's thread started and when its code began to run, ms since the Unix epoch. */
export interface WorkerStartup {
  readonly threadStartedAtEpochMilliseconds: number;
  readonly codeStartedAtEpochMilliseconds: number;
}

function workerStartup(): WorkerStartup {
  return { threadStartedAtEpochMilliseconds: performance.timeOrigin, codeStartedAtEpochMilliseconds: MODULE_EVALUATED_AT_EPOCH };
}

/** What `buildTerrain` returns. */
export interface BuiltTerrain {
  readonly terrainMesh: TerrainMesh;
  /** Time the worker spent fetching, decoding and meshing the DEM, ms. */
  readonly milliseconds: number;
  /** When the worker began the task, ms since the Unix epoch. */
  readonly startedAtEpochMilliseconds: number;
  readonly workerStartup: WorkerStartup;
}

/**
 * The level-independent arrays of a territory: defence barriers (intact, and every defence breached) and the
 * territory index (communes, population cells and buildings per DEM cell).
 *
 * @example
 * ```ts
 * const levelData = prepareLevelData(territory) // 0.3–0.5 s on Oléron
 * ```
 */
export function prepareLevelData(territory: Territory): LevelData {
  const { manifest, dem, defences } = territory;
  const crestColumn = manifest.defences?.crestColumn;
  const intact = defences && crestColumn ? rasterizeDefences(dem, defences, { crestColumn }) : null;
  const breached =
    defences && crestColumn
      ? rasterizeDefences(dem, defences, { crestColumn, breachedRows: Array.from({ length: defences.numRows }, (_, row) => row) })
      : null;
  const index = buildTerritoryIndex({
    dem,
    communes: territory.communes,
    communeIdColumn: manifest.communes.idColumn,
    ...(manifest.communes.nameColumn ? { communeNameColumn: manifest.communes.nameColumn } : {}),
    ...(territory.population ? { population: territory.population } : {}),
    buildings: territory.buildings,
    ...(territory.equipment ? { equipment: territory.equipment } : {}),
    ...(territory.equipment && manifest.equipment?.kindColumn ? { equipmentCategoryColumn: manifest.equipment.kindColumn } : {}),
  });
  return {
    index,
    intactBarrier: intact?.barrier ?? null,
    breachedBarrier: breached?.barrier ?? null,
    breaches: breached?.breaches ?? null,
  };
}

/** What `floodLevel` returns. */
export interface LevelResult {
  readonly statistics: SubmersionStatistics;
  readonly exposure: LevelExposure;
  /** Water depth (m, 0 = dry) on the DEM grid. */
  readonly depth: Grid<Float32Array>;
}

/** The water surface to draw: wet depths (nodata where dry) and its flat mesh at the water level W. */
export interface FloodSurface {
  readonly wet: Grid<Float32Array>;
  readonly mesh: SurfaceMesh;
}

/**
 * Terrain mesh bounds: 2 m vertical (Martini: 41 k triangles on Oléron instead of 122 k at 1 m, which software GL
 * draws three times faster), 5 m horizontal placement (a pixel is 50 m at the initial zoom).
 */
export const TERRAIN_MESH_OPTIONS = { maximumErrorMetres: 2, maximumPlacementErrorMetres: 5 } as const;
/** Placement bound of the water mesh, ground metres. */
const FLOOD_MESH_ERROR_METRES = 2;
/** Depths at or below it are drawn dry (as FloodLayer's default), metres. */
const MINIMUM_DRAWN_DEPTH_METRES = 0.01;

/** One point of a sweep. */
export interface SweepPoint {
  readonly levelMetres: number;
  readonly people: number;
  readonly buildings: number;
  readonly floodedAreaSquareMetres: number;
}

function floodOnce(input: z.output<typeof levelSchema>, stillWaterLevelMetres: number) {
  return computeStaticSubmersion(input.dem, {
    stillWaterLevelMetres,
    seaLevelRiseMetres: input.seaLevelRiseMetres,
    connectivity: input.connectivity,
    nodataIsSea: input.nodataIsSea,
    ...(input.barrier ? { barrier: input.barrier } : {}),
    ...(input.breaches ? { breaches: input.breaches } : {}),
  });
}

/**
 * The tasks, for `createWorkerPool({ url, tasks: littoralTasks })`.
 *
 * @example
 * ```ts
 * const prepared = await pool.run('prepareTerritory', { dem, communes, communeIdColumn: 'dist_code', population, buildings, defences, crestColumn: 'alt' }, { transfer: 'none' })
 * const result = await pool.run('floodLevel', { dem, index: prepared.index, stillWaterLevelMetres: 4.541, barrier: prepared.intactBarrier }, { transfer: 'none' })
 * ```
 */
export const littoralTasks = {
  loadTerritory: defineTask({
    input: bundleInputSchema,
    run: async (input, context): Promise<LoadedTerritory> => {
      const started = performance.now();
      context.progress(0, 'début');
      const manifest = parseTerritoryManifest(input.manifest);
      context.progress(0.05, 'fichiers');
      const territory = await loadTerritory(manifest, new URL(input.manifestUrl), context.signal);
      context.throwIfAborted();
      context.progress(0.5, 'index du territoire');
      const levelData = prepareLevelData(territory);
      return {
        territory,
        levelData,
        milliseconds: performance.now() - started,
        startedAtEpochMilliseconds: performance.timeOrigin + started,
        workerStartup: workerStartup(),
      };
    },
  }),
  buildTerrain: defineTask({
    input: bundleInputSchema,
    run: async (input, context): Promise<BuiltTerrain> => {
      const started = performance.now();
      context.progress(0, 'début');
      const manifest = parseTerritoryManifest(input.manifest);
      const dem = await loadDem(manifest, new URL(input.manifestUrl), context.signal);
      context.throwIfAborted();
      context.progress(0.3, 'maillage du relief');
      const terrainMesh = createTerrainMesh(dem, TERRAIN_MESH_OPTIONS);
      return {
        terrainMesh,
        milliseconds: performance.now() - started,
        startedAtEpochMilliseconds: performance.timeOrigin + started,
        workerStartup: workerStartup(),
      };
    },
  }),
  floodLevel: defineTask({
    input: levelSchema,
    run: (input): LevelResult => {
      const { depth, statistics } = floodOnce(input, input.stillWaterLevelMetres);
      return { statistics, exposure: computeLevelExposure(input.index, depth.data, depth.nodata), depth };
    },
  }),
  floodMesh: defineTask({
    input: z.object({ depth: gridSchema('float32'), waterLevelMetres: z.number().finite() }),
    run: ({ depth, waterLevelMetres }): FloodSurface => {
      const wet = wetDepth(depth, MINIMUM_DRAWN_DEPTH_METRES);
      // Static flooding leaves a flat surface at W over every wet cell: a planar mesh (hundreds of vertices) lifted
      // to W draws it exactly, where FloodLayer's ground + depth lattice has a vertex per cell corner (1.1 M triangles).
      const mesh = createGridMesh(wet, { maximumErrorMetres: FLOOD_MESH_ERROR_METRES });
      for (let vertex = 2; vertex < mesh.positions.length; vertex += 3) mesh.positions[vertex] = waterLevelMetres;
      return { wet, mesh };
    },
  }),
  shorelineRetreat: defineTask({
    input: shorelineSchema,
    run: (input): ShorelineRetreat => computeShorelineRetreat(input),
  }),
  floodSweep: defineTask({
    input: levelSchema.omit({ stillWaterLevelMetres: true }).extend({ levels: z.array(z.number().finite()).min(1).max(200) }),
    run: (input, context): SweepPoint[] =>
      input.levels.map((levelMetres, position) => {
        context.throwIfAborted();
        context.progress(position / input.levels.length, `${levelMetres} m`);
        const { depth } = floodOnce({ ...input, stillWaterLevelMetres: levelMetres }, levelMetres);
        const exposure = computeLevelExposure(input.index, depth.data, depth.nodata);
        return {
          levelMetres,
          people: totalOf(exposure.population.people, { includeOutside: true }),
          buildings: totalOf(exposure.buildings, { includeOutside: true }),
          floodedAreaSquareMetres: totalOf(exposure.floodedAreaSquareMetres, { includeOutside: false }),
        };
      }),
  }),
};
