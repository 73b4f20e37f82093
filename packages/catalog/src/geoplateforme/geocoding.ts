import { validate } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import { GEOPLATEFORME_ENDPOINTS } from './endpoints.js';

const featureSchema = z.looseObject({
  type: z.literal('Feature'),
  geometry: z.looseObject({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.looseObject({
    label: z.string().optional(),
    name: z.string().optional(),
    score: z.number().optional(),
    type: z.string().optional(),
    citycode: z.string().optional(),
    city: z.string().optional(),
    postcode: z.string().optional(),
    _type: z.string().optional(),
  }),
});
const collectionSchema = z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(featureSchema) });
const completionSchema = z.looseObject({
  status: z.string(),
  results: z.array(
    z.looseObject({
      fulltext: z.string(),
      x: z.number(),
      y: z.number(),
      kind: z.string().optional(),
      city: z.string().optional(),
      zipcode: z.string().optional(),
    }),
  ),
});

/** One geocoding answer. */
export interface GeocodeResult {
  readonly label: string;
  readonly longitude: number;
  readonly latitude: number;
  /** Relevance 0–1, when the service gives it. */
  readonly score: number | undefined;
  /** `housenumber`, `street`, `municipality`, `locality`, a POI category… */
  readonly kind: string | undefined;
  /** INSEE code of the commune, when known. */
  readonly cityCode: string | undefined;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Options of the geocoding calls. */
export interface GeocodeOptions {
  /** Geocoding root (default `https://data.geopf.fr/geocodage`). */
  readonly endpoint?: string;
  /** `address` (default), `poi` or `parcel`. */
  readonly index?: 'address' | 'poi' | 'parcel';
  /** Results wanted, 1–50 (default 10). */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

const optionsSchema = z.object({ limit: z.number().int().min(1).max(50).optional() });

function toResults(collection: z.output<typeof collectionSchema>): GeocodeResult[] {
  return collection.features.map((feature) => ({
    label: feature.properties.label ?? feature.properties.name ?? '',
    longitude: feature.geometry.coordinates[0],
    latitude: feature.geometry.coordinates[1],
    score: feature.properties.score,
    kind: feature.properties.type ?? feature.properties._type,
    cityCode: feature.properties.citycode,
    properties: feature.properties,
  }));
}

/**
 * Geocodes a text (`/geocodage/search`): an address, a place, a parcel.
 *
 * @example
 * ```ts
 * const [best] = await geocodeSearch(http, '73 avenue de Paris, Saint-Mandé')
 * best.longitude, best.latitude
 * ```
 */
export async function geocodeSearch(http: HttpClient, text: string, options: GeocodeOptions = {}): Promise<GeocodeResult[]> {
  validate(z.string().trim().min(3, 'at least 3 characters').max(200), text, 'geocoding text');
  validate(optionsSchema, { limit: options.limit }, 'geocoding options');
  const url = new URL(`${options.endpoint ?? GEOPLATEFORME_ENDPOINTS.geocoding}/search`);
  url.searchParams.set('q', text);
  url.searchParams.set('index', options.index ?? 'address');
  url.searchParams.set('limit', String(options.limit ?? 10));
  const what = `geocoding "${text}"`;
  return toResults(
    await http.requestParsed({ url, signal: options.signal, what }, (response) => parseJsonResponse(response, collectionSchema, what)),
  );
}

/**
 * Reverse geocoding (`/geocodage/reverse`): what is at a WGS84 position.
 *
 * @example
 * ```ts
 * const [nearest] = await geocodeReverse(http, { longitude: 2.4397, latitude: 48.8453 })
 * ```
 */
export async function geocodeReverse(
  http: HttpClient,
  position: { longitude: number; latitude: number },
  options: GeocodeOptions = {},
): Promise<GeocodeResult[]> {
  validate(
    z.object({ longitude: z.number().min(-180).max(180), latitude: z.number().min(-90).max(90) }),
    position,
    'reverse geocoding position',
  );
  validate(optionsSchema, { limit: options.limit }, 'geocoding options');
  const url = new URL(`${options.endpoint ?? GEOPLATEFORME_ENDPOINTS.geocoding}/reverse`);
  url.searchParams.set('lon', String(position.longitude));
  url.searchParams.set('lat', String(position.latitude));
  url.searchParams.set('index', options.index ?? 'address');
  url.searchParams.set('limit', String(options.limit ?? 10));
  const what = `reverse geocoding ${position.longitude},${position.latitude}`;
  return toResults(
    await http.requestParsed({ url, signal: options.signal, what }, (response) => parseJsonResponse(response, collectionSchema, what)),
  );
}

/**
 * Completion while typing (`/geocodage/completion`).
 *
 * @example
 * ```ts
 * const suggestions = await geocodeCompletion(http, 'saint-mand') // [{ label: 'Saint-Mandé', … }]
 * ```
 */
export async function geocodeCompletion(http: HttpClient, text: string, options: GeocodeOptions = {}): Promise<GeocodeResult[]> {
  validate(z.string().trim().min(1).max(200), text, 'completion text');
  validate(optionsSchema, { limit: options.limit }, 'geocoding options');
  const url = new URL(`${options.endpoint ?? GEOPLATEFORME_ENDPOINTS.geocoding}/completion`);
  url.searchParams.set('text', text);
  url.searchParams.set('maximumResponses', String(options.limit ?? 10));
  const what = `geocoding completion "${text}"`;
  const answer = await http.requestParsed({ url, signal: options.signal, what }, (response) =>
    parseJsonResponse(response, completionSchema, what),
  );
  return answer.results.map((result) => ({
    label: result.fulltext,
    longitude: result.x,
    latitude: result.y,
    score: undefined,
    kind: result.kind,
    cityCode: undefined,
    properties: result,
  }));
}
