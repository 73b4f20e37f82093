import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { JumeauError } from '../errors.js';
import { describeGeometryColumn, type FeatureTable } from './feature-table.js';

/** Serialises a feature table to Arrow IPC (stream format); the GeoArrow field metadata travels with it. */
export function featureTableToIPC(table: FeatureTable): Uint8Array {
  describeGeometryColumn(table);
  return tableToIPC(table, 'stream');
}

/**
 * Reads a feature table from Arrow IPC bytes (stream or file format). Column buffers are views of `bytes`
 * (no copy). Throws `format` when the bytes are not Arrow or carry no GeoArrow geometry column.
 */
export function featureTableFromIPC(bytes: Uint8Array | ArrayBuffer): FeatureTable {
  let table: Table;
  try {
    table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  } catch (cause) {
    throw new JumeauError('format', `Not a readable Arrow IPC buffer: ${(cause as Error).message}`, { cause });
  }
  try {
    describeGeometryColumn(table);
  } catch (cause) {
    throw new JumeauError('format', `The Arrow IPC buffer is not a feature table: ${(cause as Error).message}`, { cause });
  }
  return table;
}
