/**
 * The contract of Jumeau's batch projection kernels: they work in place over interleaved buffers, so a whole
 * array of points crosses one function call and no per-point object is allocated.
 * @internal
 */

/** A map projection over interleaved coordinate buffers. */
export interface ProjectionKernel {
  /** Longitude, latitude (degrees, Greenwich) → easting, northing (metres), in place. */
  forward(buffer: Float64Array, stride: number): void;
  /** Easting, northing (metres) → longitude, latitude (degrees, Greenwich), in place. */
  inverse(buffer: Float64Array, stride: number): void;
}

export const RADIANS_PER_DEGREE = Math.PI / 180;
export const DEGREES_PER_RADIAN = 180 / Math.PI;
const TWO_PI = 2 * Math.PI;

/**
 * Brings a longitude difference (radians) into [−π, π], as PROJ's `adjlon`. NaN stays NaN.
 *
 * @example
 * ```ts
 * wrapRadians(4); // 4 − 2π
 * ```
 */
export function wrapRadians(longitude: number): number {
  if (longitude >= -Math.PI && longitude <= Math.PI) return longitude;
  return longitude - TWO_PI * Math.round(longitude / TWO_PI);
}

/**
 * Brings a longitude (degrees) into [−180, 180]. NaN stays NaN.
 *
 * @example
 * ```ts
 * wrapDegrees(190); // −170
 * ```
 */
export function wrapDegrees(longitude: number): number {
  if (longitude >= -180 && longitude <= 180) return longitude;
  return longitude - 360 * Math.round(longitude / 360);
}

/**
 * Eccentricity squared from flattening.
 *
 * @example
 * ```ts
 * eccentricitySquared(1 / 298.257222101); // 0.00669438… (GRS80)
 * ```
 */
export function eccentricitySquared(flattening: number): number {
  return flattening * (2 - flattening);
}
