import { JumeauError, type FeatureTable } from '@jumeau/core';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http/client.js';
import { createCswSource } from './csw/csw-source.js';
import { createDataGouvSource, DATAGOUV_API } from './datagouv/datagouv-source.js';
import { detectService } from './detect-service.js';
import type { FeaturePage } from './features/collect-features.js';
import type { FeatureProgress } from './features/geojson-page.js';
import { fetchElevations, type LonLat } from './geoplateforme/altimetry.js';
import { GEOPLATEFORME_ENDPOINTS, type GeoplateformeEndpoints } from './geoplateforme/endpoints.js';
import { geocodeSearch, type GeocodeResult } from './geoplateforme/geocoding.js';
import { createSearchIndexSource } from './geoplateforme/search-index.js';
import type { LayerInfo } from './layer.js';
import type { Cql2Filter } from './ogcapi/cql2.js';
import { listAtomDownloads, type DatasetDownloads, type DownloadFilter } from './atom/atom-source.js';
import { fetchOgcFeatures, listOgcApiCollections, ogcFeaturePages } from './ogcapi/features.js';
import type { CatalogPage, CatalogQuery, CatalogSource } from './source/catalog-source.js';
import { createStacSource } from './stac/stac-source.js';
import { fetchWfsFeatures, wfsFeaturePages } from './wfs/get-feature.js';
import { readWfsCapabilities } from './wfs/capabilities.js';
import { readWmsCapabilities } from './wms/capabilities.js';
import { readWmtsCapabilities } from './wmts/capabilities.js';

/** Options shared by the high-level functions: an HTTP client (or its options) and endpoint overrides. */
export interface CatalogOptions {
  /** A client to share between calls (rate limits and cache are per client). */
  readonly http?: HttpClient;
  /** Used to create a client when `http` is not given. */
  readonly httpOptions?: HttpClientOptions;
  /** Géoplateforme endpoints to use instead of the public ones. */
  readonly endpoints?: Partial<GeoplateformeEndpoints>;
  /** data.gouv.fr API root (default `https://www.data.gouv.fr/api`). */
  readonly dataGouvApi?: string;
  readonly signal?: AbortSignal;
}

let sharedClient: HttpClient | undefined;

function clientOf(options: CatalogOptions): HttpClient {
  if (options.http) return options.http;
  if (options.httpOptions) return createHttpClient(options.httpOptions);
  sharedClient ??= createHttpClient();
  return sharedClient;
}

function endpointsOf(options: CatalogOptions): GeoplateformeEndpoints {
  return { ...GEOPLATEFORME_ENDPOINTS, ...options.endpoints };
}

/**
 * The catalogue source for a name: `geoplateforme` (the Géoplateforme CSW catalogue), `geoplateforme-search`
 * (its layer index), `datagouv`, or a URL (a CSW endpoint when it says `csw`, else a STAC API).
 *
 * @example
 * ```ts
 * const source = catalogSource('datagouv')
 * ```
 */
export function catalogSource(name: string, options: CatalogOptions = {}): CatalogSource {
  const http = clientOf(options);
  if (name === 'geoplateforme') return createCswSource(http, { endpoint: endpointsOf(options).csw, name: 'geoplateforme-csw' });
  if (name === 'geoplateforme-search') return createSearchIndex(http, options);
  if (name === 'datagouv') return createDataGouvSource(http, options.dataGouvApi ?? DATAGOUV_API);
  if (/^https?:\/\//.test(name)) return /csw/i.test(name) ? createCswSource(http, { endpoint: name }) : createStacSource(http, name);
  throw new JumeauError('input', `Unknown catalogue source "${name}": use geoplateforme, geoplateforme-search, datagouv or a URL`, {
    details: { source: name },
  });
}

function createSearchIndex(http: HttpClient, options: CatalogOptions): CatalogSource {
  return createSearchIndexSource(http, endpointsOf(options).searchIndex);
}

/**
 * Searches a catalogue (default: the Géoplateforme's): one page of typed records.
 *
 * @example
 * ```ts
 * const { records, next } = await searchCatalog({ text: 'BD TOPO', bbox: [-1.45, 45.8, -1.15, 46.1] })
 * const more = await searchCatalog({ text: 'BD TOPO', cursor: next })
 * ```
 */
export async function searchCatalog(
  query: CatalogQuery & { readonly source?: string },
  options: CatalogOptions = {},
): Promise<CatalogPage> {
  const { source = 'geoplateforme', ...rest } = query;
  return catalogSource(source, options).search({ ...rest, signal: rest.signal ?? options.signal });
}

/**
 * The layers of a service: `url` is a capabilities document or a WFS, WMS, WMTS or OGC API Features endpoint
 * (detected).
 *
 * @example
 * ```ts
 * const layers = await listLayers('https://data.geopf.fr/wfs/ows')
 * layers.filter((layer) => layer.name.startsWith('BDTOPO_V3:'))
 * ```
 */
export async function listLayers(url: string, options: CatalogOptions = {}): Promise<LayerInfo[]> {
  const http = clientOf(options);
  const service = await detectService(http, url, options.signal);
  if (service.kind === 'ogcapi-features') return listOgcApiCollections(http, service.url, options.signal);
  if (service.kind === 'wfs') return [...readWfsCapabilities(service.capabilities).layers];
  if (service.kind === 'wms') return [...readWmsCapabilities(service.capabilities).layers];
  return [...readWmtsCapabilities(service.capabilities).layers];
}

/** Options of {@link fetchFeatures}. */
export interface FetchFeaturesOptions extends CatalogOptions {
  /** Layer: WFS type name or OGC API collection id. */
  readonly layer: string;
  /** `[west, south, east, north]` in degrees (CRS:84), or in `bboxCrs`. */
  readonly bbox?: readonly [number, number, number, number];
  readonly bboxCrs?: string;
  /** Output CRS, e.g. `EPSG:2154` (default: WGS84 longitude/latitude). */
  readonly crs?: string;
  /** CQL filter (WFS `CQL_FILTER`, sent by POST). Not supported on OGC API endpoints: use `filter` there. */
  readonly where?: string;
  /**
   * A typed filter: sent as CQL2 text to OGC API Features (`filter-lang=cql2-text`, conformance checked) and as an
   * OGC Filter Encoding 2.0 `FILTER` to a WFS 2.0. Not together with `where`.
   */
  readonly filter?: Cql2Filter;
  readonly pageSize?: number;
  readonly onProgress?: (progress: FeatureProgress) => void;
}

/**
 * Every feature of a layer as a GeoArrow FeatureTable; `url` is a WFS endpoint or an OGC API landing page
 * (detected). Pages are fetched one after the other with retries; nothing is lost or duplicated.
 *
 * @example
 * ```ts
 * const communes = await fetchFeatures('https://data.geopf.fr/wfs/ows', {
 *   layer: 'ADMINEXPRESS-COG.LATEST:commune', crs: 'EPSG:2154', where: "insee_dep='17'", onProgress: console.log,
 * })
 * ```
 */
export async function fetchFeatures(url: string, options: FetchFeaturesOptions): Promise<FeatureTable> {
  const http = clientOf(options);
  const target = await featureEndpoint(http, url, options);
  if (target.kind === 'ogcapi-features') {
    return fetchOgcFeatures(http, target.url, { ...ogcQuery(http, url, options) });
  }
  return fetchWfsFeatures(http, target.url, wfsQuery(options));
}

/**
 * Like {@link fetchFeatures} but yields GeoJSON pages as they arrive (for streaming to a file).
 *
 * @example
 * ```ts
 * for await (const page of streamFeatures(url, { layer: 'communes' })) write(page.features)
 * ```
 */
export async function* streamFeatures(url: string, options: FetchFeaturesOptions): AsyncGenerator<FeaturePage> {
  const http = clientOf(options);
  const target = await featureEndpoint(http, url, options);
  if (target.kind === 'ogcapi-features') yield* ogcFeaturePages(http, target.url, ogcQuery(http, url, options));
  else yield* wfsFeaturePages(http, target.url, wfsQuery(options));
}

async function featureEndpoint(
  http: HttpClient,
  url: string,
  options: FetchFeaturesOptions,
): Promise<{ kind: 'wfs' | 'ogcapi-features'; url: string }> {
  if (/\/ogcapi\/?$|\/collections\/?$/i.test(new URL(url).pathname))
    return { kind: 'ogcapi-features', url: url.replace(/\/collections\/?$/, '') };
  const service = await detectService(http, url, options.signal);
  if (service.kind === 'ogcapi-features') return { kind: 'ogcapi-features', url: service.url };
  if (service.kind !== 'wfs')
    throw new JumeauError(
      'input',
      `${http.redact(url)} is a ${service.kind.toUpperCase()} service: features come from a WFS or an OGC API Features`,
    );
  const endpoint = new URL(url);
  for (const key of [...endpoint.searchParams.keys()])
    if (['service', 'request', 'version', 'sections'].includes(key.toLowerCase())) endpoint.searchParams.delete(key);
  return { kind: 'wfs', url: endpoint.toString() };
}

function wfsQuery(options: FetchFeaturesOptions) {
  return {
    typeName: options.layer,
    bbox: options.bbox,
    bboxCrs: options.bboxCrs ?? (options.bbox ? 'CRS:84' : undefined),
    crs: options.crs,
    cqlFilter: options.where,
    filter: options.filter,
    pageSize: options.pageSize,
    signal: options.signal,
    onProgress: options.onProgress,
  };
}

function ogcQuery(http: HttpClient, url: string, options: FetchFeaturesOptions) {
  if (options.where)
    throw new JumeauError(
      'unsupported',
      `A CQL filter (--where) is only supported on WFS endpoints; ${http.redact(url)} is an OGC API (use filter)`,
    );
  return {
    filter: options.filter,
    collection: options.layer,
    bbox: options.bbox,
    bboxCrs: options.bboxCrs,
    crs: options.crs,
    pageSize: options.pageSize,
    signal: options.signal,
    onProgress: options.onProgress,
  };
}

/**
 * Elevations in metres of WGS84 points from the Géoplateforme altimetry service (batched by 5000; `NaN` where
 * the service has none).
 *
 * @example
 * ```ts
 * const elevationsMetres = await elevation([{ longitude: -1.25, latitude: 45.93 }])
 * ```
 */
export function elevation(
  points: readonly LonLat[],
  options: CatalogOptions & { readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<Float64Array> {
  return fetchElevations(clientOf(options), points, {
    endpoint: endpointsOf(options).altimetry,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/**
 * Geocodes an address or place name with the Géoplateforme, best match first.
 *
 * @example
 * ```ts
 * const [best] = await geocode('Saint-Pierre-d’Oléron')
 * ```
 */
export function geocode(text: string, options: CatalogOptions & { readonly limit?: number } = {}): Promise<GeocodeResult[]> {
  return geocodeSearch(clientOf(options), text, { endpoint: endpointsOf(options).geocoding, limit: options.limit, signal: options.signal });
}

/** Options of {@link listDownloads}. */
export interface ListDownloadsOptions extends CatalogOptions, DownloadFilter {}

/**
 * Lists the downloadable resources (files with sizes, formats, CRSs) of an INSPIRE Atom download service;
 * without `url`, the Géoplateforme's (`{download}/capabilities`). Download them with `downloadResource` from
 * `@jumeau/catalog/node`.
 *
 * @example
 * ```ts
 * const [bdtopo] = await listDownloads(undefined, { dataset: 'BD TOPO', epsg: 2154, format: '7z' })
 * bdtopo.resources.map((resource) => [resource.title, resource.sizeBytes])
 * ```
 */
export async function listDownloads(url: string | undefined, options: ListDownloadsOptions = {}): Promise<DatasetDownloads[]> {
  const serviceFeedUrl = url ?? `${endpointsOf(options).download.replace(/\/+$/, '')}/capabilities`;
  return listAtomDownloads(clientOf(options), serviceFeedUrl, options);
}
