import type { ProjectionDefinition } from './projection-definition.js';
import {
  DEGREES_PER_RADIAN,
  RADIANS_PER_DEGREE,
  eccentricitySquared,
  wrapDegrees,
  wrapRadians,
  type ProjectionKernel,
} from './projection-kernel.js';

/** PROJ's `pj_qsfn`: q(φ) of the authalic latitude, from sin φ. */
function authalicQ(sinLatitude: number, eccentricity: number, oneMinusEs: number): number {
  const product = eccentricity * sinLatitude;
  return oneMinusEs * (sinLatitude / (1 - product * product) - (0.5 / eccentricity) * Math.log((1 - product) / (1 + product)));
}

/** Authalic → geodetic series coefficients in e² (Snyder 3-18). */
function authalicSeries(es: number): readonly [number, number, number] {
  const es2 = es * es;
  const es3 = es2 * es;
  return [es / 3 + (31 / 180) * es2 + (517 / 5040) * es3, (23 / 360) * es2 + (251 / 3780) * es3, (761 / 45360) * es3];
}

/**
 * Lambert azimuthal equal-area, ellipsoidal oblique aspect (EPSG:3035 LAEA Europe), PROJ's `laea` formulas. The
 * inverse takes the authalic → geodetic series and polishes it with one Newton step on q(φ), which makes it exact
 * to ~1e-15 rad (the bare 3-term series is off by up to ~1e-10 rad, 0.6 mm).
 *
 * @example
 * ```ts
 * const laea = createLambertAzimuthalEqualArea(readProjectionDefinition(getCrs(3035).proj4)!);
 * const buffer = Float64Array.of(2.35, 48.85);
 * laea.forward(buffer, 2); // Paris in ETRS89-LAEA
 * ```
 */
export function createLambertAzimuthalEqualArea(definition: ProjectionDefinition): ProjectionKernel {
  const es = eccentricitySquared(definition.flattening);
  const e = Math.sqrt(es);
  const oneMinusEs = 1 - es;
  const qPole = authalicQ(1, e, oneMinusEs);
  const rq = Math.sqrt(0.5 * qPole);
  const origin = definition.latitudeOfOriginDegrees * RADIANS_PER_DEGREE;
  const sinOrigin = Math.sin(origin);
  const sinB1 = authalicQ(sinOrigin, e, oneMinusEs) / qPole;
  const cosB1 = Math.sqrt(1 - sinB1 * sinB1);
  const dd = Math.cos(origin) / (Math.sqrt(1 - es * sinOrigin * sinOrigin) * rq * cosB1);
  const xScale = rq * dd;
  const yScale = rq / dd;
  const [c1, c2, c3] = authalicSeries(es);
  const a = definition.semiMajorAxisMetres;
  const centralMeridian = definition.centralMeridianDegrees * RADIANS_PER_DEGREE;
  const { falseEastingMetres: falseEasting, falseNorthingMetres: falseNorthing } = definition;
  return {
    forward(buffer, stride) {
      // Hot loop: one piece, see the note in lambert-conformal-conic.ts.
      for (let index = 0; index < buffer.length; index += stride) {
        const longitude = wrapRadians((buffer[index] as number) * RADIANS_PER_DEGREE - centralMeridian);
        const sinB = authalicQ(Math.sin((buffer[index + 1] as number) * RADIANS_PER_DEGREE), e, oneMinusEs) / qPole;
        const cosB = Math.sqrt(Math.max(0, 1 - sinB * sinB));
        const cosLongitude = Math.cos(longitude);
        const b = Math.sqrt(2 / (1 + sinB1 * sinB + cosB1 * cosB * cosLongitude));
        buffer[index] = falseEasting + a * xScale * b * cosB * Math.sin(longitude);
        buffer[index + 1] = falseNorthing + a * yScale * b * (cosB1 * sinB - sinB1 * cosB * cosLongitude);
      }
    },
    inverse(buffer, stride) {
      for (let index = 0; index < buffer.length; index += stride) {
        let x = ((buffer[index] as number) - falseEasting) / a / dd;
        const y = (((buffer[index + 1] as number) - falseNorthing) / a) * dd;
        const rho = Math.sqrt(x * x + y * y);
        const angle = 2 * Math.asin((0.5 * rho) / rq);
        const cosAngle = Math.cos(angle);
        const sinAngle = Math.sin(angle);
        const sinBeta = rho < 1e-10 ? sinB1 : cosAngle * sinB1 + (y * sinAngle * cosB1) / rho;
        x *= sinAngle;
        const northing = rho < 1e-10 ? 1 : rho * cosB1 * cosAngle - y * sinB1 * sinAngle;
        const beta = Math.asin(sinBeta);
        const twice = 2 * beta;
        let latitude = beta + c1 * Math.sin(twice) + c2 * Math.sin(2 * twice) + c3 * Math.sin(3 * twice);
        // Newton on q(φ) = q_p·sin β: dq/dφ = 2(1 − e²)cos φ / (1 − e² sin² φ)².
        const sinLatitude = Math.sin(latitude);
        const denominator = 1 - es * sinLatitude * sinLatitude;
        latitude -=
          ((authalicQ(sinLatitude, e, oneMinusEs) - qPole * sinBeta) * denominator * denominator) / (2 * oneMinusEs * Math.cos(latitude));
        buffer[index] = wrapDegrees((Math.atan2(rho < 1e-10 ? 0 : x, northing) + centralMeridian) * DEGREES_PER_RADIAN);
        buffer[index + 1] = latitude * DEGREES_PER_RADIAN;
      }
    },
  };
}
