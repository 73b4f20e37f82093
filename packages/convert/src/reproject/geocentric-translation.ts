import { DEGREES_PER_RADIAN, RADIANS_PER_DEGREE, eccentricitySquared } from './projection-kernel.js';

/** An ellipsoid by semi-major axis (metres) and flattening. */
export interface Ellipsoid {
  readonly semiMajorAxisMetres: number;
  readonly flattening: number;
}

/** Geocentric → geodetic latitude: Bowring's start then two fixed-point steps (≪ 1 µm near the Earth's surface). */
function geodeticLatitude(p: number, z: number, a: number, es: number): number {
  let latitude = Math.atan2(z, p * (1 - es));
  for (let iteration = 0; iteration < 3; iteration += 1) {
    const sine = Math.sin(latitude);
    const radius = a / Math.sqrt(1 - es * sine * sine);
    latitude = Math.atan2(z + es * radius * sine, p);
  }
  return latitude;
}

/**
 * A 3-parameter datum shift in place over longitude/latitude degrees: to geocentric on `from`, add the translation
 * (metres), back to geodetic on `to` — PROJ's `cart` + `helmert` + `inv cart` pipeline. Heights (z at index 2 when
 * `stride` is 3) enter the geocentric step and are returned unchanged, as PROJ's `push v_3`/`pop v_3` does.
 *
 * @example
 * ```ts
 * // NTF → WGS84 as EPSG transformation 1193 (NTF to WGS 84 (1))
 * translateDatum(lonLat, 2, clarke1880Ign, wgs84, [-168, -60, 320]);
 * ```
 */
export function translateDatum(
  buffer: Float64Array,
  stride: number,
  from: Ellipsoid,
  to: Ellipsoid,
  translationMetres: readonly [number, number, number],
): void {
  const [dx, dy, dz] = translationMetres;
  const fromA = from.semiMajorAxisMetres;
  const fromEs = eccentricitySquared(from.flattening);
  const toA = to.semiMajorAxisMetres;
  const toEs = eccentricitySquared(to.flattening);
  for (let index = 0; index < buffer.length; index += stride) {
    const longitude = (buffer[index] as number) * RADIANS_PER_DEGREE;
    const latitude = (buffer[index + 1] as number) * RADIANS_PER_DEGREE;
    const height = stride === 3 ? (buffer[index + 2] as number) || 0 : 0;
    const sine = Math.sin(latitude);
    const radius = fromA / Math.sqrt(1 - fromEs * sine * sine);
    const horizontal = (radius + height) * Math.cos(latitude);
    const x = horizontal * Math.cos(longitude) + dx;
    const y = horizontal * Math.sin(longitude) + dy;
    const z = (radius * (1 - fromEs) + height) * sine + dz;
    buffer[index] = Math.atan2(y, x) * DEGREES_PER_RADIAN;
    buffer[index + 1] = geodeticLatitude(Math.sqrt(x * x + y * y), z, toA, toEs) * DEGREES_PER_RADIAN;
  }
}
