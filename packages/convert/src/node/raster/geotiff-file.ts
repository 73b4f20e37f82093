import { writeFile } from 'node:fs/promises';
import { type Grid, JumeauError } from '@jumeau/core';
import { type GeoTIFFInfo, type GeoTIFFOpenOptions, readGeoTIFFInfo } from '../../raster/geotiff-info.js';
import type { GeoTIFFSource } from '../../raster/open-source.js';
import { type ReadGeoTIFFOptions, readGeoTIFFWith } from '../../raster/read-geotiff.js';
import { type WriteCOGOptions, writeCOG } from '../../raster/write-cog.js';
import { blockWorkerPool } from './block-worker-pool.js';
import { openFileSource } from './file-source.js';

/** Options of {@link readGeoTIFFFile} and {@link readGeoTIFFParallel}: those of `readGeoTIFF`, and threads. */
export interface ReadGeoTIFFParallelOptions extends ReadGeoTIFFOptions {
  /**
   * Worker threads decoding blocks. Default: one per core, for windows of at least 4 MiB of cells (smaller reads
   * stay on the calling thread, where starting work costs less). `0`: the calling thread only. `n ≥ 1`: `n`
   * threads for every compressed window of two block jobs or more.
   */
  readonly threads?: number;
}

/**
 * Reads one band of a local GeoTIFF file into a Grid, reading only the blocks the window or overview needs.
 * Large windows are decoded on worker threads (see {@link readGeoTIFFParallel}). Same options and errors as
 * `readGeoTIFF`, plus `threads`.
 *
 * @example
 * ```ts
 * const dem = await readGeoTIFFFile(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'))
 * ```
 */
export async function readGeoTIFFFile(path: string, options: ReadGeoTIFFParallelOptions = {}): Promise<Grid> {
  const source = await openFileSource(path);
  try {
    return await readGeoTIFFParallel(source, options);
  } finally {
    await source.close?.();
  }
}

/**
 * `readGeoTIFF` (bytes, an http(s) URL or a ByteSource) with large windows decoded on a pool of worker threads:
 * the calling thread reads the compressed blocks and copies decoded rectangles into the grid, the workers inflate
 * (native zlib) and undo the predictor, one rectangle of blocks at a time. Values are the same as `readGeoTIFF`.
 * Throws `worker-crashed` if a worker dies, else the errors of `readGeoTIFF`.
 *
 * @example
 * ```ts
 * const dem = await readGeoTIFFParallel(new Uint8Array(await readFile('dem_4096.tif')))
 * ```
 */
export async function readGeoTIFFParallel(source: GeoTIFFSource, options: ReadGeoTIFFParallelOptions = {}): Promise<Grid> {
  const { threads } = options;
  if (threads !== undefined && !(Number.isSafeInteger(threads) && threads >= 0)) {
    throw new JumeauError('input', `readGeoTIFF options.threads must be an integer ≥ 0, got ${String(threads)}`, {
      details: { threads: String(threads) },
    });
  }
  return readGeoTIFFWith(source, options, threads === 0 ? undefined : blockWorkerPool(threads));
}

/**
 * Reads the description of a local GeoTIFF (size, CRS, transform, nodata, overviews…) without decoding values.
 *
 * @example
 * ```ts
 * const { crs, overviews } = await readGeoTIFFFileInfo('dem_cog.tif')
 * ```
 */
export async function readGeoTIFFFileInfo(path: string, options: GeoTIFFOpenOptions = {}): Promise<GeoTIFFInfo> {
  const source = await openFileSource(path);
  try {
    return await readGeoTIFFInfo(source, options);
  } finally {
    await source.close?.();
  }
}

/**
 * Writes a grid as a Cloud-Optimized GeoTIFF file (see `writeCOG`). Returns the number of bytes written.
 *
 * @example
 * ```ts
 * await writeCOGFile(dem, 'dem_cog.tif', { overviewResampling: 'average' })
 * ```
 */
export async function writeCOGFile(grid: Grid, path: string, options: WriteCOGOptions = {}): Promise<number> {
  const bytes = await writeCOG(grid, options);
  try {
    await writeFile(path, bytes);
  } catch (error) {
    throw new JumeauError('input', `Cannot write the COG file ${path}: ${(error as Error).message}`, { cause: error, details: { path } });
  }
  return bytes.byteLength;
}
