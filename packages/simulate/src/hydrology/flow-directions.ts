/**
 * D8 flow directions (O'Callaghan & Mark 1984; ESRI codes): each valid cell drains to the neighbour of steepest
 * descent, drop / distance, with the true cell sizes of the grid (diagonal √(dx² + dy²)).
 */
import { type Grid, createGridLike, isNodata } from '@jumeau/core';
import { ProgressReporter, reportPhase, type KernelOptions } from '../kernel-options.js';
import { D8_CODES, D8_COLUMN_OFFSETS, D8_ROW_OFFSETS, FLOW_DIRECTION_NODATA, NO_FLOW_DIRECTION } from './d8.js';

/** Distance to the neighbour in each direction, in CRS units. */
function neighbourDistances(dem: Grid): Float64Array {
  const dx = Math.hypot(dem.transform[1], dem.transform[4]);
  const dy = Math.hypot(dem.transform[2], dem.transform[5]);
  return Float64Array.from(
    D8_CODES.map((_, index) => Math.hypot((D8_COLUMN_OFFSETS[index] as number) * dx, (D8_ROW_OFFSETS[index] as number) * dy)),
  );
}

/** First direction (ESRI order) leading off the grid or onto nodata, or NO_FLOW_DIRECTION. */
function outwardDirection(dem: Grid, row: number, column: number): number {
  for (let direction = 0; direction < 8; direction += 1) {
    const neighbourRow = row + (D8_ROW_OFFSETS[direction] as number);
    const neighbourColumn = column + (D8_COLUMN_OFFSETS[direction] as number);
    const outside = neighbourRow < 0 || neighbourColumn < 0 || neighbourRow >= dem.height || neighbourColumn >= dem.width;
    if (outside || isNodata(dem.data[neighbourRow * dem.width + neighbourColumn] as number, dem.nodata))
      return D8_CODES[direction] as number;
  }
  return NO_FLOW_DIRECTION;
}

/** The D8 code of one valid cell: steepest strictly positive drop, first in ESRI order on ties. */
function steepestDirection(dem: Grid, distances: Float64Array, row: number, column: number): number {
  const { width, height, data, nodata } = dem;
  const elevation = data[row * width + column] as number;
  let best = -1;
  let bestSlope = 0;
  for (let direction = 0; direction < 8; direction += 1) {
    const neighbourRow = row + (D8_ROW_OFFSETS[direction] as number);
    const neighbourColumn = column + (D8_COLUMN_OFFSETS[direction] as number);
    if (neighbourRow < 0 || neighbourColumn < 0 || neighbourRow >= height || neighbourColumn >= width) continue;
    const neighbourElevation = data[neighbourRow * width + neighbourColumn] as number;
    if (isNodata(neighbourElevation, nodata)) continue;
    const slope = (elevation - neighbourElevation) / (distances[direction] as number);
    if (slope > bestSlope) {
      bestSlope = slope;
      best = direction;
    }
  }
  if (best >= 0) return D8_CODES[best] as number;
  // No lower neighbour: an outlet (border or next to nodata) flows out; an interior pit or flat gets 0.
  return outwardDirection(dem, row, column);
}

/**
 * D8 flow directions (Uint8, ESRI codes 1 = E, 2 = SE, 4 = S, 8 = SW, 16 = W, 32 = NW, 64 = N, 128 = NE; "S" is
 * row + 1). A cell with no lower valid neighbour flows off the grid or onto nodata when it is an outlet (border
 * or next to nodata: the first such direction in ESRI order), else gets 0 (an interior pit or flat). Ties go to
 * the first direction in ESRI order. Nodata cells get 255. Run it on `fillDepressions(dem, { variant: 'epsilon' })`
 * so that no interior cell is left at 0.
 *
 * @example
 * ```ts
 * const directions = computeFlowDirections(fillDepressions(dem, { variant: 'epsilon' }))
 * ```
 */
export function computeFlowDirections(dem: Grid, options: KernelOptions = {}): Grid<Uint8Array> {
  reportPhase(options, 0, 'flow directions');
  const directions = createGridLike<Uint8Array>(dem, {
    dataType: 'uint8',
    nodata: FLOW_DIRECTION_NODATA,
    units: null,
    verticalDatum: null,
  });
  const distances = neighbourDistances(dem);
  const progress = new ProgressReporter(options, dem.data.length, 0, 1, 'flow directions');
  for (let row = 0; row < dem.height; row += 1) {
    for (let column = 0; column < dem.width; column += 1) {
      const cell = row * dem.width + column;
      directions.data[cell] = isNodata(dem.data[cell] as number, dem.nodata)
        ? FLOW_DIRECTION_NODATA
        : steepestDirection(dem, distances, row, column);
    }
    progress.tick((row + 1) * dem.width);
  }
  options.onProgress?.(1, 'done');
  return directions;
}
