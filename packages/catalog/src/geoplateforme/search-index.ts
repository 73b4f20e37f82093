import { JumeauError } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import type { LonLatExtent } from '../layer.js';
import type { CatalogRecord } from '../record.js';
import { checkCatalogQuery, type CatalogPage, type CatalogQuery, type CatalogSource } from '../source/catalog-source.js';
import { GEOPLATEFORME_ENDPOINTS, resolveUrlPlaceholders } from './endpoints.js';

const documentSchema = z.looseObject({
  id: z.string(),
  layer_name: z.string(),
  title: z.string(),
  description: z.string().nullable().optional(),
  type: z.string(),
  url: z.string().nullable().optional(),
  keywords: z.array(z.string()).nullable().optional(),
  theme: z.string().nullable().optional(),
  publication_date: z.string().nullable().optional(),
  production_year: z.number().nullable().optional(),
  production_years: z.array(z.number()).nullable().optional(),
  extent: z
    .looseObject({ type: z.string(), coordinates: z.array(z.unknown()) })
    .nullable()
    .optional(),
  metadata_urls: z.array(z.string()).nullable().optional(),
  srs: z.array(z.string()).nullable().optional(),
});
const searchResponseSchema = z.looseObject({ documents: z.array(documentSchema) });
const suggestResponseSchema = z.array(z.looseObject({ index: z.string(), score: z.number(), source: documentSchema }));
const autocompleteSchema = z.array(
  z.looseObject({ text: z.string(), options: z.array(z.looseObject({ text: z.string(), score: z.number() })) }),
);

/** A published Géoplateforme layer, as its search index describes it. */
export type SearchIndexDocument = z.output<typeof documentSchema>;

/**
 * A {@link CatalogSource} over the Géoplateforme's layer search index (`/recherche/api/indexes/geoplateforme`):
 * full text through `suggest`, keyword filters through the POST search. The index has no paging cursor: one
 * page per query.
 *
 * @example
 * ```ts
 * const index = createSearchIndexSource(http)
 * const { records } = await index.search({ text: 'bd topo' })
 * records[0].onlineResources[0] // { url: 'https://data.geopf.fr/wfs?…', protocol: 'OGC:WFS', name: 'bdtopo_971:non_communication' }
 * ```
 */
export function createSearchIndexSource(http: HttpClient, base: string = GEOPLATEFORME_ENDPOINTS.searchIndex): CatalogSource {
  return {
    name: 'geoplateforme-search',
    async search(query: CatalogQuery): Promise<CatalogPage> {
      const size = checkCatalogQuery(query);
      if (query.cursor !== undefined)
        throw new JumeauError('input', `The Géoplateforme search index has no next page (cursor "${query.cursor}")`);
      const documents = query.text
        ? await suggest(http, base, query.text, size, query.signal)
        : await filterSearch(http, base, query, size);
      const records = documents.map(documentToRecord).filter((record) => !query.bbox || intersects(record.extent, query.bbox));
      return { records, totalMatched: undefined, next: undefined };
    },
    async getRecord(id: string, { signal } = {}): Promise<CatalogRecord> {
      const what = `Géoplateforme search index document ${id}`;
      const url = `${base}/documents/${encodeURIComponent(id)}`;
      return documentToRecord(
        await http.requestParsed({ url, signal, what }, (response) => parseJsonResponse(response, documentSchema, what)),
      );
    },
  };
}

async function suggest(
  http: HttpClient,
  base: string,
  text: string,
  size: number,
  signal: AbortSignal | undefined,
): Promise<SearchIndexDocument[]> {
  const url = new URL(`${base}/suggest`);
  url.searchParams.set('text', text);
  url.searchParams.set('size', String(size));
  const what = `Géoplateforme search index suggest "${text}"`;
  const results = await http.requestParsed({ url, signal, what }, (response) => parseJsonResponse(response, suggestResponseSchema, what));
  return results.map((result) => result.source);
}

async function filterSearch(http: HttpClient, base: string, query: CatalogQuery, size: number): Promise<SearchIndexDocument[]> {
  const url = new URL(base);
  url.searchParams.set('size', String(size));
  const body = JSON.stringify(query.keywords?.length ? { keywords: query.keywords } : {});
  const what = 'Géoplateforme search index search';
  const request = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json' }, signal: query.signal, what };
  return (await http.requestParsed(request, (response) => parseJsonResponse(response, searchResponseSchema, what))).documents;
}

/**
 * Completions of a partly typed search (`suggest_autocomplete`): for each word, the indexed words it may be.
 *
 * @example
 * ```ts
 * await autocompleteSearchIndex(http, 'rout de communiation') // [{ text: 'rout', options: ['route', 'routes', …] }, …]
 * ```
 */
export async function autocompleteSearchIndex(
  http: HttpClient,
  text: string,
  options: { base?: string; signal?: AbortSignal } = {},
): Promise<{ text: string; options: string[] }[]> {
  const url = new URL(`${options.base ?? GEOPLATEFORME_ENDPOINTS.searchIndex}/suggest_autocomplete`);
  url.searchParams.set('text', text);
  const what = `Géoplateforme search index autocomplete "${text}"`;
  const words = await http.requestParsed({ url, signal: options.signal, what }, (response) =>
    parseJsonResponse(response, autocompleteSchema, what),
  );
  return words.map((word) => ({ text: word.text, options: word.options.map((option) => option.text) }));
}

/** A search-index document as a {@link CatalogRecord}; its URL's doc-site placeholders are resolved. */
export function documentToRecord(document: SearchIndexDocument): CatalogRecord {
  const years = document.production_years ?? (document.production_year ? [document.production_year] : []);
  const dates = { creation: undefined, publication: document.publication_date ?? undefined, revision: undefined };
  const service = document.url
    ? [
        {
          url: resolveUrlPlaceholders(document.url),
          protocol: `OGC:${document.type.toUpperCase()}`,
          name: document.layer_name,
          description: undefined,
        },
      ]
    : [];
  const metadata = (document.metadata_urls ?? []).map((url) => ({ url, protocol: 'metadata', name: undefined, description: undefined }));
  return {
    source: 'geoplateforme-search',
    id: document.id,
    title: document.title,
    abstract: document.description ?? undefined,
    type: document.type,
    keywords: [...(document.keywords ?? []), ...(document.theme ? [document.theme] : [])],
    extent: geometryExtent(document.extent?.coordinates),
    dates,
    vintage: years.length > 0 ? String(Math.max(...years)) : dates.publication?.slice(0, 4),
    lineage: undefined,
    licence: undefined,
    onlineResources: [...service, ...metadata],
  };
}

function geometryExtent(coordinates: unknown): LonLatExtent | undefined {
  const bounds = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      bounds[0] = Math.min(bounds[0] as number, value[0]);
      bounds[1] = Math.min(bounds[1] as number, value[1]);
      bounds[2] = Math.max(bounds[2] as number, value[0]);
      bounds[3] = Math.max(bounds[3] as number, value[1]);
    } else for (const item of value) visit(item);
  };
  visit(coordinates);
  return Number.isFinite(bounds[0]) ? (bounds as unknown as LonLatExtent) : undefined;
}

function intersects(extent: LonLatExtent | undefined, bbox: LonLatExtent): boolean {
  if (!extent) return true;
  return extent[0] <= bbox[2] && extent[2] >= bbox[0] && extent[1] <= bbox[3] && extent[3] >= bbox[1];
}
