import { type Grid, isNodata } from '@jumeau/core';

/**
 * [minimum, maximum] of a grid's valid values (nodata and NaN skipped); [0, 1] for a grid without valid values.
 *
 * @example
 * gridValueRange(dem); // [-16.2, 35.3] metres for Oléron
 */
export function gridValueRange(grid: Grid): [number, number] {
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  const { data, nodata } = grid;
  for (let index = 0; index < data.length; index += 1) {
    const value = data[index] as number;
    if (isNodata(value, nodata)) continue;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  if (minimum > maximum) return [0, 1];
  return minimum === maximum ? [minimum, minimum + 1] : [minimum, maximum];
}
