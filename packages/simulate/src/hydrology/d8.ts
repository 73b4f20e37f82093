/**
 * D8 neighbourhood in ESRI order: the code of direction k is 2^k, k = 0…7 for E, SE, S, SW, W, NW, N, NE
 * (1, 2, 4, 8, 16, 32, 64, 128). "S" is the next row (row + 1), i.e. south on north-up grids.
 */

/** ESRI D8 codes, in the order the kernels scan neighbours (ties go to the first). */
export const D8_CODES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128];
/** Column offset of each direction. */
export const D8_COLUMN_OFFSETS: Int8Array = Int8Array.from([1, 1, 0, -1, -1, -1, 0, 1]);
/** Row offset of each direction. */
export const D8_ROW_OFFSETS: Int8Array = Int8Array.from([0, 1, 1, 1, 0, -1, -1, -1]);
/** Value of a flow-direction cell with no downstream neighbour (interior pit or flat). */
export const NO_FLOW_DIRECTION = 0;
/** Nodata of flow-direction grids (Uint8). */
export const FLOW_DIRECTION_NODATA = 255;

/** Direction index (0…7) of each code 0…255, or −1 for a value that is not an ESRI D8 code. */
export const D8_INDEX_OF_CODE: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  D8_CODES.forEach((code, index) => {
    table[code] = index;
  });
  return table;
})();

/** Cell-index offsets of the 8 directions in a row-major grid of `width` columns. */
export function neighbourOffsets(width: number): Int32Array {
  return Int32Array.from(D8_CODES.map((_, index) => (D8_ROW_OFFSETS[index] as number) * width + (D8_COLUMN_OFFSETS[index] as number)));
}

/** True when cell (row, column) is on the grid's outer rows or columns. */
export function isBorderCell(row: number, column: number, width: number, height: number): boolean {
  return row === 0 || column === 0 || row === height - 1 || column === width - 1;
}
