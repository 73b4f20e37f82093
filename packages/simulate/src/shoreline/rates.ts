import { JumeauError } from '@jumeau/core';
import type { ShorelineObservation } from './observations.js';

/** Shoreline-change rates of one transect, in metres per year; positive = towards the transect direction (seaward, accretion). */
export interface TransectRates {
  readonly axis: number;
  readonly transect: number;
  readonly originX: number;
  readonly originY: number;
  readonly directionX: number;
  readonly directionY: number;
  /** Number of dated shorelines crossing the transect. */
  readonly dateCount: number;
  /** Oldest and newest dates (decimal years) and the span between them, years. */
  readonly oldestYear: number;
  readonly newestYear: number;
  readonly durationYears: number;
  /** Spread of the positions (max − min), metres. */
  readonly envelopeMetres: number;
  /** Position of the newest shoreline along the transect, metres. */
  readonly newestDistanceMetres: number;
  /** End Point Rate: (newest − oldest position) / (newest − oldest date), m/yr. */
  readonly endPointRate: number;
  /** Ordinary Least Squares slope of position on date, m/yr (null with fewer than 2 distinct dates). */
  readonly ordinaryLeastSquaresRate: number | null;
  /** Weighted Least Squares slope, weights 1/σ² from each shoreline's uncertainty, m/yr. */
  readonly weightedLeastSquaresRate: number | null;
}

function regressionSlope(years: readonly number[], distances: readonly number[], weights: readonly number[]): number | null {
  let weightSum = 0;
  let meanYear = 0;
  let meanDistance = 0;
  for (let index = 0; index < years.length; index += 1) {
    const weight = weights[index] as number;
    weightSum += weight;
    meanYear += weight * (years[index] as number);
    meanDistance += weight * (distances[index] as number);
  }
  meanYear /= weightSum;
  meanDistance /= weightSum;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < years.length; index += 1) {
    const dy = (years[index] as number) - meanYear;
    covariance += (weights[index] as number) * dy * ((distances[index] as number) - meanDistance);
    variance += (weights[index] as number) * dy * dy;
  }
  return variance > 0 ? covariance / variance : null;
}

function ratesOf(observations: ShorelineObservation[]): TransectRates {
  const sorted = [...observations].sort((a, b) => a.year - b.year);
  const oldest = sorted[0] as ShorelineObservation;
  const newest = sorted[sorted.length - 1] as ShorelineObservation;
  const years = sorted.map((observation) => observation.year);
  const distances = sorted.map((observation) => observation.distanceMetres);
  const duration = newest.year - oldest.year;
  if (duration <= 0) {
    throw new JumeauError('input', `Transect ${oldest.axis}/${oldest.transect} has shorelines of a single date: no rate can be computed`);
  }
  return {
    axis: oldest.axis,
    transect: oldest.transect,
    originX: oldest.originX,
    originY: oldest.originY,
    directionX: oldest.directionX,
    directionY: oldest.directionY,
    dateCount: sorted.length,
    oldestYear: oldest.year,
    newestYear: newest.year,
    durationYears: duration,
    envelopeMetres: Math.max(...distances) - Math.min(...distances),
    newestDistanceMetres: newest.distanceMetres,
    endPointRate: (newest.distanceMetres - oldest.distanceMetres) / duration,
    ordinaryLeastSquaresRate: regressionSlope(
      years,
      distances,
      years.map(() => 1),
    ),
    weightedLeastSquaresRate: regressionSlope(
      years,
      distances,
      sorted.map((observation) => 1 / observation.uncertaintyMetres ** 2),
    ),
  };
}

/**
 * Shoreline-change rates per transect with Cerema's MobiTC definitions (EPR, OLS, WLS; Cerema 2019, "MobiTC —
 * Mobilité du trait de côte", and Thieler et al. 2009, DSAS 4.0, USGS OFR 2008-1278, §"Rate calculations").
 * Transects crossed by shorelines of a single date are skipped (no rate), as MobiTC reports them "NA".
 *
 * @example
 * ```ts
 * const rates = computeShorelineRates(readMobiTCIntersections(text))
 * rates[0].endPointRate // m/yr, positive = accretion
 * ```
 */
export function computeShorelineRates(observations: readonly ShorelineObservation[]): TransectRates[] {
  const groups = new Map<string, ShorelineObservation[]>();
  for (const observation of observations) {
    const key = `${observation.axis}/${observation.transect}`;
    const group = groups.get(key);
    if (group) group.push(observation);
    else groups.set(key, [observation]);
  }
  const rates: TransectRates[] = [];
  for (const group of groups.values()) {
    const years = new Set(group.map((observation) => observation.year));
    if (years.size >= 2) rates.push(ratesOf(group));
  }
  return rates.sort((a, b) => a.axis - b.axis || a.transect - b.transect);
}
