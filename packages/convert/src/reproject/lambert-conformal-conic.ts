import { applyLatitudeSeries, conformalLatitudeSeries, thirdFlattening } from './conformal-latitude.js';
import type { ProjectionDefinition } from './projection-definition.js';
import {
  DEGREES_PER_RADIAN,
  RADIANS_PER_DEGREE,
  eccentricitySquared,
  wrapDegrees,
  wrapRadians,
  type ProjectionKernel,
} from './projection-kernel.js';

/** Isometric latitude ψ = asinh(tan φ) − e·atanh(e·sin φ), radians. */
function isometricLatitude(latitude: number, eccentricity: number): number {
  return Math.asinh(Math.tan(latitude)) - eccentricity * Math.atanh(eccentricity * Math.sin(latitude));
}

/** atanh(x) for |x| ≤ e < 0.1 by its Taylor series, exact to 1e-17 with 7 terms (x² < 0.0068). */
function eccentricAtanh(x: number): number {
  const x2 = x * x;
  return x * (1 + x2 * (1 / 3 + x2 * (1 / 5 + x2 * (1 / 7 + x2 * (1 / 9 + x2 * (1 / 11 + x2 / 13))))));
}

/** PROJ's `pj_msfn`: cos φ / √(1 − e² sin² φ). */
function parallelRadiusFactor(latitude: number, eccentricitySquaredValue: number): number {
  const sine = Math.sin(latitude);
  return Math.cos(latitude) / Math.sqrt(1 - eccentricitySquaredValue * sine * sine);
}

/** The cone constant n, the scale c and the radius ρ₀ of the origin, as PROJ's `lcc` sets them up. */
function coneConstants(definition: ProjectionDefinition, eccentricity: number) {
  const es = eccentricity * eccentricity;
  const firstParallel = definition.firstParallelDegrees * RADIANS_PER_DEGREE;
  const secondParallel = definition.secondParallelDegrees * RADIANS_PER_DEGREE;
  const origin = definition.latitudeOfOriginDegrees * RADIANS_PER_DEGREE;
  const m1 = parallelRadiusFactor(firstParallel, es);
  const psi1 = isometricLatitude(firstParallel, eccentricity);
  const secant = Math.abs(firstParallel - secondParallel) >= 1e-10;
  const n = secant
    ? Math.log(m1 / parallelRadiusFactor(secondParallel, es)) / (isometricLatitude(secondParallel, eccentricity) - psi1)
    : Math.sin(firstParallel);
  const c = (m1 * Math.exp(n * psi1)) / n;
  const rho0 = Math.abs(Math.abs(origin) - Math.PI / 2) < 1e-10 ? 0 : c * Math.exp(-n * isometricLatitude(origin, eccentricity));
  return { n, c, rho0 };
}

/**
 * Lambert conformal conic on the ellipsoid (1 or 2 standard parallels), PROJ's `lcc` formulas. The inverse
 * needs no iteration: the conformal latitude comes from the isometric latitude in closed form and the geodetic
 * latitude from the 6th-order series of {@link conformalLatitudeSeries}.
 *
 * @example
 * ```ts
 * const lambert93 = createLambertConformalConic(readProjectionDefinition(getCrs(2154).proj4)!);
 * const buffer = Float64Array.of(2.35, 48.85);
 * lambert93.forward(buffer, 2); // buffer ≈ [652 301.6, 6 861 302.7]
 * ```
 */
export function createLambertConformalConic(definition: ProjectionDefinition): ProjectionKernel {
  const eccentricity = Math.sqrt(eccentricitySquared(definition.flattening));
  const { n, c, rho0 } = coneConstants(definition, eccentricity);
  const toGeodetic = conformalLatitudeSeries(thirdFlattening(definition.flattening)).toGeodetic;
  const scale = definition.semiMajorAxisMetres * definition.scaleFactor;
  const centralMeridian = definition.centralMeridianDegrees * RADIANS_PER_DEGREE;
  const { falseEastingMetres: falseEasting, falseNorthingMetres: falseNorthing } = definition;
  const sign = n < 0 ? -1 : 1;
  const absoluteC = Math.abs(c);
  return {
    forward(buffer, stride) {
      // Hot loop: kept in one piece so V8 keeps every constant in registers.
      for (let index = 0; index < buffer.length; index += stride) {
        const longitude = wrapRadians((buffer[index] as number) * RADIANS_PER_DEGREE - centralMeridian);
        const latitude = (buffer[index + 1] as number) * RADIANS_PER_DEGREE;
        // ψ = atanh(sin φ) − e·atanh(e·sin φ): one sine, one logarithm and a short polynomial instead of
        // tan/asinh/atanh, which are 2–3× dearer in V8 (same value to 1e-16).
        const sine = Math.sin(latitude);
        const psi = 0.5 * Math.log((1 + sine) / (1 - sine)) - eccentricity * eccentricAtanh(eccentricity * sine);
        const rho = c * Math.exp(-n * psi);
        const theta = n * longitude;
        const sinTheta = Math.sin(theta);
        // cos θ from sin θ when |θ| < 1 rad (always, within 130° of the central meridian): saves a call.
        const cosTheta = theta > -1 && theta < 1 ? Math.sqrt(1 - sinTheta * sinTheta) : Math.cos(theta);
        buffer[index] = falseEasting + scale * rho * sinTheta;
        buffer[index + 1] = falseNorthing + scale * (rho0 - rho * cosTheta);
      }
    },
    inverse(buffer, stride) {
      for (let index = 0; index < buffer.length; index += stride) {
        const x = (sign * ((buffer[index] as number) - falseEasting)) / scale;
        const y = sign * (rho0 - ((buffer[index + 1] as number) - falseNorthing) / scale);
        const rho = Math.sqrt(x * x + y * y);
        // t = tan(π/4 − χ/2) = (ρ/c)^(1/n); sinh ψ = (1/t − t)/2 gives tan χ, sin 2χ and cos 2χ without trigonometry.
        const t = Math.exp(Math.log(rho / absoluteC) / n);
        const sinhPsi = 0.5 * (1 / t - t);
        const coshSquared = 1 + sinhPsi * sinhPsi;
        const conformal = Math.atan(sinhPsi);
        const latitude = applyLatitudeSeries(toGeodetic, conformal, (1 - sinhPsi * sinhPsi) / coshSquared, (2 * sinhPsi) / coshSquared);
        buffer[index] = wrapDegrees((Math.atan2(x, y) / n + centralMeridian) * DEGREES_PER_RADIAN);
        buffer[index + 1] = latitude * DEGREES_PER_RADIAN;
      }
    },
  };
}
