import {
  type HttpClient,
  type WfsCapabilities,
  type WmsCapabilities,
  parseXmlResponse,
  readWfsCapabilities,
  readWmsCapabilities,
} from '@jumeau/catalog';
import { JumeauError } from '@jumeau/core';

/** WFS capabilities (fetched once; cached on disk like every GET). */
export async function fetchWfsCapabilities(http: HttpClient, endpoint: string): Promise<WfsCapabilities> {
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries({ SERVICE: 'WFS', VERSION: '2.0.0', REQUEST: 'GetCapabilities' }))
    url.searchParams.set(key, value);
  const what = 'WFS GetCapabilities';
  return http.requestParsed({ url, what }, (response) => readWfsCapabilities(parseXmlResponse(response, what)));
}

/** WMS 1.3.0 capabilities. */
export async function fetchWmsCapabilities(http: HttpClient, endpoint: string): Promise<WmsCapabilities> {
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries({ SERVICE: 'WMS', VERSION: '1.3.0', REQUEST: 'GetCapabilities' }))
    url.searchParams.set(key, value);
  const what = 'WMS GetCapabilities';
  return http.requestParsed({ url, what }, (response) => readWmsCapabilities(parseXmlResponse(response, what)));
}

/**
 * The first layer name matching one of `patterns` (in order of preference): layer names change with each
 * vintage (`ADMINEXPRESS-COG.LATEST:commune`, `ADMINEXPRESS-COG-CARTO.LATEST:commune`…), so they are looked up,
 * never hard-coded. Throws a `JumeauError` (`not-found`-like `input`) naming what was looked for.
 *
 * @example
 * ```ts
 * pickLayer(capabilities.layers, [/^ADMINEXPRESS-COG\.LATEST:commune$/], 'communes ADMIN EXPRESS', url)
 * ```
 */
export function pickLayer(
  layers: readonly { readonly name: string }[],
  patterns: readonly RegExp[],
  what: string,
  endpoint: string,
): string {
  for (const pattern of patterns) {
    const found = layers.find((layer) => pattern.test(layer.name));
    if (found) return found.name;
  }
  throw new JumeauError('input', `${what} : aucune couche ${patterns.map(String).join(' ou ')} dans les capacités de ${endpoint}`);
}

/** Preferred ADMIN EXPRESS commune layers, most precise first. */
export const COMMUNE_LAYER_PATTERNS: readonly RegExp[] = [
  /^ADMINEXPRESS-COG\.LATEST:commune$/i,
  /^ADMINEXPRESS-COG-CARTO\.LATEST:commune$/i,
  /^ADMINEXPRESS[-\w.]*:commune$/i,
];

/** BD TOPO V3 buildings. */
export const BUILDING_LAYER_PATTERNS: readonly RegExp[] = [/^BDTOPO_V3:batiment$/i, /^BDTOPO[-\w.]*:batiment$/i];

/** RGE ALTI elevation (metres) on the WMS-Raster, highest resolution first. */
export const ELEVATION_LAYER_PATTERNS: readonly RegExp[] = [
  /^ELEVATION\.ELEVATIONGRIDCOVERAGE\.HIGHRES$/i,
  /^ELEVATION\.ELEVATIONGRIDCOVERAGE$/i,
];
