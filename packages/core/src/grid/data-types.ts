import { JumeauError } from '../errors.js';
import type { GridArray, GridDataType } from './types.js';

type GridArrayConstructor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int16ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor
  | Uint16ArrayConstructor;

const CONSTRUCTORS: Readonly<Record<GridDataType, GridArrayConstructor>> = {
  float32: Float32Array,
  float64: Float64Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
};

/** Every grid data type name. */
export const GRID_DATA_TYPES: readonly GridDataType[] = Object.keys(CONSTRUCTORS) as GridDataType[];

/** The data type name of a grid array; throws `input` for any other array (Uint8ClampedArray, BigInt64Array…). */
export function gridDataTypeOf(data: unknown): GridDataType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint8Array && !(data instanceof Uint8ClampedArray)) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  const kind = data === null ? 'null' : typeof data === 'object' ? data.constructor.name : typeof data;
  throw new JumeauError('input', `Grid data must be a Float32/Float64/Int16/Int32/Uint8/Uint16 array, got ${kind}`, {
    details: { kind },
  });
}

/** Allocates a zeroed array of a data type. Call {@link assertCellCount} first for sizes that come from input. */
export function allocateGridArray(dataType: GridDataType, length: number): GridArray {
  return new CONSTRUCTORS[dataType](length);
}

/** A typed view of `length` elements over `buffer` at `byteOffset` (no copy). */
export function viewGridArray(dataType: GridDataType, buffer: ArrayBufferLike, byteOffset: number, length: number): GridArray {
  const arrayType = CONSTRUCTORS[dataType];
  if (byteOffset % arrayType.BYTES_PER_ELEMENT !== 0) {
    throw new JumeauError(
      'format',
      `A ${dataType} view needs an offset aligned to ${arrayType.BYTES_PER_ELEMENT} bytes, got ${byteOffset}`,
    );
  }
  return new arrayType(buffer as ArrayBuffer, byteOffset, length);
}

/** Bytes per element of a data type. */
export function bytesPerElement(dataType: GridDataType): number {
  return CONSTRUCTORS[dataType].BYTES_PER_ELEMENT;
}
