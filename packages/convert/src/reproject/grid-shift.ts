import type { Ntv2Grid, Ntv2Subgrid } from './ntv2-grid.js';
import { DEGREES_PER_RADIAN, RADIANS_PER_DEGREE } from './projection-kernel.js';

/** Interpolated shift at one point, radians. */
interface Shift {
  latitude: number;
  longitude: number;
}

/** Inverse iterations stop below this change (radians, ≈ 6 µm), or after 10 steps, as PROJ's `hgridshift`. */
const INVERSE_TOLERANCE_RADIANS = 1e-12;
const MAXIMUM_INVERSE_ITERATIONS = 10;

function findSubgrid(grid: Ntv2Grid, longitude: number, latitude: number): Ntv2Subgrid | undefined {
  // Children follow their parents in NTv2 files: the last sub-grid that holds the point is the finest.
  for (let index = grid.subgrids.length - 1; index >= 0; index -= 1) {
    const subgrid = grid.subgrids[index] as Ntv2Subgrid;
    const column = (longitude - subgrid.westRadians) / subgrid.longitudeStepRadians;
    const row = (latitude - subgrid.southRadians) / subgrid.latitudeStepRadians;
    if (column >= 0 && row >= 0 && column <= subgrid.columns - 1 && row <= subgrid.rows - 1) return subgrid;
  }
  return undefined;
}

/** Bilinear interpolation of the shift at (longitude, latitude) radians; NaN outside the grid. */
function interpolateShift(grid: Ntv2Grid, longitude: number, latitude: number, out: Shift): void {
  const subgrid = findSubgrid(grid, longitude, latitude);
  if (!subgrid) {
    out.latitude = Number.NaN;
    out.longitude = Number.NaN;
    return;
  }
  const columnPosition = (longitude - subgrid.westRadians) / subgrid.longitudeStepRadians;
  const rowPosition = (latitude - subgrid.southRadians) / subgrid.latitudeStepRadians;
  const column = Math.min(Math.floor(columnPosition), subgrid.columns - 2);
  const row = Math.min(Math.floor(rowPosition), subgrid.rows - 2);
  const fx = columnPosition - column;
  const fy = rowPosition - row;
  const shifts = subgrid.shiftsRadians;
  const southWest = (row * subgrid.columns + column) * 2;
  const northWest = southWest + subgrid.columns * 2;
  const w00 = (1 - fx) * (1 - fy);
  const w10 = fx * (1 - fy);
  const w01 = (1 - fx) * fy;
  const w11 = fx * fy;
  for (let component = 0; component < 2; component += 1) {
    const value =
      w00 * (shifts[southWest + component] as number) +
      w10 * (shifts[southWest + 2 + component] as number) +
      w01 * (shifts[northWest + component] as number) +
      w11 * (shifts[northWest + 2 + component] as number);
    if (component === 0) out.latitude = value;
    else out.longitude = value;
  }
}

/**
 * Applies a horizontal grid shift in place to longitude/latitude degrees: `forward` from the grid's source datum
 * (NTF) to its target (RGF93), `inverse` back by fixed-point iteration as PROJ does. Points outside the grid
 * become NaN (PROJ refuses them).
 *
 * @example
 * ```ts
 * applyGridShift(parseNtv2(bytes), lonLatNtf, 2, 'forward'); // lonLatNtf now holds RGF93 degrees
 * ```
 */
export function applyGridShift(grid: Ntv2Grid, buffer: Float64Array, stride: number, direction: 'forward' | 'inverse'): void {
  const shift: Shift = { latitude: 0, longitude: 0 };
  for (let index = 0; index < buffer.length; index += stride) {
    const longitude = (buffer[index] as number) * RADIANS_PER_DEGREE;
    const latitude = (buffer[index + 1] as number) * RADIANS_PER_DEGREE;
    interpolateShift(grid, longitude, latitude, shift);
    let resultLongitude = longitude + shift.longitude;
    let resultLatitude = latitude + shift.latitude;
    if (direction === 'inverse') {
      resultLongitude = longitude - shift.longitude;
      resultLatitude = latitude - shift.latitude;
      for (let iteration = 0; iteration < MAXIMUM_INVERSE_ITERATIONS; iteration += 1) {
        interpolateShift(grid, resultLongitude, resultLatitude, shift);
        const differenceLongitude = resultLongitude + shift.longitude - longitude;
        const differenceLatitude = resultLatitude + shift.latitude - latitude;
        resultLongitude -= differenceLongitude;
        resultLatitude -= differenceLatitude;
        if (!(differenceLongitude * differenceLongitude + differenceLatitude * differenceLatitude > INVERSE_TOLERANCE_RADIANS ** 2)) break;
      }
    }
    buffer[index] = resultLongitude * DEGREES_PER_RADIAN;
    buffer[index + 1] = resultLatitude * DEGREES_PER_RADIAN;
  }
}
