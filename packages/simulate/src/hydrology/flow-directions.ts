/**
 * D8 flow directions (O'Callaghan & Mark 1984; ESRI codes): each valid cell drains to the neighbour of steepest
 * descent, drop / distance, with the true cell sizes of the grid (diagonal √(dx² + dy²)).
 */
import { type Grid, type GridArray, createGridLike, isNodata, validate } from '@jumeau/core';
import { z } from 'zod';
import { ProgressReporter, reportPhase, type KernelOptions } from '../kernel-options.js';
import { D8_CODES, D8_COLUMN_OFFSETS, D8_ROW_OFFSETS, FLOW_DIRECTION_NODATA, NO_FLOW_DIRECTION } from './d8.js';
import { resolveFlats } from './flat-resolution.js';

/**
 * Options of {@link computeFlowDirections}.
 *
 * @example
 * ```ts
 * const options: FlowDirectionsOptions = { resolveFlats: false, onProgress: (fraction) => console.log(fraction) }
 * ```
 */
export interface FlowDirectionsOptions extends KernelOptions {
  /**
   * Give a direction to the cells of flats (no lower neighbour) with Barnes, Lehman & Mulla (2014b): towards lower
   * terrain and away from higher terrain. Default true. False leaves them at 0 (`NO_FLOW_DIRECTION`).
   */
  readonly resolveFlats?: boolean;
}

const optionsSchema = z.object({ resolveFlats: z.boolean().default(true) });

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
 * The steepest strictly lower valid neighbour (direction 0…7, first in ESRI order on ties) of an interior valid
 * cell, or −1. Hot loop: the same arithmetic as {@link steepestDirection} without the bounds tests.
 */
function interiorSteepest(data: GridArray, nodataValue: number, cell: number, offsets: Int32Array, distances: Float64Array): number {
  const elevation = data[cell] as number;
  let best = -1;
  let bestSlope = 0;
  for (let direction = 0; direction < 8; direction += 1) {
    const neighbourElevation = data[cell + (offsets[direction] as number)] as number;
    // biome-ignore lint/suspicious/noSelfCompare: NaN test without a function call in the hot loop
    if (neighbourElevation !== neighbourElevation || neighbourElevation === nodataValue) continue;
    const slope = (elevation - neighbourElevation) / (distances[direction] as number);
    if (slope > bestSlope) {
      bestSlope = slope;
      best = direction;
    }
  }
  return best;
}

/**
 * D8 flow directions (Uint8, ESRI codes 1 = E, 2 = SE, 4 = S, 8 = SW, 16 = W, 32 = NW, 64 = N, 128 = NE; "S" is
 * row + 1): steepest descent, ties to the first direction in ESRI order. A cell with no lower valid neighbour flows
 * off the grid or onto nodata when it is an outlet (border or next to nodata: the first such direction in ESRI
 * order). The cells of flats then get a direction across the flat (towards lower terrain, away from higher
 * terrain: Barnes, Lehman & Mulla 2014b) unless `resolveFlats: false`; only the cells of a flat with no outlet
 * (an undrained pit: fill the DEM first) keep 0. Nodata cells get 255. On `fillDepressions(dem)` every valid cell
 * drains to an outlet.
 *
 * @example
 * ```ts
 * const directions = computeFlowDirections(fillDepressions(dem))       // every valid cell has a direction
 * const raw = computeFlowDirections(dem, { resolveFlats: false })      // flats and pits left at 0
 * ```
 */
export function computeFlowDirections(dem: Grid, options: FlowDirectionsOptions = {}): Grid<Uint8Array> {
  const parsed = validate(optionsSchema, { resolveFlats: options.resolveFlats }, 'flow-direction options');
  reportPhase(options, 0, 'flow directions');
  const directions = createGridLike<Uint8Array>(dem, {
    dataType: 'uint8',
    nodata: FLOW_DIRECTION_NODATA,
    units: null,
    verticalDatum: null,
  });
  const distances = neighbourDistances(dem);
  const progress = new ProgressReporter(options, dem.data.length, 0, parsed.resolveFlats ? 0.8 : 1, 'flow directions');
  const offsets = Int32Array.from(
    D8_CODES.map((_, index) => (D8_ROW_OFFSETS[index] as number) * dem.width + (D8_COLUMN_OFFSETS[index] as number)),
  );
  for (let row = 0; row < dem.height; row += 1) {
    const isBorderRow = row === 0 || row === dem.height - 1;
    for (let column = 0; column < dem.width; column += 1) {
      const cell = row * dem.width + column;
      if (isNodata(dem.data[cell] as number, dem.nodata)) directions.data[cell] = FLOW_DIRECTION_NODATA;
      else if (isBorderRow || column === 0 || column === dem.width - 1)
        directions.data[cell] = steepestDirection(dem, distances, row, column);
      else {
        const direction = interiorSteepest(dem.data, dem.nodata ?? Number.NaN, cell, offsets, distances);
        directions.data[cell] = direction >= 0 ? (D8_CODES[direction] as number) : outwardDirection(dem, row, column);
      }
    }
    progress.tick((row + 1) * dem.width);
  }
  if (parsed.resolveFlats) {
    reportPhase(options, 0.8, 'resolving flats');
    resolveFlats(dem.data, directions.data, dem.width, dem.height);
  }
  options.onProgress?.(1, 'done');
  return directions;
}
