import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { FeatureTable } from '@jumeau/core';
import { readShapefile, type ReadShapefileOptions } from '../../formats/shapefile/read-shapefile.js';

const SIDECARS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg']);

/**
 * Reads a Shapefile from the path of its `.shp` (Node): the `.shx`, `.dbf`, `.prj` and `.cpg` next to it (same base
 * name, any case of extension) are read too. See {@link readShapefile} for the CRS and encoding rules.
 *
 * @example
 * ```ts
 * const communes = await readShapefileFile('/data/charente-estuary/shp/COMMUNE.shp') // EPSG:2154, 15 rows
 * ```
 */
export async function readShapefileFile(path: string, options: Omit<ReadShapefileOptions, 'layer'> = {}): Promise<FeatureTable> {
  const folder = dirname(path);
  const base = basename(path, extname(path));
  const names = (await readdir(folder)).filter(
    (name) => basename(name, extname(name)) === base && SIDECARS.has(extname(name).toLowerCase()),
  );
  const files: Record<string, Uint8Array> = {};
  for (const name of names) files[name] = new Uint8Array(await readFile(join(folder, name)));
  return readShapefile(files, { ...options, layer: base });
}
