import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FeatureTable } from '@jumeau/core';
import { loadFeatureTable, sniffVectorFormat, type LoadFeatureTableOptions, type VectorFormat } from '../../formats/load-feature-table.js';

const BY_EXTENSION: Readonly<Record<string, VectorFormat>> = {
  '.gpkg': 'geopackage',
  '.fgb': 'flatgeobuf',
  '.arrow': 'arrow',
  '.arrows': 'arrow',
  '.geojson': 'geojson',
  '.json': 'geojson',
};

/**
 * Reads a vector file by path (Node): the format is sniffed from the bytes, else taken from the extension.
 *
 * @example
 * ```ts
 * const districts = await readFeatureTableFile(sharedDataPath('oleron', 'layers_l93.gpkg'), { layer: 'districts' })
 * ```
 */
export async function readFeatureTableFile(path: string, options: LoadFeatureTableOptions = {}): Promise<FeatureTable> {
  const bytes = new Uint8Array(await readFile(path));
  const byExtension = BY_EXTENSION[extname(path).toLowerCase()];
  const format = options.format ?? sniffVectorFormat(bytes) ?? byExtension;
  return loadFeatureTable(bytes, format === undefined ? options : { ...options, format });
}
