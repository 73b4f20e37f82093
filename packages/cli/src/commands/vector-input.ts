import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { type FeatureTable, JumeauError } from '@jumeau/core';
import { type LoadFeatureTableOptions, loadFeatureTable } from '@jumeau/convert';
import type { CommandIo } from '../command.js';
import { readInputFile } from '../io.js';

const SHAPEFILE_PARTS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg']);

/** The `.shp` and its sidecar files (same base name) as a map of name → bytes. */
async function readShapefileParts(io: CommandIo, path: string): Promise<Record<string, Uint8Array>> {
  const base = basename(path, extname(path));
  const names = (await readdir(dirname(resolve(io.cwd, path)))).filter(
    (name) => basename(name, extname(name)) === base && SHAPEFILE_PARTS.has(extname(name).toLowerCase()),
  );
  const files: Record<string, Uint8Array> = {};
  for (const name of names) files[name] = new Uint8Array(await readInputFile(io, `${dirname(path)}/${name}`));
  return files;
}

/**
 * Reads a vector file given on the command line into a FeatureTable: GeoJSON, GeoPackage, FlatGeobuf, Arrow IPC or
 * CSV (x/y, lon/lat or WKT columns), GeoParquet, detected from the bytes, or a Shapefile (`.shp` with its `.dbf`, `.prj`, `.cpg`).
 * A GeoPackage layer is chosen with `FILE.gpkg#LAYER` (default: its first feature layer); `FILE.csv#EPSG:2975` or
 * `FILE.shp#EPSG:2154` gives the CRS of a CSV in metres or of a Shapefile without `.prj`.
 */
export async function readVectorFile(io: CommandIo, argument: string): Promise<FeatureTable> {
  const hash = argument.lastIndexOf('#');
  const path = hash > 0 ? argument.slice(0, hash) : argument;
  const suffix = hash > 0 ? argument.slice(hash + 1) : undefined;
  const crs = suffix === undefined ? undefined : /^EPSG:(\d+)$/i.exec(suffix)?.[1];
  const options: LoadFeatureTableOptions = crs !== undefined ? { crs: Number(crs) } : suffix === undefined ? {} : { layer: suffix };
  try {
    if (extname(path).toLowerCase() === '.shp') return await loadFeatureTable(await readShapefileParts(io, path), options);
    const bytes = await readInputFile(io, path);
    const isCsv = ['.csv', '.tsv', '.txt'].includes(extname(path).toLowerCase());
    return await loadFeatureTable(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      isCsv ? { ...options, format: 'csv' } : options,
    );
  } catch (error) {
    if (error instanceof JumeauError) throw new JumeauError(error.code, `${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
