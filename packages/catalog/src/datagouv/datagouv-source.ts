import { JumeauError } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import { latestYear, type CatalogRecord } from '../record.js';
import { checkCatalogQuery, type CatalogPage, type CatalogQuery, type CatalogSource } from '../source/catalog-source.js';

/** The data.gouv.fr API root. */
export const DATAGOUV_API = 'https://www.data.gouv.fr/api';

const resourceSchema = z.looseObject({
  id: z.string(),
  title: z.string().nullable(),
  url: z.string(),
  format: z.string().nullable().optional(),
  mime: z.string().nullable().optional(),
  filesize: z.number().nullable().optional(),
  last_modified: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
});
const datasetSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
  license: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  last_modified: z.string().nullable().optional(),
  last_update: z.string().nullable().optional(),
  frequency: z.string().nullable().optional(),
  resources: z.array(resourceSchema).optional(),
  organization: z.looseObject({ id: z.string(), name: z.string() }).nullable().optional(),
});
const pageSchema = z.looseObject({
  data: z.array(datasetSchema),
  page: z.number(),
  page_size: z.number(),
  total: z.number(),
  next_page: z.string().nullable(),
});
const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  acronym: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  slug: z.string(),
});
const resourceV2Schema = z.looseObject({ resource: resourceSchema, dataset_id: z.string() });

/** A data.gouv.fr dataset as the API v1 returns it (validated fields; the rest kept as is). */
export type DataGouvDataset = z.output<typeof datasetSchema>;
/** A data.gouv.fr resource (a file or an API of a dataset). */
export type DataGouvResource = z.output<typeof resourceSchema>;
/** A data.gouv.fr organisation. */
export type DataGouvOrganization = z.output<typeof organizationSchema>;

/**
 * A {@link CatalogSource} over data.gouv.fr (udata API v1): dataset search with paging by `next_page`, a dataset
 * by id with its resources.
 *
 * @example
 * ```ts
 * const datagouv = createDataGouvSource(http)
 * const page = await datagouv.search({ text: 'plan de prévention des risques', pageSize: 50 })
 * ```
 */
export function createDataGouvSource(http: HttpClient, api: string = DATAGOUV_API): CatalogSource {
  return {
    name: 'datagouv',
    async search(query: CatalogQuery): Promise<CatalogPage> {
      const pageSize = checkCatalogQuery(query);
      const url = query.cursor === undefined ? firstPageUrl(api, query, pageSize) : sameOriginCursor(api, query.cursor);
      const what = 'data.gouv.fr dataset search';
      const page = await http.requestParsed({ url, signal: query.signal, what }, (response) =>
        parseJsonResponse(response, pageSchema, what),
      );
      return { records: page.data.map(datasetToRecord), totalMatched: page.total, next: page.next_page ?? undefined };
    },
    async getRecord(id: string, { signal } = {}): Promise<CatalogRecord> {
      return datasetToRecord(await getDataGouvDataset(http, id, { api, signal }));
    },
  };
}

function firstPageUrl(api: string, query: CatalogQuery, pageSize: number): URL {
  const url = new URL(`${api}/1/datasets/`);
  if (query.text) url.searchParams.set('q', query.text);
  for (const keyword of query.keywords ?? []) url.searchParams.append('tag', keyword);
  url.searchParams.set('page_size', String(pageSize));
  url.searchParams.set('page', '1');
  return url;
}

// A `next_page` is followed only on the API's own host: a crafted cursor must not send requests elsewhere.
function sameOriginCursor(api: string, cursor: string): URL {
  const url = new URL(cursor, api);
  if (url.origin !== new URL(api).origin)
    throw new JumeauError('input', `data.gouv.fr cursor points outside ${new URL(api).origin}: ${url.origin}`, { details: { cursor } });
  return url;
}

/**
 * One dataset by id or slug (API v1), with its resources.
 *
 * @example
 * ```ts
 * const dataset = await getDataGouvDataset(http, '5d13a8b6634f41070a43dff3')
 * ```
 */
export async function getDataGouvDataset(
  http: HttpClient,
  id: string,
  options: { api?: string; signal?: AbortSignal } = {},
): Promise<DataGouvDataset> {
  const what = `data.gouv.fr dataset ${id}`;
  const url = `${options.api ?? DATAGOUV_API}/1/datasets/${encodeURIComponent(id)}/`;
  return http.requestParsed({ url, signal: options.signal, what }, (response) => parseJsonResponse(response, datasetSchema, what));
}

/**
 * One resource by id (API v2 `/datasets/resources/{id}/`), with the id of its dataset.
 *
 * @example
 * ```ts
 * const { resource, datasetId } = await getDataGouvResource(http, resourceId)
 * ```
 */
export async function getDataGouvResource(
  http: HttpClient,
  id: string,
  options: { api?: string; signal?: AbortSignal } = {},
): Promise<{ resource: DataGouvResource; datasetId: string }> {
  const what = `data.gouv.fr resource ${id}`;
  const url = `${options.api ?? DATAGOUV_API}/2/datasets/resources/${encodeURIComponent(id)}/`;
  const answer = await http.requestParsed({ url, signal: options.signal, what }, (response) =>
    parseJsonResponse(response, resourceV2Schema, what),
  );
  return { resource: answer.resource, datasetId: answer.dataset_id };
}

/**
 * One organisation by id or slug (API v1).
 *
 * @example
 * ```ts
 * const ign = await getDataGouvOrganization(http, 'institut-national-de-l-information-geographique-et-forestiere')
 * ```
 */
export async function getDataGouvOrganization(
  http: HttpClient,
  id: string,
  options: { api?: string; signal?: AbortSignal } = {},
): Promise<DataGouvOrganization> {
  const what = `data.gouv.fr organisation ${id}`;
  const url = `${options.api ?? DATAGOUV_API}/1/organizations/${encodeURIComponent(id)}/`;
  return http.requestParsed({ url, signal: options.signal, what }, (response) => parseJsonResponse(response, organizationSchema, what));
}

/** A data.gouv.fr dataset as a {@link CatalogRecord}; its resources become online resources. */
export function datasetToRecord(dataset: DataGouvDataset): CatalogRecord {
  const dates = {
    creation: dataset.created_at ?? undefined,
    publication: undefined,
    revision: dataset.last_update ?? dataset.last_modified ?? undefined,
  };
  return {
    source: 'datagouv',
    id: dataset.id,
    title: dataset.title,
    abstract: dataset.description ?? undefined,
    type: 'dataset',
    keywords: dataset.tags ?? [],
    extent: undefined,
    dates,
    vintage: latestYear(dates),
    lineage: undefined,
    licence: dataset.license ?? undefined,
    onlineResources: (dataset.resources ?? []).map((resource) => ({
      url: resource.url,
      protocol: resource.format ?? resource.mime ?? undefined,
      name: resource.title ?? undefined,
      description: resource.description ?? undefined,
    })),
  };
}
