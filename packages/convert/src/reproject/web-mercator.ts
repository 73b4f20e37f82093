import type { ProjectionDefinition } from './projection-definition.js';
import { DEGREES_PER_RADIAN, RADIANS_PER_DEGREE, wrapDegrees, wrapRadians, type ProjectionKernel } from './projection-kernel.js';

/**
 * Web ("Pseudo-") Mercator, EPSG:3857: spherical Mercator formulas on the sphere of radius a applied to WGS84
 * longitudes and latitudes (PROJ's `webmerc`). Latitudes beyond ±85.06° give northings beyond the square world.
 *
 * @example
 * ```ts
 * const webMercator = createWebMercator(readProjectionDefinition(getCrs(3857).proj4)!);
 * const buffer = Float64Array.of(2.35, 48.85);
 * webMercator.forward(buffer, 2); // ≈ [261 600.8, 6 249 447.8]
 * ```
 */
export function createWebMercator(definition: ProjectionDefinition): ProjectionKernel {
  const radius = definition.semiMajorAxisMetres * definition.scaleFactor;
  const centralMeridian = definition.centralMeridianDegrees * RADIANS_PER_DEGREE;
  const { falseEastingMetres: falseEasting, falseNorthingMetres: falseNorthing } = definition;
  return {
    forward(buffer, stride) {
      for (let index = 0; index < buffer.length; index += stride) {
        const longitude = wrapRadians((buffer[index] as number) * RADIANS_PER_DEGREE - centralMeridian);
        buffer[index] = falseEasting + radius * longitude;
        buffer[index + 1] = falseNorthing + radius * Math.asinh(Math.tan((buffer[index + 1] as number) * RADIANS_PER_DEGREE));
      }
    },
    inverse(buffer, stride) {
      for (let index = 0; index < buffer.length; index += stride) {
        const longitude = ((buffer[index] as number) - falseEasting) / radius + centralMeridian;
        buffer[index] = wrapDegrees(longitude * DEGREES_PER_RADIAN);
        buffer[index + 1] = Math.atan(Math.sinh(((buffer[index + 1] as number) - falseNorthing) / radius)) * DEGREES_PER_RADIAN;
      }
    },
  };
}
