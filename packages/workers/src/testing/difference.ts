import { Table, tableToIPC } from 'apache-arrow';
import { isPlainObject } from '../transferables.js';

/**
 * The first difference between two task results, as `path: what`, or null when they are equal: typed arrays
 * element by element (`Object.is`, so NaN equals NaN and −0 differs from 0), Arrow tables by their IPC bytes
 * (schema, metadata and values), arrays, plain objects, Maps, Dates and primitives.
 *
 * @example
 * ```ts
 * describeDifference({ data: Float32Array.of(1, 2) }, { data: Float32Array.of(1, 3) }); // "data[1]: 2 ≠ 3"
 * ```
 */
export function describeDifference(expected: unknown, actual: unknown, path = '(result)'): string | null {
  if (Object.is(expected, actual)) return null;
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    return `${path}: ${format(expected)} ≠ ${format(actual)}`;
  }
  if (Object.getPrototypeOf(expected) !== Object.getPrototypeOf(actual) && !(Table.isTable(expected) && Table.isTable(actual))) {
    return `${path}: ${expected.constructor?.name ?? 'object'} ≠ ${actual.constructor?.name ?? 'object'}`;
  }
  if (ArrayBuffer.isView(expected)) return viewDifference(expected, actual as ArrayBufferView, path);
  if (Table.isTable(expected)) return viewDifference(tableToIPC(expected), tableToIPC(actual as Table), `${path} (Arrow IPC bytes)`);
  if (expected instanceof Date) return expected.getTime() === (actual as Date).getTime() ? null : `${path}: dates differ`;
  if (expected instanceof Map) return entriesDifference([...expected], [...(actual as Map<unknown, unknown>)], path);
  if (Array.isArray(expected) || isPlainObject(expected)) return entriesDifference(Object.entries(expected), Object.entries(actual), path);
  return `${path}: cannot compare a ${expected.constructor?.name ?? 'object'}`;
}

function viewDifference(expected: ArrayBufferView, actual: ArrayBufferView, path: string): string | null {
  const left = expected as unknown as ArrayLike<unknown>;
  const right = actual as unknown as ArrayLike<unknown>;
  if (left.length !== right.length) return `${path}: length ${left.length} ≠ ${right.length}`;
  for (let index = 0; index < left.length; index += 1) {
    if (!Object.is(left[index], right[index])) return `${path}[${index}]: ${format(left[index])} ≠ ${format(right[index])}`;
  }
  return null;
}

function entriesDifference(expected: [unknown, unknown][], actual: [unknown, unknown][], path: string): string | null {
  if (expected.length !== actual.length) return `${path}: ${expected.length} entries ≠ ${actual.length}`;
  for (let index = 0; index < expected.length; index += 1) {
    const [key, value] = expected[index] as [unknown, unknown];
    const [otherKey, otherValue] = actual[index] as [unknown, unknown];
    if (!Object.is(key, otherKey)) return `${path}: key ${String(key)} ≠ ${String(otherKey)}`;
    const difference = describeDifference(value, otherValue, `${path}.${String(key)}`);
    if (difference) return difference;
  }
  return null;
}

/** `String`, except that −0 shows its sign (it differs from 0 under `Object.is`). */
function format(value: unknown): string {
  return Object.is(value, -0) ? '-0' : String(value);
}
