import { type GridArray, allocateGridArray, gridDataTypeOf } from '@jumeau/core';

/** How overview cells are computed from the level above. */
export type OverviewResampling = 'nearest' | 'average';

/** A level of values: a plain array with its size. Internal. */
export interface RasterLevel {
  readonly width: number;
  readonly height: number;
  readonly data: GridArray;
}

/**
 * Halves a level (⌈w/2⌉ × ⌈h/2⌉). `average` is the mean of the valid cells of each 2 × 2 block (no data and NaN
 * skipped; all invalid → `nodata`; integers rounded half away from zero); `nearest` takes the top-left cell.
 * Hot loop: kept in one function.
 */
export function halveLevel(level: RasterLevel, resampling: OverviewResampling, nodata: number | null): RasterLevel {
  const width = Math.ceil(level.width / 2);
  const height = Math.ceil(level.height / 2);
  const dataType = gridDataTypeOf(level.data);
  const output = allocateGridArray(dataType, width * height);
  const source = level.data;
  const integer = dataType !== 'float32' && dataType !== 'float64';
  const fill = nodata ?? Number.NaN;
  for (let row = 0; row < height; row += 1) {
    const top = row * 2 * level.width;
    const bottom = Math.min(row * 2 + 1, level.height - 1) === row * 2 ? -1 : top + level.width;
    for (let column = 0; column < width; column += 1) {
      const left = column * 2;
      if (resampling === 'nearest') {
        output[row * width + column] = source[top + left] as number;
        continue;
      }
      const hasRight = left + 1 < level.width;
      let sum = 0;
      let count = 0;
      const indexes = [
        top + left,
        hasRight ? top + left + 1 : -1,
        bottom < 0 ? -1 : bottom + left,
        bottom >= 0 && hasRight ? bottom + left + 1 : -1,
      ];
      for (let corner = 0; corner < 4; corner += 1) {
        const index = indexes[corner] as number;
        if (index < 0) continue;
        const value = source[index] as number;
        if (value === nodata || Number.isNaN(value)) continue;
        sum += value;
        count += 1;
      }
      const mean = count === 0 ? fill : sum / count;
      output[row * width + column] = integer && count > 0 ? Math.sign(mean) * Math.round(Math.abs(mean)) : mean;
    }
  }
  return { width, height, data: output };
}
