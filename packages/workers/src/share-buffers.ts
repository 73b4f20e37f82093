/**
 * Shared memory for inputs sent to many runs: a value whose typed arrays live in `SharedArrayBuffer`s is passed to
 * a worker without copying (structured clone shares the memory), so a task that reads the same 10 MB of static
 * arrays at every run (a DEM, a territory index) costs the sender nothing per run.
 */
import { JumeauError } from '@jumeau/core';

/**
 * True when this context can share memory with its workers: always in Node; in browsers only when the page is
 * cross-origin isolated (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`), otherwise `SharedArrayBuffer` is not even defined.
 *
 * @example
 * ```ts
 * const input = canShareMemory() ? shareBuffers(staticInput) : staticInput // shared, or copied at each run
 * ```
 */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

type TypedArrayConstructor = new (buffer: SharedArrayBuffer, byteOffset: number, length: number) => TypedArray;

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function shareArray(array: TypedArray): TypedArray {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const shared = new (array.constructor as TypedArrayConstructor)(new SharedArrayBuffer(array.byteLength), 0, array.length);
  shared.set(array as never);
  return shared;
}

/**
 * Copies `value` with every typed array moved into its own `SharedArrayBuffer` (arrays already shared are kept),
 * through plain objects and arrays at any depth; other values (numbers, strings, Arrow tables, class instances) are
 * kept as they are. Do it once, then pass the result to every `pool.run(…, { transfer: 'none' })`: workers read the
 * same memory, and the caller must not write it while a run reads it. Throws `unsupported` when the context cannot
 * share memory (check {@link canShareMemory} first and fall back to copying).
 *
 * @example
 * ```ts
 * const shared = shareBuffers({ dem, index })                       // one copy, ~5 ms for 10 MB
 * await pool.run('floodLevel', { ...shared, levelMetres: 4.5 }, { transfer: 'none' }) // no copy per run
 * ```
 */
export function shareBuffers<Value>(value: Value): Value {
  if (!canShareMemory()) {
    throw new JumeauError(
      'unsupported',
      'SharedArrayBuffer is not available: serve the page cross-origin isolated (COOP same-origin, COEP require-corp) or copy the input',
    );
  }
  return shareValue(value) as Value;
}

function shareValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return shareArray(value as TypedArray);
  if (Array.isArray(value)) return value.map(shareValue);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = shareValue(value[key]);
  return out;
}
