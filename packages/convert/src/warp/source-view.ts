import type { GridArray } from '@jumeau/core';

/**
 * A window of a source grid as the kernels see it: positions are relative to the window's top-left cell and
 * the kernels never read outside `width × height` (that is how GDAL's kernels treat their source chunk).
 */
export interface SourceView {
  readonly data: GridArray;
  /** 1 for a valid source cell, 0 for no data; null when every cell is valid. Indexed like `data`. */
  readonly valid: Uint8Array | null;
  /** Number of columns of the whole source grid (the row stride of `data`). */
  readonly stride: number;
  /** Window origin in the whole source grid. */
  readonly column: number;
  readonly row: number;
  /** Window size in source cells. */
  readonly width: number;
  readonly height: number;
}

/** Index in `data` of the window cell `(x, y)`. */
export function viewIndex(view: SourceView, x: number, y: number): number {
  return (view.row + y) * view.stride + view.column + x;
}

/** True when the window cell `(x, y)` holds a value. */
export function isValidCell(view: SourceView, x: number, y: number): boolean {
  return view.valid === null || view.valid[viewIndex(view, x, y)] === 1;
}

/**
 * The validity of each source cell: 0 where the value is NaN or equals `nodata`, else 1. Null when the grid
 * can hold no invalid cell (no nodata and an integer type), so kernels skip the checks.
 */
export function computeValidity(data: GridArray, nodata: number | null): Uint8Array | null {
  const isFloat = data instanceof Float32Array || data instanceof Float64Array;
  if (nodata === null && !isFloat) return null;
  const valid = new Uint8Array(data.length);
  let invalidCount = 0;
  // Compare in the array's own precision: a Float32 nodata such as -9999.0 is stored exactly.
  const nodataValue = nodata === null || Number.isNaN(nodata) ? Number.NaN : nodata;
  for (let index = 0; index < data.length; index += 1) {
    const value = data[index] as number;
    const ok = !Number.isNaN(value) && value !== nodataValue;
    valid[index] = ok ? 1 : 0;
    if (!ok) invalidCount += 1;
  }
  return invalidCount === 0 ? null : valid;
}
