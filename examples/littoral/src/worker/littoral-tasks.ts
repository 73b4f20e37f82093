/**
 * The app's worker tasks. `prepareTerritory` computes, once, what does not depend on the level (defence grids,
 * the territory index); `floodLevel` and `floodSweep` then cost one static submersion (@jumeau/simulate) plus linear
 * sums per level. The tasks are stateless (the caller sends the prepared arrays back with each run, copied), so a
 * cancelled run — which terminates its worker — loses nothing. The meshes the view draws (terrain once, 1–1.7 s on Oléron;
 * water per level) are built here too, so the main thread only uploads them.
 */
import { type FeatureTable, type Grid, type GridArray, gridMetadataSchema } from '@jumeau/core';
import { type PopulationCells, type SubmersionStatistics, computeStaticSubmersion, rasterizeDefences } from '@jumeau/simulate';
import { type SurfaceMesh, createGridMesh, createTerrainMesh, wetDepth } from '@jumeau/layers';
import { arrowTableSchema, defineTask, gridSchema } from '@jumeau/workers';
import { z } from 'zod';
import { type LevelExposure, computeLevelExposure, totalOf } from '../model/level-exposure.js';
import { type TerritoryIndex, buildTerritoryIndex } from '../model/territory-index.js';

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

const populationSchema = z.object({
  crs: z.number().int().positive(),
  cellSizeMetres: z.number().positive(),
  lowerLeftX: float64,
  lowerLeftY: float64,
  values: z.record(z.string(), float64),
}) as unknown as z.ZodType<PopulationCells>;

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
  prepareTerritory: defineTask({
    input: z.object({
      dem: demSchema,
      communes: arrowTableSchema,
      communeIdColumn: z.string().min(1),
      communeNameColumn: z.string().min(1).optional(),
      population: populationSchema.optional(),
      buildings: arrowTableSchema.optional(),
      equipment: arrowTableSchema.optional(),
      equipmentCategoryColumn: z.string().min(1).optional(),
      defences: arrowTableSchema.optional(),
      crestColumn: z.string().min(1).optional(),
    }),
    run: (input, context) => {
      const started = performance.now();
      context.progress(0.1, 'défenses');
      const defences = input.defences as FeatureTable | undefined;
      const intact = defences && input.crestColumn ? rasterizeDefences(input.dem, defences, { crestColumn: input.crestColumn }) : null;
      const breached =
        defences && input.crestColumn
          ? rasterizeDefences(input.dem, defences, {
              crestColumn: input.crestColumn,
              breachedRows: Array.from({ length: defences.numRows }, (_, row) => row),
            })
          : null;
      context.throwIfAborted();
      context.progress(0.4, 'index du territoire');
      const index = buildTerritoryIndex({
        dem: input.dem,
        communes: input.communes as FeatureTable,
        communeIdColumn: input.communeIdColumn,
        ...(input.communeNameColumn ? { communeNameColumn: input.communeNameColumn } : {}),
        ...(input.population ? { population: input.population } : {}),
        ...(input.buildings ? { buildings: input.buildings as FeatureTable } : {}),
        ...(input.equipment ? { equipment: input.equipment as FeatureTable } : {}),
        ...(input.equipmentCategoryColumn ? { equipmentCategoryColumn: input.equipmentCategoryColumn } : {}),
      });
      context.progress(0.7, 'maillage du relief');
      const terrainMesh = createTerrainMesh(input.dem, TERRAIN_MESH_OPTIONS);
      const milliseconds = performance.now() - started;
      return {
        index,
        intactBarrier: intact?.barrier ?? null,
        breachedBarrier: breached?.barrier ?? null,
        breaches: breached?.breaches ?? null,
        terrainMesh,
        milliseconds,
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
