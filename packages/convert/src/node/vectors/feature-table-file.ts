import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FeatureTable } from '@jumeau/core';
import { loadFeatureTable, sniffVectorFormat, type LoadFeatureTableOptions, type VectorFormat } from '../../formats/load-feature-table.js';
import { readShapefileFile } from './shapefile-file.js';

const BY_EXTENSION: Readonly<Record<string, VectorFormat>> = {
  '.gpkg': 'geopackage',
  '.fgb': 'flatgeobuf',
  '.arrow': 'arrow',
  '.arrows': 'arrow',
  '.parquet': 'geoparquet',
  '.geoparquet': 'geoparquet',
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
};

/**
 * Reads a vector file by path (Node): the format is sniffed from the bytes, else taken from the extension; a `.shp`
 * is read with its `.dbf`, `.prj` and `.cpg` ({@link readShapefileFile}).
 *
 * @example
 * ```ts
 * const districts = await readFeatureTableFile(sharedDataPath('oleron', 'layers_l93.gpkg'), { layer: 'districts' })
 * ```
 */
export async function readFeatureTableFile(path: string, options: LoadFeatureTableOptions = {}): Promise<FeatureTable> {
  if (extname(path).toLowerCase() === '.shp' && (options.format === undefined || options.format === 'shapefile')) {
    return readShapefileFile(path, {
      ...(options.crs === undefined ? {} : { crs: options.crs }),
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    });
  }
  const bytes = new Uint8Array(await readFile(path));
  const byExtension = BY_EXTENSION[extname(path).toLowerCase()];
  const format = options.format ?? sniffVectorFormat(bytes) ?? byExtension;
  return loadFeatureTable(bytes, format === undefined ? options : { ...options, format });
}
