/**
 * Conformal ("Gaussian") latitude ↔ geodetic latitude as 6th-order trigonometric series in the third flattening
 * n, summed with Clenshaw's method (Engsager & Poder, ICC 2007; the coefficients of PROJ's `tmerc`/`etmerc`).
 * The truncation error is O(n⁷) ≈ 4·10⁻²⁰ rad for GRS80: exact in double precision, with no iteration.
 * @internal
 */

/** The two series of one ellipsoid: geodetic → conformal and conformal → geodetic. */
export interface ConformalLatitudeSeries {
  /** Geodetic → conformal (PROJ's `cbg`). */
  readonly toConformal: Float64Array;
  /** Conformal → geodetic (PROJ's `cgb`). */
  readonly toGeodetic: Float64Array;
}

/**
 * Third flattening n = f / (2 − f).
 *
 * @example
 * ```ts
 * thirdFlattening(1 / 298.257222101); // 0.0016792203946… (GRS80)
 * ```
 */
export function thirdFlattening(flattening: number): number {
  return flattening / (2 - flattening);
}

/**
 * The series coefficients for an ellipsoid of third flattening `n` (König & Weise p. 186–191).
 *
 * @example
 * ```ts
 * const { toGeodetic } = conformalLatitudeSeries(thirdFlattening(1 / 298.257222101));
 * ```
 */
export function conformalLatitudeSeries(n: number): ConformalLatitudeSeries {
  const toGeodetic = new Float64Array(6);
  const toConformal = new Float64Array(6);
  toGeodetic[0] = n * (2 + n * (-2 / 3 + n * (-2 + n * (116 / 45 + n * (26 / 45 + n * (-2854 / 675))))));
  toConformal[0] = n * (-2 + n * (2 / 3 + n * (4 / 3 + n * (-82 / 45 + n * (32 / 45 + n * (4642 / 4725))))));
  let power = n * n;
  toGeodetic[1] = power * (7 / 3 + n * (-8 / 5 + n * (-227 / 45 + n * (2704 / 315 + n * (2323 / 945)))));
  toConformal[1] = power * (5 / 3 + n * (-16 / 15 + n * (-13 / 9 + n * (904 / 315 + n * (-1522 / 945)))));
  power *= n;
  toGeodetic[2] = power * (56 / 15 + n * (-136 / 35 + n * (-1262 / 105 + n * (73814 / 2835))));
  toConformal[2] = power * (-26 / 15 + n * (34 / 21 + n * (8 / 5 + n * (-12686 / 2835))));
  power *= n;
  toGeodetic[3] = power * (4279 / 630 + n * (-332 / 35 + n * (-399572 / 14175)));
  toConformal[3] = power * (1237 / 630 + n * (-12 / 5 + n * (-24832 / 14175)));
  power *= n;
  toGeodetic[4] = power * (4174 / 315 + n * (-144838 / 6237));
  toConformal[4] = power * (-734 / 315 + n * (109598 / 31185));
  power *= n;
  toGeodetic[5] = power * (601676 / 22275);
  toConformal[5] = power * (444337 / 155925);
  return { toConformal, toGeodetic };
}

/**
 * Σ c[k] sin(2(k+1)·latitude) added to `latitude` (radians), given cos(2·latitude) and sin(2·latitude) so that
 * callers who already hold them skip two trigonometric calls (PROJ's `gatg`).
 *
 * @example
 * ```ts
 * const latitude = applyLatitudeSeries(toGeodetic, conformal, Math.cos(2 * conformal), Math.sin(2 * conformal));
 * ```
 */
export function applyLatitudeSeries(coefficients: Float64Array, latitude: number, cosTwice: number, sinTwice: number): number {
  const twoCos = 2 * cosTwice;
  let h1 = coefficients[5] as number;
  let h2 = 0;
  let h = h1;
  for (let index = 4; index >= 0; index -= 1) {
    h = -h2 + twoCos * h1 + (coefficients[index] as number);
    h2 = h1;
    h1 = h;
  }
  return latitude + h * sinTwice;
}
