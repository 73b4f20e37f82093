import { Data, RecordBatch, Table, Vector } from 'apache-arrow';

/**
 * Builds the transfer list of a value: every distinct `ArrayBuffer` reachable from it — typed arrays and
 * `DataView`s (a Grid's `data`), bare ArrayBuffers, and the buffers of Apache Arrow `Table`s, `RecordBatch`es,
 * `Vector`s and `Data` (values, offsets, validity bitmaps, type ids, variadic buffers, children, dictionaries),
 * inside plain objects, arrays, `Map`s and `Set`s, at any depth. Deduplicated; never a `SharedArrayBuffer`
 * (shared memory is shared, not moved); empty (or already detached) buffers are skipped.
 *
 * Rule for views into a larger buffer (an Arrow column read from IPC, a `subarray`): the **whole** underlying
 * ArrayBuffer is transferred, so every other view of it in the sender is detached too. This keeps the hand-off
 * zero-copy (structured clone re-creates the views at the same offsets of the moved buffer); copy a column
 * first (`array.slice()`) when the sender must keep the rest of its buffer. Node's pooled `Buffer`s are marked
 * untransferable by Node and are copied by `postMessage` instead.
 *
 * @example
 * ```ts
 * const grid = createGrid({ width: 1000, height: 1000, transform, crs: 2154 });
 * const list = collectTransferables({ grid, mask: new Uint8Array(10) }); // [grid.data.buffer, mask.buffer]
 * worker.postMessage({ grid }, list);
 * grid.data.buffer.byteLength; // 0: moved, not copied
 * ```
 */
export function collectTransferables(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    if (item instanceof ArrayBuffer) addBuffer(buffers, item);
    else if (ArrayBuffer.isView(item)) addBuffer(buffers, item.buffer);
    else pushChildren(item, stack);
  }
  return [...buffers];
}

function addBuffer(buffers: Set<ArrayBuffer>, buffer: ArrayBufferLike): void {
  // `instanceof ArrayBuffer` excludes SharedArrayBuffer; a zero length means empty or already detached.
  if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) buffers.add(buffer);
}

function pushChildren(item: object, stack: unknown[]): void {
  if (Table.isTable(item)) pushObjects(item.batches, stack);
  else if (RecordBatch.isRecordBatch(item)) stack.push(item.data);
  else if (Vector.isVector(item)) pushObjects(item.data, stack);
  else if (Data.isData(item)) pushDataBuffers(item, stack);
  else if (Array.isArray(item)) pushObjects(item, stack);
  else if (item instanceof Map) for (const [key, entry] of item) pushObjects([key, entry], stack);
  else if (item instanceof Set) pushObjects(item, stack);
  else if (isPlainObject(item)) pushObjects(Object.values(item), stack);
}

/** Pushes one by one (a spread of a million-element array would overflow the argument limit), objects only. */
function pushObjects(items: Iterable<unknown>, stack: unknown[]): void {
  for (const entry of items) if (typeof entry === 'object' && entry !== null) stack.push(entry);
}

function pushDataBuffers(data: Data, stack: unknown[]): void {
  pushObjects([data.values, data.valueOffsets, data.nullBitmap, data.typeIds], stack);
  pushObjects(data.variadicBuffers ?? [], stack);
  pushObjects(data.children, stack);
  if (data.dictionary) stack.push(data.dictionary);
}

/** An object literal (or `Object.create(null)`): the only class-less objects structured clone keeps as is. */
export function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
