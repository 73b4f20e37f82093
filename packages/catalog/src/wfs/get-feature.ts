import { JumeauError, parseCrs, validate, type FeatureTable } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse, parseXmlResponse } from '../http/parse.js';
import { collectFeatures, featuresToTable, type FeaturePage } from '../features/collect-features.js';
import { geoJsonPageSchema, type FeatureProgress } from '../features/geojson-page.js';
import { attribute, path } from '../ogc/xml.js';
import type { Cql2Filter } from '../ogcapi/cql2.js';
import { fesFilter } from './fes-filter.js';

/** The largest page the Géoplateforme WFS serves (its `CountDefault`/`MaxFeatures`). */
export const WFS_MAXIMUM_PAGE_SIZE = 5000;

/** What to ask a WFS 2.0 for. */
export interface WfsQuery {
  /** Feature type name (`BDTOPO_V3:batiment`), as listed by the capabilities. */
  readonly typeName: string;
  /** `[minX, minY, maxX, maxY]` in `bboxCrs` (default: `crs`, else CRS:84 longitude/latitude). */
  readonly bbox?: readonly [number, number, number, number];
  readonly bboxCrs?: string;
  /** Output CRS (`EPSG:2154`, `CRS:84`…); the server's default when omitted. */
  readonly crs?: string;
  /** A GeoServer `CQL_FILTER` (sent by POST, since long GETs fail). */
  readonly cqlFilter?: string;
  /**
   * A typed filter, sent as an OGC Filter Encoding 2.0 `FILTER` ({@link fesFilter}) that every WFS 2.0 reads; not
   * together with `cqlFilter` (which only GeoServer reads: MapServer ignores it silently).
   */
  readonly filter?: Cql2Filter;
  /** Features per page, 1–5000 (default 1000). */
  readonly pageSize?: number;
  /** Stop after this many features (default: all). */
  readonly maximumFeatures?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FeatureProgress) => void;
}

const querySchema = z.object({
  typeName: z.string().min(1, 'a feature type name is required'),
  bbox: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .refine(([a, b, c, d]) => a <= c && b <= d, 'bbox must be [minX, minY, maxX, maxY]')
    .optional(),
  pageSize: z.number().int().min(1).max(WFS_MAXIMUM_PAGE_SIZE, `at most ${WFS_MAXIMUM_PAGE_SIZE} features per page`).optional(),
  maximumFeatures: z.number().int().positive().optional(),
});

/** The KVP parameters of a GetFeature request for a query (without paging). */
export function getFeatureParameters(query: WfsQuery): URLSearchParams {
  validate(
    querySchema,
    { typeName: query.typeName, bbox: query.bbox, pageSize: query.pageSize, maximumFeatures: query.maximumFeatures },
    'WFS query',
  );
  const parameters = new URLSearchParams({
    SERVICE: 'WFS',
    VERSION: '2.0.0',
    REQUEST: 'GetFeature',
    TYPENAMES: query.typeName,
    OUTPUTFORMAT: 'application/json',
  });
  if (query.crs) parameters.set('SRSNAME', srsName(query.crs));
  if (query.bbox) parameters.set('BBOX', `${query.bbox.join(',')},${srsName(query.bboxCrs ?? query.crs ?? 'CRS:84')}`);
  if (query.cqlFilter && query.filter)
    throw new JumeauError('input', 'WFS query: give either cqlFilter (raw CQL) or filter (typed), not both');
  if (query.cqlFilter) parameters.set('CQL_FILTER', query.cqlFilter);
  if (query.filter) parameters.set('FILTER', fesFilter(query.filter));
  return parameters;
}

/** `EPSG:2154` → `urn:ogc:def:crs:EPSG::2154`; `CRS:84` stays (WFS 2.0 axis order is unambiguous then). */
function srsName(crs: string): string {
  const code = parseCrs(crs);
  if (/crs:?84/i.test(crs)) return 'urn:ogc:def:crs:OGC:1.3:CRS84';
  return `urn:ogc:def:crs:EPSG::${code}`;
}

/**
 * Pages through a WFS 2.0 GetFeature with `COUNT`/`STARTINDEX`, one GeoJSON page at a time. A failed page is
 * retried at the same `STARTINDEX` (so nothing is lost or repeated); stops on an empty or short page or when
 * `numberMatched` is reached. Requests with a `cqlFilter` or a `filter` are POSTed as a form (long GETs fail).
 *
 * @example
 * ```ts
 * for await (const page of wfsFeaturePages(http, 'https://data.geopf.fr/wfs/ows', { typeName: 'BDTOPO_V3:commune' })) …
 * ```
 */
export async function* wfsFeaturePages(http: HttpClient, endpoint: string, query: WfsQuery): AsyncGenerator<FeaturePage> {
  const base = getFeatureParameters(query);
  const pageSize = query.pageSize ?? 1000;
  const maximum = query.maximumFeatures ?? Number.POSITIVE_INFINITY;
  let startIndex = 0;
  for (let pageNumber = 1; startIndex < maximum; pageNumber++) {
    const count = Math.min(pageSize, maximum - startIndex);
    const parameters = new URLSearchParams(base);
    parameters.set('COUNT', String(count));
    parameters.set('STARTINDEX', String(startIndex));
    const what = `WFS GetFeature ${query.typeName} page ${pageNumber}`;
    const page = await http.requestParsed(wfsRequest(endpoint, parameters, query.signal, what), (response) =>
      parseJsonResponse(response, geoJsonPageSchema, what),
    );
    const featuresMatched = page.numberMatched ?? (typeof page.totalFeatures === 'number' ? page.totalFeatures : undefined);
    yield { features: page.features, featuresMatched, declaredCrs: page.crs?.properties?.name };
    startIndex += page.features.length;
    if (page.features.length === 0) return;
    if (featuresMatched !== undefined ? startIndex >= featuresMatched : page.features.length < count) return;
  }
}

function wfsRequest(endpoint: string, parameters: URLSearchParams, signal: AbortSignal | undefined, what: string) {
  if (parameters.has('CQL_FILTER') || parameters.has('FILTER')) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' };
    return { url: endpoint, method: 'POST' as const, body: parameters.toString(), headers, signal, what };
  }
  const url = new URL(endpoint);
  for (const [key, value] of parameters) url.searchParams.set(key, value);
  return { url, signal, what };
}

/**
 * Loads every feature of a WFS query into a GeoArrow {@link FeatureTable}, paging as
 * {@link wfsFeaturePages} does. The table's CRS is the requested one, else the one the page declares.
 *
 * @example
 * ```ts
 * const table = await fetchWfsFeatures(http, 'https://data.geopf.fr/wfs/ows', {
 *   typeName: 'ADMINEXPRESS-COG.LATEST:commune', crs: 'EPSG:2154', cqlFilter: "insee_dep='17'",
 * })
 * ```
 */
export async function fetchWfsFeatures(http: HttpClient, endpoint: string, query: WfsQuery): Promise<FeatureTable> {
  const collected = await collectFeatures(wfsFeaturePages(http, endpoint, query), {
    ...query,
    expectAll: query.maximumFeatures === undefined,
  });
  const crs = query.crs ?? collected.declaredCrs;
  return featuresToTable(collected.features, crs ? parseCrs(crs) : 4326);
}

/**
 * The number of features a query matches (`RESULTTYPE=hits`), without downloading them.
 *
 * @example
 * ```ts
 * await countWfsFeatures(http, endpoint, { typeName: 'BDTOPO_V3:batiment', bbox: [-1.3, 45.9, -1.2, 46.0] })
 * ```
 */
export async function countWfsFeatures(http: HttpClient, endpoint: string, query: WfsQuery): Promise<number> {
  const parameters = getFeatureParameters(query);
  parameters.set('RESULTTYPE', 'hits');
  parameters.delete('OUTPUTFORMAT');
  const what = `WFS hits ${query.typeName}`;
  return http.requestParsed(wfsRequest(endpoint, parameters, query.signal, what), (response) => {
    const collection = path(parseXmlResponse(response, what), 'FeatureCollection');
    const matched = Number(attribute(collection, 'numberMatched'));
    if (!Number.isInteger(matched) || matched < 0) {
      throw new JumeauError('format', `${what}: no numberMatched in the answer — ${response.url}`, { details: { url: response.url } });
    }
    return matched;
  });
}
