import type { GridArray } from '@jumeau/core';

/** Writes a computed value into a target array the way GDAL does: Float32 rounding, integers rounded and clamped. */
export type ValueWriter = (index: number, value: number) => void;

const INTEGER_RANGES = new Map<abstract new (...args: never[]) => GridArray, readonly [number, number]>([
  [Uint8Array, [0, 255]],
  [Uint16Array, [0, 65535]],
  [Int16Array, [-32768, 32767]],
  [Int32Array, [-2147483648, 2147483647]],
]);

/**
 * A {@link ValueWriter} for `target` (integers: `floor(value + 0.5)` clamped to the type's range, GDAL's rule).
 * When `written` is given, every cell written is also marked 1 there.
 */
export function createValueWriter(target: GridArray, written?: Uint8Array): ValueWriter {
  const range = INTEGER_RANGES.get(target.constructor as abstract new (...args: never[]) => GridArray);
  const store: ValueWriter =
    range === undefined
      ? (index, value) => {
          target[index] = value;
        }
      : (index, value) => {
          target[index] = value < range[0] ? range[0] : value > range[1] ? range[1] : Math.floor(value + 0.5);
        };
  if (written === undefined) return store;
  return (index, value) => {
    store(index, value);
    written[index] = 1;
  };
}

/**
 * The default target nodata when neither the caller nor the source gives one: NaN for float grids; none for
 * integer grids, whose uncovered cells are then 0 as with gdalwarp (pass `nodata` to mark them).
 */
export function defaultNodataFor(data: GridArray): number | null {
  return data instanceof Float32Array || data instanceof Float64Array ? Number.NaN : null;
}
