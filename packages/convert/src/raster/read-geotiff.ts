import { type Bounds, type CellWindow, type CrsLike, type Grid, JumeauError, createGrid, validate } from '@jumeau/core';
import type { WorkerPool } from '@jumeau/workers';
import { z } from 'zod';
import type { BlockJobRunner } from './block-jobs.js';
import type { GeoTIFFTasks } from './geotiff-tasks.js';
import { type GeoTIFFOpenOptions, openGeoTIFF } from './geotiff-info.js';
import { type GeoTIFFSource, openByteSource } from './open-source.js';
import { poolBlockRunner } from './pool-block-runner.js';
import { readWindow } from './read-blocks.js';
import { planRead } from './select-level.js';

/** Options of {@link readGeoTIFF}. */
export interface ReadGeoTIFFOptions extends GeoTIFFOpenOptions {
  /** Cells to read, in full-resolution cells (scaled to the overview read, rounded outwards). */
  readonly window?: CellWindow;
  /** Area to read, `[minX, minY, maxX, maxY]` in the file's CRS units: the whole cells covering it. */
  readonly bounds?: Bounds;
  /** Level to read: 0 = full resolution (default), 1 = first overview… */
  readonly overview?: number;
  /** Wanted cell size in CRS units: reads the coarsest level whose cell size is ≤ this. */
  readonly resolution?: number;
  /** Band to read, 1-based (default 1). */
  readonly band?: number;
  /** CRS of the result when the file has none or a user-defined one (overrides the GeoKeys otherwise). */
  readonly crs?: CrsLike;
  /**
   * Workers decoding large windows: a @jumeau/workers pool of `geotiffTasks` (its worker entry is
   * `@jumeau/convert/geotiff.worker`). Windows of ≥ 1 MiB of cells cut into two jobs or more are decoded there, one
   * job per worker at a time, buffers moved, not copied; smaller ones on the calling thread. Takes precedence over
   * Node's default worker threads. Without it, browsers decode on the calling thread.
   */
  readonly pool?: WorkerPool<GeoTIFFTasks>;
}

const cellWindowSchema = z.object({
  column: z.number().int().min(0),
  row: z.number().int().min(0),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

const optionsSchema = z.object({
  window: cellWindowSchema.optional(),
  bounds: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .refine(([minX, minY, maxX, maxY]) => minX < maxX && minY < maxY, 'expected [minX, minY, maxX, maxY] with min < max')
    .optional(),
  overview: z.number().int().min(0).optional(),
  resolution: z.number().positive().finite().optional(),
  band: z.number().int().min(1).optional(),
  timeoutMilliseconds: z.number().positive().optional(),
  // Loosely: the shape of a pool, not its tasks (a pool is a closure, nothing more can be checked here).
  pool: z
    .custom<WorkerPool<GeoTIFFTasks>>(
      (value) => typeof value === 'object' && value !== null && typeof (value as { run?: unknown }).run === 'function',
      'expected a worker pool of geotiffTasks (createWorkerPool({ url, tasks: geotiffTasks }))',
    )
    .optional(),
});

/**
 * Reads one band of a GeoTIFF or COG into a {@link Grid}: from bytes, or from an http(s) URL with range requests
 * (a window or an overview of a COG downloads only the blocks it needs). Reads tiled and stripped files compressed
 * with none, DEFLATE, LZW, ZSTD or PackBits, predictors 1/2/3, Float32/64, Int16/32, UInt8/16, either byte order,
 * classic TIFF and BigTIFF.
 *
 * Errors: `format` (corrupt or truncated file), `too-large` (window over the cell limit, refused before
 * allocating), `unsupported` (codec, sample type), `crs` (no EPSG CRS and none given), `http`/`network` for URLs,
 * `aborted` (`signal`); with a `pool`, the same errors from inside the workers, and `worker-crashed`.
 *
 * @example
 * ```ts
 * const dem = await readGeoTIFF('https://example.org/dem_cog.tif', { bounds: [370000, 6540000, 375000, 6545000] })
 * dem.width // cells covering 5 km at the file's resolution
 * // In a browser, decode in Workers: a pool of geotiffTasks (create it once, reuse it for every read). With Vite:
 * // import geotiffWorkerUrl from '@jumeau/convert/geotiff.worker?worker&url'
 * const pool = createWorkerPool({ url: new URL(geotiffWorkerUrl, import.meta.url), tasks: geotiffTasks })
 * const large = await readGeoTIFF('https://example.org/dem_cog.tif', { pool })
 * ```
 */
export async function readGeoTIFF(source: GeoTIFFSource, options: ReadGeoTIFFOptions = {}): Promise<Grid> {
  return readGeoTIFFWith(source, options, options.pool === undefined ? await nodeBlockRunner() : undefined);
}

let nodeRunner: Promise<BlockJobRunner | undefined> | undefined;

/**
 * In Node's main thread, the worker pool of `@jumeau/convert/node` (large windows decoded on one thread per core,
 * as `readGeoTIFFParallel`), loaded lazily through a computed specifier so that bundlers leave it alone; elsewhere,
 * or when it cannot load, none (the calling thread decodes).
 */
function nodeBlockRunner(): Promise<BlockJobRunner | undefined> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  nodeRunner ??= isNode
    ? (async () => {
        // Running from sources (tests, tsx), the sibling module is TypeScript too.
        const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
        const url = new URL(['..', 'node', 'raster', `block-worker-pool.${extension}`].join('/'), import.meta.url);
        const pool = (await import(/* @vite-ignore */ url.href)) as typeof import('../node/raster/block-worker-pool.js');
        return pool.defaultBlockWorkerPool();
      })().catch(() => undefined)
    : Promise.resolve(undefined);
  return nodeRunner;
}

/**
 * {@link readGeoTIFF}, decoding large windows on `options.pool` when given, else on `runner`'s threads when given
 * (the Node entry's worker pool). Internal.
 */
export async function readGeoTIFFWith(source: GeoTIFFSource, options: ReadGeoTIFFOptions, runner?: BlockJobRunner): Promise<Grid> {
  validate(optionsSchema, options, 'readGeoTIFF options');
  const jobRunner = options.pool === undefined ? runner : poolBlockRunner(options.pool, options.signal);
  const byteSource = await openByteSource(source, options);
  const opened = await openGeoTIFF(byteSource, options.signal);
  const { info, levels } = opened;
  if (info.transform === null) {
    throw new JumeauError(
      'unsupported',
      `${byteSource.name} has no georeferencing (no ModelTiepoint + ModelPixelScale nor ModelTransformation)`,
    );
  }
  const crs = options.crs ?? info.crs;
  if (crs === null) {
    throw new JumeauError('crs', `${byteSource.name} has no EPSG CRS in its GeoKeys (user-defined or absent): pass options.crs`, {
      details: { source: byteSource.name },
    });
  }
  const plan = planRead(info, info.transform, levels, options);
  const fill = info.nodata ?? 0;
  const data = await readWindow(byteSource, plan.image, plan.window, options.band ?? 1, fill, options.signal, jobRunner);
  return createGrid({
    width: plan.window.width,
    height: plan.window.height,
    transform: plan.transform,
    crs,
    nodata: info.nodata,
    units: info.units,
    verticalDatum: info.verticalDatum,
    data,
  });
}
