/** Reading a D8 flow-direction grid: the downstream cell of each cell, with validation of the codes. */
import { JumeauError, type Grid } from '@jumeau/core';
import { D8_COLUMN_OFFSETS, D8_INDEX_OF_CODE, D8_ROW_OFFSETS, FLOW_DIRECTION_NODATA, NO_FLOW_DIRECTION } from './d8.js';

/** Downstream cell index of every cell: −1 where the flow leaves the grid, ends (0), or the cell is nodata. */
export function downstreamCells(directions: Grid): Int32Array {
  const { width, height, data } = directions;
  const nodata = directions.nodata ?? FLOW_DIRECTION_NODATA;
  const downstream = new Int32Array(data.length).fill(-1);
  for (let cell = 0; cell < data.length; cell += 1) {
    const code = data[cell] as number;
    if (code === nodata || code === NO_FLOW_DIRECTION) continue;
    const direction = code >= 0 && code < 256 && Number.isInteger(code) ? (D8_INDEX_OF_CODE[code] as number) : -1;
    if (direction < 0) {
      throw new JumeauError(
        'input',
        `Flow direction ${code} at cell ${cell} (row ${Math.floor(cell / width)}) is not an ESRI D8 code (0, 1, 2, 4, …, 128)`,
        {
          details: { cell, code },
        },
      );
    }
    const row = Math.floor(cell / width) + (D8_ROW_OFFSETS[direction] as number);
    const column = (cell % width) + (D8_COLUMN_OFFSETS[direction] as number);
    if (row < 0 || column < 0 || row >= height || column >= width) continue;
    const target = row * width + column;
    if (data[target] !== nodata) downstream[cell] = target;
  }
  return downstream;
}

/** True when `code` is a valid-cell value of a direction grid (not its nodata). */
export function isValidDirection(code: number, directions: Grid): boolean {
  return code !== (directions.nodata ?? FLOW_DIRECTION_NODATA) && !Number.isNaN(code);
}
