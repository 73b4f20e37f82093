import { openAsBlob } from 'node:fs';
import type { FeatureTable } from '@jumeau/core';
import { type ReadGeoParquetOptions, readGeoParquet } from '../../formats/geoparquet/read-geoparquet.js';

/**
 * Reads a GeoParquet file by path (Node), through a file-backed Blob: only the footer and the column chunks the
 * read needs come off the disk, so `bbox` (with a 1.1 bbox covering) and `columns` read less of a big file.
 *
 * @example
 * ```ts
 * const oleron = await readGeoParquetFile('batiments-17.parquet', { bbox: [360000, 6530000, 390000, 6570000] })
 * ```
 */
export async function readGeoParquetFile(path: string, options: ReadGeoParquetOptions = {}): Promise<FeatureTable> {
  return readGeoParquet(await openAsBlob(path), options);
}
