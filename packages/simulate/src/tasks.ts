/**
 * The kernels of @jumeau/simulate as @jumeau/workers tasks: the same pure functions, their input validated where
 * they run, progress and cancellation wired to the task context. Grids travel with their buffers transferred.
 */
import { type Grid, type GridArray, gridMetadataSchema } from '@jumeau/core';
import { defineTask } from '@jumeau/workers';
import { z } from 'zod';
import { computeFlowAccumulation } from './hydrology/flow-accumulation.js';
import { computeFlowDirections } from './hydrology/flow-directions.js';
import { fillDepressions } from './hydrology/priority-flood.js';
import { computeWatershed } from './hydrology/watershed.js';
import type { KernelOptions } from './kernel-options.js';
import { computeStaticSubmersion } from './submersion/static-submersion.js';
import { computeFloodScenario } from './scenarios/flood-scenario.js';
import { Table } from 'apache-arrow';

const GRID_ARRAYS = [Float32Array, Float64Array, Int16Array, Int32Array, Uint8Array, Uint16Array] as const;
const gridArraySchema = z.custom<GridArray>((value) => GRID_ARRAYS.some((type) => value instanceof type), {
  message: 'expected a Float32/Float64/Int16/Int32/Uint8/Uint16 array',
});
const gridSchema = gridMetadataSchema.extend({ data: gridArraySchema }) as unknown as z.ZodType<Grid>;
const pointSchema = z.object({ x: z.number().finite(), y: z.number().finite() });
const tableSchema = z.custom<Table>((value) => Table.isTable(value), { message: 'expected an Arrow Table' });
const populationSchema = z.union([
  gridSchema,
  z.object({
    crs: z.number().int().positive(),
    cellSizeMetres: z.number().positive(),
    lowerLeftX: z.instanceof(Float64Array),
    lowerLeftY: z.instanceof(Float64Array),
    values: z.record(z.string(), z.instanceof(Float64Array)),
  }),
]);

function kernelOptions(context: { signal: AbortSignal; progress(fraction: number, message?: string): void }): KernelOptions {
  return { signal: context.signal, onProgress: (fraction, message) => context.progress(fraction, message) };
}

/**
 * Tasks: `staticSubmersion`, `fillDepressions`, `flowDirections`, `flowAccumulation`, `watershed`, `floodScenario`
 * (submersion + exposure indicators, the unit of a sweep).
 *
 * @example
 * ```ts
 * const pool = createWorkerPool({ url: new URL('./workers/simulate.worker.js', import.meta.url), tasks: simulateTasks })
 * const { depth, statistics } = await pool.run('staticSubmersion', { dem, stillWaterLevelMetres: 4.5 })
 * ```
 */
export const simulateTasks = {
  staticSubmersion: defineTask({
    input: z.object({
      dem: gridSchema,
      stillWaterLevelMetres: z.number(),
      seaLevelRiseMetres: z.number().optional(),
      connectivity: z.union([z.literal(4), z.literal(8)]).optional(),
      seeds: z.array(pointSchema).optional(),
      seaMask: gridSchema.optional(),
      nodataIsSea: z.boolean().optional(),
      barrier: gridSchema.optional(),
      breaches: gridSchema.optional(),
    }),
    run: ({ dem, ...options }, context) => computeStaticSubmersion(dem, { ...options, ...kernelOptions(context) }),
  }),
  fillDepressions: defineTask({
    input: z.object({ dem: gridSchema, variant: z.enum(['exact', 'epsilon']).optional() }),
    run: ({ dem, variant }, context) => fillDepressions(dem, { ...(variant ? { variant } : {}), ...kernelOptions(context) }),
  }),
  flowDirections: defineTask({
    input: z.object({ dem: gridSchema, resolveFlats: z.boolean().optional() }),
    run: ({ dem, resolveFlats }, context) =>
      computeFlowDirections(dem, { ...(resolveFlats === undefined ? {} : { resolveFlats }), ...kernelOptions(context) }),
  }),
  flowAccumulation: defineTask({
    input: z.object({ directions: gridSchema }),
    run: ({ directions }, context) => computeFlowAccumulation(directions, kernelOptions(context)),
  }),
  watershed: defineTask({
    input: z.object({ directions: gridSchema, outlet: pointSchema }),
    run: ({ directions, outlet }, context) => computeWatershed(directions, { outlet, ...kernelOptions(context) }),
  }),
  floodScenario: defineTask({
    input: z.object({
      dem: gridSchema,
      stillWaterLevelMetres: z.number().finite(),
      seaLevelRiseMetres: z.number().finite().optional(),
      connectivity: z.union([z.literal(4), z.literal(8)]).optional(),
      barrier: gridSchema.optional(),
      breaches: gridSchema.optional(),
      communes: tableSchema,
      communeIdColumn: z.string().min(1),
      communeNameColumn: z.string().min(1).optional(),
      population: populationSchema.optional(),
      buildings: tableSchema.optional(),
      buildingUseColumn: z.string().min(1).optional(),
      equipment: tableSchema.optional(),
      equipmentCategoryColumn: z.string().min(1).optional(),
    }),
    run: (input, context) => computeFloodScenario({ ...input, ...kernelOptions(context) }),
  }),
};
