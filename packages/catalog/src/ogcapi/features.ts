import { JumeauError, parseCrs, validate, type FeatureTable } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import type { LayerInfo, LonLatExtent } from '../layer.js';
import { collectFeatures, featuresToTable, type FeaturePage } from '../features/collect-features.js';
import { geoJsonPageSchema, linkSchema, type ApiLink, type FeatureProgress } from '../features/geojson-page.js';
import { assertCql2Support, fetchConformance } from './conformance.js';
import { cql2Text, type Cql2Filter } from './cql2.js';

const collectionSchema = z.looseObject({
  id: z.string(),
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  keywords: z.array(z.string()).optional(),
  crs: z.array(z.string()).optional(),
  extent: z.looseObject({ spatial: z.looseObject({ bbox: z.array(z.array(z.number())).optional() }).optional() }).optional(),
  links: z.array(linkSchema).optional(),
});
const collectionsSchema = z.looseObject({ collections: z.array(collectionSchema), links: z.array(linkSchema).optional() });

/**
 * The collections of an OGC API Features service (`{landing}/collections`) as layers.
 *
 * @example
 * ```ts
 * const layers = await listOgcApiCollections(http, 'https://example.org/ogcapi')
 * ```
 */
export async function listOgcApiCollections(http: HttpClient, landing: string, signal?: AbortSignal): Promise<LayerInfo[]> {
  const url = new URL(`${landing.replace(/\/+$/, '')}/collections`);
  url.searchParams.set('f', 'json');
  const what = 'OGC API collections';
  const answer = await http.requestParsed({ url, signal, what, headers: { accept: 'application/json' } }, (response) =>
    parseJsonResponse(response, collectionsSchema, what),
  );
  return answer.collections.map((collection) => ({
    service: 'ogcapi-features',
    name: collection.id,
    title: collection.title ?? collection.id,
    abstract: collection.description ?? undefined,
    keywords: collection.keywords ?? [],
    crs: collection.crs ?? ['http://www.opengis.net/def/crs/OGC/1.3/CRS84'],
    extent:
      collection.extent?.spatial?.bbox?.[0]?.length === 4 ? (collection.extent.spatial.bbox[0] as unknown as LonLatExtent) : undefined,
    formats: [],
  }));
}

/** What to ask an OGC API Features collection for. */
export interface OgcFeaturesQuery {
  readonly collection: string;
  /** `[west, south, east, north]` in CRS84 degrees (or in `bboxCrs`). */
  readonly bbox?: readonly [number, number, number, number];
  readonly bboxCrs?: string;
  /** Output CRS (OGC API Features Part 2), e.g. `EPSG:2154`; CRS84 when omitted. */
  readonly crs?: string;
  /** Features per page (default 1000; servers may cap it lower). */
  readonly pageSize?: number;
  /** At most this many pages are followed (default 100 000): a bound even against a server that never ends. */
  readonly maximumPages?: number;
  /**
   * A CQL2 filter (OGC API Features Part 3), sent as `filter` with `filter-lang=cql2-text` after checking the
   * server's conformance classes (`unsupported` when it does not declare what the filter needs).
   */
  readonly filter?: Cql2Filter;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: FeatureProgress) => void;
}

const querySchema = z.object({
  collection: z.string().min(1),
  pageSize: z.number().int().min(1).max(10_000).optional(),
  maximumPages: z.number().int().positive().optional(),
});

/** `EPSG:2154` → `http://www.opengis.net/def/crs/EPSG/0/2154`, CRS84 stays CRS84. */
export function ogcCrsUri(crs: string): string {
  const code = parseCrs(crs);
  return /crs:?84/i.test(crs) ? 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' : `http://www.opengis.net/def/crs/EPSG/0/${code}`;
}

/**
 * Pages through `/collections/{id}/items` by following `next` links. A `next` link already visited ends the
 * walk (a looping server cannot hang it); if the server announced more features than were loaded by then, it
 * is a `format` error rather than a silent loss.
 *
 * @example
 * ```ts
 * for await (const page of ogcFeaturePages(http, landing, { collection: 'communes', pageSize: 500 })) …
 * ```
 */
export async function* ogcFeaturePages(http: HttpClient, landing: string, query: OgcFeaturesQuery): AsyncGenerator<FeaturePage> {
  validate(
    querySchema,
    { collection: query.collection, pageSize: query.pageSize, maximumPages: query.maximumPages },
    'OGC API Features query',
  );
  const filterText = query.filter === undefined ? undefined : cql2Text(query.filter);
  if (query.filter !== undefined)
    assertCql2Support(await fetchConformance(http, landing, query.signal), query.filter, `The OGC API ${landing}`);
  let url: URL | undefined = firstItemsUrl(landing, query, filterText);
  const visited = new Set<string>();
  let loaded = 0;
  for (let pageNumber = 1; url; pageNumber++) {
    if (pageNumber > (query.maximumPages ?? 100_000))
      throw new JumeauError('too-large', `OGC API ${query.collection}: more than ${query.maximumPages} pages`);
    visited.add(url.toString());
    const what = `OGC API items ${query.collection} page ${pageNumber}`;
    const request = { url, signal: query.signal, what, headers: { accept: 'application/geo+json, application/json' } };
    const page = await http.requestParsed(request, (response) => parseJsonResponse(response, geoJsonPageSchema, what));
    loaded += page.features.length;
    yield { features: page.features, featuresMatched: page.numberMatched, declaredCrs: query.crs };
    url = nextUrl(page.links, url, filterText);
    if (url && visited.has(url.toString())) {
      if (page.numberMatched !== undefined && loaded < page.numberMatched) {
        throw new JumeauError(
          'format',
          `${what}: the "next" link loops back to a page already read, after ${loaded} of ${page.numberMatched} features`,
          { details: { next: url.toString() } },
        );
      }
      return;
    }
    if (page.features.length === 0) return;
  }
}

function firstItemsUrl(landing: string, query: OgcFeaturesQuery, filterText: string | undefined): URL {
  const url = new URL(`${landing.replace(/\/+$/, '')}/collections/${encodeURIComponent(query.collection)}/items`);
  url.searchParams.set('f', 'json');
  url.searchParams.set('limit', String(query.pageSize ?? 1000));
  if (query.bbox) url.searchParams.set('bbox', query.bbox.join(','));
  if (query.bbox && query.bboxCrs) url.searchParams.set('bbox-crs', ogcCrsUri(query.bboxCrs));
  if (query.crs) url.searchParams.set('crs', ogcCrsUri(query.crs));
  return withFilter(url, filterText);
}

/** Puts the filter on a URL (a server that drops it from its `next` links must not widen the result). */
function withFilter(url: URL, filterText: string | undefined): URL {
  if (filterText === undefined) return url;
  url.searchParams.set('filter', filterText);
  url.searchParams.set('filter-lang', 'cql2-text');
  return url;
}

function nextUrl(links: readonly ApiLink[] | undefined, current: URL, filterText: string | undefined): URL | undefined {
  const next = links?.find((link) => link.rel === 'next' && (!link.type || /json/.test(link.type)));
  return next ? withFilter(new URL(next.href, current), filterText) : undefined;
}

/**
 * Every feature of an OGC API Features collection as a GeoArrow {@link FeatureTable}.
 *
 * @example
 * ```ts
 * const table = await fetchOgcFeatures(http, 'https://example.org/ogcapi', { collection: 'communes', crs: 'EPSG:2154' })
 * ```
 */
export async function fetchOgcFeatures(http: HttpClient, landing: string, query: OgcFeaturesQuery): Promise<FeatureTable> {
  const collected = await collectFeatures(ogcFeaturePages(http, landing, query), query);
  return featuresToTable(collected.features, query.crs ? parseCrs(query.crs) : 4326);
}
