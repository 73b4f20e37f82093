import { JumeauError } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import type { LonLatExtent } from '../layer.js';
import { linkSchema } from '../features/geojson-page.js';
import type { CatalogRecord } from '../record.js';
import { checkCatalogQuery, type CatalogPage, type CatalogQuery, type CatalogSource } from '../source/catalog-source.js';

const itemSchema = z.looseObject({
  type: z.literal('Feature'),
  id: z.string(),
  bbox: z.array(z.number()).optional(),
  properties: z.looseObject({
    datetime: z.string().nullable().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    license: z.string().optional(),
    keywords: z.array(z.string()).optional(),
  }),
  assets: z.record(
    z.string(),
    z.looseObject({ href: z.string(), type: z.string().optional(), title: z.string().optional(), roles: z.array(z.string()).optional() }),
  ),
  links: z.array(linkSchema).optional(),
  collection: z.string().optional(),
});
const itemCollectionSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(itemSchema),
  links: z.array(linkSchema.extend({ method: z.string().optional(), body: z.unknown().optional() })).optional(),
  numberMatched: z.number().optional(),
  context: z.looseObject({ matched: z.number().optional() }).optional(),
});

/** A STAC item as validated. */
export type StacItem = z.output<typeof itemSchema>;

/**
 * A {@link CatalogSource} over a STAC API `/search` (items as records, assets as online resources; paging by
 * `next` links, GET or POST). Also reads static STAC item collections such as LiDAR HD virtual point clouds.
 *
 * @example
 * ```ts
 * const stac = createStacSource(http, 'https://stac.example.org', { collections: ['lidarhd'] })
 * const page = await stac.search({ bbox: [1.47, 43.52, 1.5, 43.56] })
 * ```
 */
export function createStacSource(http: HttpClient, api: string, options: { readonly collections?: readonly string[] } = {}): CatalogSource {
  const root = api.replace(/\/+$/, '');
  async function searchPage(query: CatalogQuery): Promise<CatalogPage> {
    const limit = checkCatalogQuery(query);
    const request = query.cursor === undefined ? firstRequest(root, query, limit, options.collections) : cursorRequest(root, query.cursor);
    const what = 'STAC search';
    const page = await http.requestParsed({ ...request, signal: query.signal, what }, (response) =>
      parseJsonResponse(response, itemCollectionSchema, what),
    );
    const next = page.links?.find((link) => link.rel === 'next');
    const cursor = next
      ? JSON.stringify({ href: new URL(next.href, `${root}/search`).toString(), method: next.method ?? 'GET', body: next.body })
      : undefined;
    return { records: page.features.map(stacItemToRecord), totalMatched: page.numberMatched ?? page.context?.matched, next: cursor };
  }
  return {
    name: 'stac',
    search: searchPage,
    async getRecord(id: string, { signal } = {}): Promise<CatalogRecord> {
      const url = new URL(`${root}/search`);
      url.searchParams.set('ids', id);
      const what = `STAC item ${id}`;
      const page = await http.requestParsed({ url, signal, what }, (response) => parseJsonResponse(response, itemCollectionSchema, what));
      const item = page.features.find((feature) => feature.id === id);
      if (!item) throw new JumeauError('http', `${what}: no such item`, { details: { id, status: 404 } });
      return stacItemToRecord(item);
    },
  };
}

function firstRequest(root: string, query: CatalogQuery, limit: number, collections: readonly string[] | undefined) {
  const body: Record<string, unknown> = { limit };
  if (query.bbox) body.bbox = query.bbox;
  if (collections) body.collections = collections;
  if (query.text) body.q = query.text;
  return { url: `${root}/search`, method: 'POST' as const, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

function cursorRequest(root: string, cursor: string) {
  let parsed: { href: string; method: string; body?: unknown };
  try {
    parsed = JSON.parse(cursor) as typeof parsed;
  } catch {
    throw new JumeauError('input', `Invalid STAC cursor: ${cursor.slice(0, 80)}`);
  }
  if (new URL(parsed.href).origin !== new URL(root).origin)
    throw new JumeauError('input', `STAC cursor points outside ${new URL(root).origin}`, { details: { cursor: parsed.href } });
  if (parsed.method.toUpperCase() === 'POST')
    return {
      url: parsed.href,
      method: 'POST' as const,
      body: JSON.stringify(parsed.body ?? {}),
      headers: { 'content-type': 'application/json' },
    };
  return { url: parsed.href, method: 'GET' as const };
}

/**
 * A STAC item as a {@link CatalogRecord}: assets become online resources (protocol = the asset's media type).
 *
 * @example
 * ```ts
 * stacItemToRecord(item).onlineResources[0].url // 'https://data.geopf.fr/chunk/telechargement/download/…copc.laz'
 * ```
 */
export function stacItemToRecord(item: StacItem): CatalogRecord {
  const datetime = item.properties.datetime ?? undefined;
  const bbox =
    item.bbox && item.bbox.length >= 4
      ? item.bbox.length === 6
        ? [item.bbox[0], item.bbox[1], item.bbox[3], item.bbox[4]]
        : item.bbox.slice(0, 4)
      : undefined;
  return {
    source: 'stac',
    id: item.id,
    title: item.properties.title ?? item.id,
    abstract: item.properties.description,
    type: 'Feature',
    keywords: item.properties.keywords ?? [],
    extent: bbox as LonLatExtent | undefined,
    dates: { creation: undefined, publication: undefined, revision: datetime },
    vintage: datetime?.slice(0, 4),
    lineage: undefined,
    licence: item.properties.license,
    onlineResources: Object.entries(item.assets).map(([key, asset]) => ({
      url: asset.href,
      protocol: asset.type,
      name: asset.title ?? key,
      description: asset.roles?.join(', '),
    })),
  };
}

/**
 * Reads a static STAC ItemCollection (a file, e.g. a LiDAR HD virtual point cloud) into records.
 *
 * @example
 * ```ts
 * const tiles = readStacItemCollection(JSON.parse(text), 'lidarhd.vpc')
 * ```
 */
export function readStacItemCollection(value: unknown, what: string): CatalogRecord[] {
  const parsed = itemCollectionSchema.safeParse(value);
  if (!parsed.success) throw new JumeauError('format', `${what} is not a STAC ItemCollection: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.features.map(stacItemToRecord);
}
