import { JumeauError, throwIfAborted, validate } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import { GEOPLATEFORME_ENDPOINTS } from './endpoints.js';

/** The most points the altimetry service takes per call. */
export const ALTIMETRY_MAXIMUM_POINTS = 5000;
/** The value the altimetry service returns where it has no elevation. */
export const ALTIMETRY_NODATA = -99999;

/** A WGS84 position in degrees. */
export interface LonLat {
  readonly longitude: number;
  readonly latitude: number;
}

/** Options of {@link fetchElevations}. */
export interface ElevationOptions {
  /** Altimetry REST root (default the public Géoplateforme one). */
  readonly endpoint?: string;
  /** Altimetric resource (default `ign_rge_alti_wld`, RGE ALTI® worldwide with fallbacks). */
  readonly resource?: string;
  /** Points per call, 1–5000 (default 5000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (pointsDone: number, pointsTotal: number) => void;
}

const pointsSchema = z.array(z.object({ longitude: z.number().min(-180).max(180), latitude: z.number().min(-90).max(90) }));
const zOnlySchema = z.looseObject({ elevations: z.array(z.number()) });
const fullSchema = z.looseObject({ elevations: z.array(z.looseObject({ lon: z.number(), lat: z.number(), z: z.number() })) });

/**
 * Elevations in metres (NGF-IGN69 in mainland France) of WGS84 points from the Géoplateforme altimetry service,
 * in batches of at most 5000 points sent by POST (5000 points do not fit in a URL). The service's −99999
 * becomes `NaN`.
 *
 * @example
 * ```ts
 * const elevationsMetres = await fetchElevations(http, [{ longitude: 1.48, latitude: 43.54 }, { longitude: 1.49, latitude: 43.55 }])
 * // Float64Array [164.34, 141.33]
 * ```
 */
export async function fetchElevations(http: HttpClient, points: readonly LonLat[], options: ElevationOptions = {}): Promise<Float64Array> {
  validate(pointsSchema, points, 'elevation points');
  const batchSize = options.batchSize ?? ALTIMETRY_MAXIMUM_POINTS;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > ALTIMETRY_MAXIMUM_POINTS) {
    throw new JumeauError('input', `Elevation batch size must be an integer in 1–${ALTIMETRY_MAXIMUM_POINTS}, got ${batchSize}`, {
      details: { batchSize },
    });
  }
  const elevationsMetres = new Float64Array(points.length);
  for (let start = 0; start < points.length; start += batchSize) {
    throwIfAborted(options.signal);
    const batch = points.slice(start, start + batchSize);
    const values = await fetchBatch(http, batch, options, start);
    for (let index = 0; index < values.length; index++)
      elevationsMetres[start + index] = values[index] === ALTIMETRY_NODATA ? Number.NaN : (values[index] as number);
    options.onProgress?.(start + batch.length, points.length);
  }
  return elevationsMetres;
}

async function fetchBatch(
  http: HttpClient,
  batch: readonly LonLat[],
  options: ElevationOptions,
  start: number,
): Promise<readonly number[]> {
  const body = JSON.stringify({
    lon: batch.map((point) => point.longitude).join('|'),
    lat: batch.map((point) => point.latitude).join('|'),
    resource: options.resource ?? 'ign_rge_alti_wld',
    delimiter: '|',
    indent: 'false',
    measures: 'false',
    zonly: 'true',
  });
  const what = `altimetry elevation of points ${start}–${start + batch.length - 1}`;
  const url = `${options.endpoint ?? GEOPLATEFORME_ENDPOINTS.altimetry}/elevation.json`;
  const request = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json' }, signal: options.signal, what };
  const answer = await http.requestParsed(request, (response) => parseJsonResponse(response, zOnlySchema, what));
  if (answer.elevations.length !== batch.length) {
    throw new JumeauError('format', `${what}: asked ${batch.length} elevations, got ${answer.elevations.length}`);
  }
  return answer.elevations;
}

/** One point of an elevation profile. */
export interface ProfilePoint extends LonLat {
  /** Metres; `NaN` where the service has none. */
  readonly elevationMetres: number;
}

/**
 * An elevation profile along a polyline (`elevationLine`): `sampling` points spread along it, elevations in
 * metres (`NaN` for −99999). `accurate` mode samples the model finely between vertices.
 *
 * @example
 * ```ts
 * const profile = await fetchElevationProfile(http, [{ longitude: 1.48, latitude: 43.54 }, { longitude: 1.49, latitude: 43.55 }], { sampling: 4 })
 * ```
 */
export async function fetchElevationProfile(
  http: HttpClient,
  line: readonly LonLat[],
  options: ElevationOptions & { readonly sampling?: number; readonly mode?: 'simple' | 'accurate' } = {},
): Promise<ProfilePoint[]> {
  validate(pointsSchema.min(2, 'a line needs at least 2 points').max(ALTIMETRY_MAXIMUM_POINTS), line, 'elevation profile line');
  const sampling = options.sampling ?? 50;
  if (!Number.isInteger(sampling) || sampling < 2 || sampling > ALTIMETRY_MAXIMUM_POINTS)
    throw new JumeauError('input', `Profile sampling must be an integer in 2–5000, got ${sampling}`);
  const body = JSON.stringify({
    lon: line.map((point) => point.longitude).join('|'),
    lat: line.map((point) => point.latitude).join('|'),
    resource: options.resource ?? 'ign_rge_alti_wld',
    delimiter: '|',
    indent: 'false',
    measures: 'false',
    profile_mode: options.mode ?? 'simple',
    sampling: String(sampling),
  });
  const what = 'altimetry elevationLine';
  const url = `${options.endpoint ?? GEOPLATEFORME_ENDPOINTS.altimetry}/elevationLine.json`;
  const request = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json' }, signal: options.signal, what };
  const answer = await http.requestParsed(request, (response) => parseJsonResponse(response, fullSchema, what));
  return answer.elevations.map((point) => ({
    longitude: point.lon,
    latitude: point.lat,
    elevationMetres: point.z === ALTIMETRY_NODATA ? Number.NaN : point.z,
  }));
}
