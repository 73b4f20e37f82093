/**
 * The GeoTIFF block decoder as @jumeau/workers tasks: what `readGeoTIFF(source, { pool })` runs in browser Workers
 * (DEFLATE through the worker's DecompressionStream) or Node worker threads.
 */
import { GRID_DATA_TYPES, type GridDataType } from '@jumeau/core';
import { defineTask } from '@jumeau/workers';
import { z } from 'zod';
import type { BlockJobResult } from './block-jobs.js';
import { type BlockJob, decodeJob } from './decode-blocks.js';

/** A job's blocks, at most: a job is 1–8 MiB of cells, 32 768 blocks of 16 × 16 bytes at the extreme. */
const MAXIMUM_BLOCKS_PER_JOB = 1 << 20;
/** TIFF sizes and offsets are 32-bit (64-bit in BigTIFF, but a window of one job stays far below this). */
const MAXIMUM_SIZE = 2 ** 32;

const count = (maximum: number) => z.number().int().min(0).max(maximum);
const size = (maximum: number) => z.number().int().min(1).max(maximum);

const blockImageSchema = z.object({
  width: size(MAXIMUM_SIZE),
  height: size(MAXIMUM_SIZE),
  blockWidth: size(MAXIMUM_SIZE),
  blockHeight: size(MAXIMUM_SIZE),
  tiled: z.boolean(),
  // Codes and predictors are not narrowed here: an unknown one fails in the decoder with the same error as in-thread.
  compression: count(65_535),
  predictor: count(65_535),
  dataType: z.enum(GRID_DATA_TYPES as [GridDataType, ...GridDataType[]]),
  bytesPerSample: size(8),
  samplesPerPixel: size(65_535),
  planarConfiguration: count(65_535),
  littleEndian: z.boolean(),
});

const blockTaskSchema = z.object({
  index: count(Number.MAX_SAFE_INTEGER),
  column: count(MAXIMUM_SIZE),
  row: count(MAXIMUM_SIZE),
  offset: count(Number.MAX_SAFE_INTEGER),
  byteCount: count(Number.MAX_SAFE_INTEGER),
});

/** Any number, NaN and infinities included (GDAL_NODATA may be `nan` or `inf`). */
const fillSchema = z.custom<number>((value) => typeof value === 'number', { message: 'expected a number' });

/** A {@link BlockJob} as it arrives in the worker: plain data, its block bytes and cell buffer. */
const blockJobSchema = z
  .object({
    image: blockImageSchema,
    window: z.object({ column: count(MAXIMUM_SIZE), row: count(MAXIMUM_SIZE), width: size(MAXIMUM_SIZE), height: size(MAXIMUM_SIZE) }),
    band: size(65_535),
    fill: fillSchema,
    name: z.string(),
    blocks: z.array(blockTaskSchema).max(MAXIMUM_BLOCKS_PER_JOB).readonly(),
    input: z.custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'expected a Uint8Array' }),
    output: z.instanceof(ArrayBuffer),
  })
  .refine((job) => job.output.byteLength >= job.window.width * job.window.height * job.image.bytesPerSample, {
    message: 'output is smaller than window.width × window.height × bytesPerSample bytes',
    path: ['output'],
  })
  .refine((job) => job.blocks.every((block) => block.offset + block.byteCount <= job.input.byteLength), {
    message: 'a block lies past the end of input',
    path: ['blocks'],
  });

/**
 * Tasks: `decodeBlocks` decodes one rectangle of GeoTIFF blocks (inflate or other codec, predictor, copy into the
 * cells of its window) and returns the job's two buffers, moved back to the caller. Its input is validated in the
 * worker (bounded sizes and counts, block bytes inside `input`, `output` large enough): O(blocks) per job, against
 * O(cells) for the decoding (not measured separately). A corrupt block rejects with the `format` error the calling thread would throw.
 * Pass a pool of these tasks to `readGeoTIFF` as `{ pool }` rather than running them yourself.
 *
 * @example
 * ```ts
 * import { createWorkerPool } from '@jumeau/workers';
 * import { geotiffTasks, readGeoTIFF } from '@jumeau/convert';
 * // Vite: `?worker&url` bundles the worker entry (a bare `new URL('@jumeau/convert/geotiff.worker', import.meta.url)`
 * // is copied unbundled by `vite build` and fails to load).
 * import geotiffWorkerUrl from '@jumeau/convert/geotiff.worker?worker&url';
 *
 * const pool = createWorkerPool({ url: new URL(geotiffWorkerUrl, import.meta.url), tasks: geotiffTasks });
 * const dem = await readGeoTIFF('https://example.org/dem_cog.tif', { pool });
 * ```
 */
export const geotiffTasks = {
  decodeBlocks: defineTask({
    input: blockJobSchema,
    run: async (job: BlockJob): Promise<BlockJobResult> => {
      // No synchronous inflate: DecompressionStream in a browser Worker, zlib on the libuv pool in a Node thread.
      await decodeJob(job, null);
      return { input: job.input.buffer as ArrayBuffer, output: job.output };
    },
  }),
};

/** The tasks of a GeoTIFF decoding pool: `WorkerPool<GeoTIFFTasks>` is what `readGeoTIFF`'s `pool` option takes. */
export type GeoTIFFTasks = typeof geotiffTasks;
