import { applyLatitudeSeries, conformalLatitudeSeries, thirdFlattening } from './conformal-latitude.js';
import type { ProjectionDefinition } from './projection-definition.js';
import { DEGREES_PER_RADIAN, RADIANS_PER_DEGREE, wrapDegrees, wrapRadians, type ProjectionKernel } from './projection-kernel.js';

/** Beyond this normalised easting the series diverge; PROJ refuses the point, Jumeau returns NaN. */
const MAXIMUM_NORMALISED_EASTING = 2.623395162778;

/** Krüger's series of the transverse Mercator (PROJ's `utg`/`gtu`, 6th order in n). */
function krugerSeries(n: number): { readonly toSphere: Float64Array; readonly toEllipsoid: Float64Array } {
  const toSphere = new Float64Array(6);
  const toEllipsoid = new Float64Array(6);
  let power = n * n;
  toSphere[0] = n * (-0.5 + n * (2 / 3 + n * (-37 / 96 + n * (1 / 360 + n * (81 / 512 + n * (-96199 / 604800))))));
  toEllipsoid[0] = n * (0.5 + n * (-2 / 3 + n * (5 / 16 + n * (41 / 180 + n * (-127 / 288 + n * (7891 / 37800))))));
  toSphere[1] = power * (-1 / 48 + n * (-1 / 15 + n * (437 / 1440 + n * (-46 / 105 + n * (1118711 / 3870720)))));
  toEllipsoid[1] = power * (13 / 48 + n * (-3 / 5 + n * (557 / 1440 + n * (281 / 630 + n * (-1983433 / 1935360)))));
  power *= n;
  toSphere[2] = power * (-17 / 480 + n * (37 / 840 + n * (209 / 4480 + n * (-5569 / 90720))));
  toEllipsoid[2] = power * (61 / 240 + n * (-103 / 140 + n * (15061 / 26880 + n * (167603 / 181440))));
  power *= n;
  toSphere[3] = power * (-4397 / 161280 + n * (11 / 504 + n * (830251 / 7257600)));
  toEllipsoid[3] = power * (49561 / 161280 + n * (-179 / 168 + n * (6601661 / 7257600)));
  power *= n;
  toSphere[4] = power * (-4583 / 161280 + n * (108847 / 3991680));
  toEllipsoid[4] = power * (34729 / 80640 + n * (-3418889 / 1995840));
  power *= n;
  toSphere[5] = power * (-20648693 / 638668800);
  toEllipsoid[5] = power * (212378941 / 319334400);
  return { toSphere, toEllipsoid };
}

/** Output of {@link complexSeries}: the real and imaginary corrections. */
interface ComplexCorrection {
  real: number;
  imaginary: number;
}

/** Σ a[k] sin(2(k+1)(u + iv)) by Clenshaw summation in complex arithmetic (PROJ's `clenS`). */
function complexSeries(coefficients: Float64Array, twiceReal: number, twiceImaginary: number, out: ComplexCorrection): void {
  const sinReal = Math.sin(twiceReal);
  const cosReal = Math.cos(twiceReal);
  const sinhImaginary = Math.sinh(twiceImaginary);
  const coshImaginary = Math.cosh(twiceImaginary);
  const r = 2 * cosReal * coshImaginary;
  const i = -2 * sinReal * sinhImaginary;
  let hr = coefficients[5] as number;
  let hi = 0;
  let hr1 = 0;
  let hi1 = 0;
  for (let index = 4; index >= 0; index -= 1) {
    const hr2 = hr1;
    const hi2 = hi1;
    hr1 = hr;
    hi1 = hi;
    hr = -hr2 + r * hr1 - i * hi1 + (coefficients[index] as number);
    hi = -hi2 + i * hr1 + r * hi1;
  }
  const realFactor = sinReal * coshImaginary;
  const imaginaryFactor = cosReal * sinhImaginary;
  out.real = realFactor * hr - imaginaryFactor * hi;
  out.imaginary = realFactor * hi + imaginaryFactor * hr;
}

/**
 * Transverse Mercator by Krüger's series to order 6 in n (Poder & Engsager), the "exact" algorithm PROJ uses for
 * `tmerc` and `utm`: sub-millimetre out to ±3 900 km from the central meridian. UTM parameters come from
 * {@link readProjectionDefinition}.
 *
 * @example
 * ```ts
 * const utm40s = createTransverseMercator(readProjectionDefinition(getCrs(2975).proj4)!);
 * const buffer = Float64Array.of(55.45, -20.88);
 * utm40s.forward(buffer, 2); // Saint-Denis de La Réunion in RGR92 / UTM 40S
 * ```
 */
export function createTransverseMercator(definition: ProjectionDefinition): ProjectionKernel {
  const n = thirdFlattening(definition.flattening);
  const { toConformal, toGeodetic } = conformalLatitudeSeries(n);
  const { toSphere, toEllipsoid } = krugerSeries(n);
  const n2 = n * n;
  // Normalised meridian quadrant times k₀ (König & Weise p. 50) and the northing of the latitude of origin.
  const meridianScale = (definition.scaleFactor / (1 + n)) * (1 + n2 * (1 / 4 + n2 * (1 / 64 + n2 / 256)));
  const origin = definition.latitudeOfOriginDegrees * RADIANS_PER_DEGREE;
  const originConformal = applyLatitudeSeries(toConformal, origin, Math.cos(2 * origin), Math.sin(2 * origin));
  const correction: ComplexCorrection = { real: 0, imaginary: 0 };
  complexSeries(toEllipsoid, 2 * originConformal, 0, correction);
  const originNorthing = -meridianScale * (originConformal + correction.real);
  const a = definition.semiMajorAxisMetres;
  const centralMeridian = definition.centralMeridianDegrees * RADIANS_PER_DEGREE;
  const { falseEastingMetres: falseEasting, falseNorthingMetres: falseNorthing } = definition;
  return {
    forward(buffer, stride) {
      // Hot loop: one piece, see the note in lambert-conformal-conic.ts.
      for (let index = 0; index < buffer.length; index += stride) {
        const longitude = wrapRadians((buffer[index] as number) * RADIANS_PER_DEGREE - centralMeridian);
        const latitude = (buffer[index + 1] as number) * RADIANS_PER_DEGREE;
        const gaussian = applyLatitudeSeries(toConformal, latitude, Math.cos(2 * latitude), Math.sin(2 * latitude));
        const sinGaussian = Math.sin(gaussian);
        const cosGaussian = Math.cos(gaussian);
        const cosLongitude = Math.cos(longitude);
        const sphericalNorthing = Math.atan2(sinGaussian, cosGaussian * cosLongitude);
        const tanEasting =
          (Math.sin(longitude) * cosGaussian) /
          Math.sqrt(sinGaussian * sinGaussian + cosGaussian * cosGaussian * cosLongitude * cosLongitude);
        const sphericalEasting = Math.asinh(tanEasting);
        complexSeries(toEllipsoid, 2 * sphericalNorthing, 2 * sphericalEasting, correction);
        const easting = sphericalEasting + correction.imaginary;
        const valid = Math.abs(easting) <= MAXIMUM_NORMALISED_EASTING;
        buffer[index] = valid ? falseEasting + a * meridianScale * easting : Number.NaN;
        buffer[index + 1] = valid
          ? falseNorthing + a * (meridianScale * (sphericalNorthing + correction.real) + originNorthing)
          : Number.NaN;
      }
    },
    inverse(buffer, stride) {
      for (let index = 0; index < buffer.length; index += stride) {
        let northing = (((buffer[index + 1] as number) - falseNorthing) / a - originNorthing) / meridianScale;
        let easting = ((buffer[index] as number) - falseEasting) / a / meridianScale;
        const valid = Math.abs(easting) <= MAXIMUM_NORMALISED_EASTING;
        complexSeries(toSphere, 2 * northing, 2 * easting, correction);
        northing += correction.real;
        easting = Math.atan(Math.sinh(easting + correction.imaginary));
        const sinNorthing = Math.sin(northing);
        const cosNorthing = Math.cos(northing);
        const sinEasting = Math.sin(easting);
        const cosEasting = Math.cos(easting);
        const longitude = Math.atan2(sinEasting, cosEasting * cosNorthing);
        const gaussian = Math.atan2(
          sinNorthing * cosEasting,
          Math.sqrt(sinEasting * sinEasting + cosEasting * cosEasting * cosNorthing * cosNorthing),
        );
        const latitude = applyLatitudeSeries(toGeodetic, gaussian, Math.cos(2 * gaussian), Math.sin(2 * gaussian));
        buffer[index] = valid ? wrapDegrees((longitude + centralMeridian) * DEGREES_PER_RADIAN) : Number.NaN;
        buffer[index + 1] = valid ? latitude * DEGREES_PER_RADIAN : Number.NaN;
      }
    },
  };
}
