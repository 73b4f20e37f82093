import { type FeatureTable, JumeauError, featureTableFromGeoJSON } from '@jumeau/core';
import type { CommandIo } from '../command.js';
import { readJsonFile } from '../io.js';

/**
 * Reads a vector file given on the command line into a FeatureTable. GeoJSON is read here (RFC 7946: WGS84 unless a
 * legacy `crs` member names another); other formats go through @jumeau/convert's loaders.
 */
export async function readVectorFile(io: CommandIo, path: string): Promise<FeatureTable> {
  if (/\.(geo)?json$/i.test(path)) {
    const json = (await readJsonFile(io, path)) as { crs?: { properties?: { name?: string } } };
    const named = json.crs?.properties?.name;
    return featureTableFromGeoJSON(json, { crs: named ?? 4326 });
  }
  const convert = (await import('@jumeau/convert')) as unknown as Record<string, unknown>;
  const loader = convert.loadFeatureTable as ((source: string) => Promise<FeatureTable>) | undefined;
  if (!loader) throw new JumeauError('unsupported', `Cannot read ${path}: only GeoJSON is readable by this build`);
  const { resolve } = await import('node:path');
  return loader(resolve(io.cwd, path));
}
