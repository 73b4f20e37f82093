import { Table } from 'apache-arrow';
import { isPlainObject } from '../transferables.js';
import { decodeTable, encodeTable, isWireTable } from './arrow-wire.js';

/**
 * Replaces every Arrow `Table` inside `value` (itself, or in plain objects and arrays at any depth) by its
 * wire form; everything else is kept as is (structured clone handles typed arrays, Grids, Maps, Dates…).
 */
export function encodeForWire(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Table.isTable(value)) return encodeTable(value);
  if (Array.isArray(value)) return value.map(encodeForWire);
  if (isPlainObject(value)) return mapValues(value, encodeForWire);
  return value;
}

/** The inverse of {@link encodeForWire}: rebuilds real Arrow `Table`s over the received buffers. */
export function decodeFromWire(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decodeFromWire);
  if (!isPlainObject(value)) return value;
  if (isWireTable(value)) return decodeTable(value);
  return mapValues(value, decodeFromWire);
}

function mapValues(value: Record<string, unknown>, map: (entry: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = map(value[key]);
  return out;
}
