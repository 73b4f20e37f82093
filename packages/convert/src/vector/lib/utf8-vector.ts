import { JumeauError } from '@jumeau/core';
import { Utf8, type Vector, makeData, makeVector } from 'apache-arrow';

/**
 * An Arrow Utf8 vector from strings (null/undefined → null), encoded straight into one buffer with
 * `TextEncoder.encodeInto`: about 20× faster than apache-arrow's `vectorFromArray(values, new Utf8())` builder on
 * typical attribute columns (measured on BD TOPO buildings).
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
  const validity = new Uint8Array((length + 7) >> 3);
  const encoder = new TextEncoder();
  let position = 0;
  let nullCount = 0;
  for (let index = 0; index < length; index += 1) {
    const value = values[index];
    if (typeof value === 'string') {
      validity[index >> 3] = (validity[index >> 3] as number) | (1 << (index & 7));
      position += encoder.encodeInto(value, bytes.subarray(position)).written;
    } else nullCount += 1;
    valueOffsets[index + 1] = position;
  }
  return makeVector(
    makeData({
      type: new Utf8(),
      length,
      nullCount,
      ...(nullCount > 0 ? { nullBitmap: validity } : {}),
      valueOffsets,
      data: bytes.subarray(0, position),
    }),
  );
}
