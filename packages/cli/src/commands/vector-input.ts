import { type FeatureTable, JumeauError } from '@jumeau/core';
import { loadFeatureTable } from '@jumeau/convert';
import type { CommandIo } from '../command.js';
import { readInputFile } from '../io.js';

/**
 * Reads a vector file given on the command line into a FeatureTable: GeoJSON, GeoPackage, FlatGeobuf or Arrow IPC,
 * detected from the bytes. A GeoPackage layer is chosen with `FILE.gpkg#LAYER` (default: its first feature layer).
 */
export async function readVectorFile(io: CommandIo, argument: string): Promise<FeatureTable> {
  const hash = argument.lastIndexOf('#');
  const path = hash > 0 ? argument.slice(0, hash) : argument;
  const layer = hash > 0 ? argument.slice(hash + 1) : undefined;
  const bytes = await readInputFile(io, path);
  try {
    return await loadFeatureTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), layer === undefined ? {} : { layer });
  } catch (error) {
    if (error instanceof JumeauError) throw new JumeauError(error.code, `${path}: ${error.message}`, { cause: error });
    throw error;
  }
}
