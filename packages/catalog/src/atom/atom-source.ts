import { JumeauError, throwIfAborted } from '@jumeau/core';
import type { HttpClient } from '../http/client.js';
import { parseXmlResponse } from '../http/parse.js';
import type { LonLatExtent } from '../layer.js';
import type { XmlNode } from '../ogc/xml.js';
import type { CatalogRecord } from '../record.js';
import { checkCatalogQuery, type CatalogPage, type CatalogQuery, type CatalogSource } from '../source/catalog-source.js';
import {
  readAtomDatasetFeed,
  readAtomServiceFeed,
  type AtomDatasetEntry,
  type AtomDatasetFeed,
  type AtomServiceFeed,
  type DownloadResource,
} from './atom-feed.js';

/** At most this many pages of one paged feed are read (a bound against a `next` link that never ends). */
export const ATOM_MAXIMUM_PAGES = 1000;

async function fetchFeedPages<T extends { readonly nextUrl: string | undefined }>(
  http: HttpClient,
  url: string,
  read: (root: XmlNode, base: string, what: string) => T,
  what: string,
  signal: AbortSignal | undefined,
): Promise<T[]> {
  const pages: T[] = [];
  const visited = new Set<string>();
  for (let next: string | undefined = url; next !== undefined && !visited.has(next); ) {
    if (pages.length >= ATOM_MAXIMUM_PAGES) throw new JumeauError('too-large', `${what}: more than ${ATOM_MAXIMUM_PAGES} pages`);
    visited.add(next);
    const pageUrl: string = next;
    const pageWhat = pages.length === 0 ? what : `${what} page ${pages.length + 1}`;
    const headers = { accept: 'application/atom+xml, application/xml;q=0.9' };
    const page = await http.requestParsed({ url: pageUrl, signal, what: pageWhat, headers }, (response) =>
      read(parseXmlResponse(response, pageWhat), response.url || pageUrl, pageWhat),
    );
    pages.push(page);
    next = page.nextUrl;
  }
  return pages;
}

function uniqueById<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id) !== undefined);
}

/**
 * Fetches a download service feed, following RFC 5005 `next` pages (an entry repeated across pages is kept once).
 *
 * @example
 * ```ts
 * const service = await fetchAtomServiceFeed(http, 'https://example.org/atom/service.xml')
 * ```
 */
export async function fetchAtomServiceFeed(http: HttpClient, url: string, signal?: AbortSignal): Promise<AtomServiceFeed> {
  const pages = await fetchFeedPages(http, url, readAtomServiceFeed, 'Atom service feed', signal);
  const first = pages[0] as AtomServiceFeed;
  return { ...first, nextUrl: undefined, datasets: uniqueById(pages.flatMap((page) => page.datasets)) };
}

/**
 * Fetches a dataset feed (all its pages): the downloadable resources of one dataset.
 *
 * @example
 * ```ts
 * const { resources } = await fetchAtomDatasetFeed(http, dataset.datasetFeedUrl)
 * ```
 */
export async function fetchAtomDatasetFeed(http: HttpClient, url: string, signal?: AbortSignal): Promise<AtomDatasetFeed> {
  const pages = await fetchFeedPages(http, url, readAtomDatasetFeed, 'Atom dataset feed', signal);
  const first = pages[0] as AtomDatasetFeed;
  return { ...first, nextUrl: undefined, resources: uniqueById(pages.flatMap((page) => page.resources)) };
}

/** Which resources {@link listAtomDownloads} keeps. */
export interface DownloadFilter {
  /** A dataset: its INSPIRE identifier code, its entry id, or words of its title (case and accents ignored). */
  readonly dataset?: string;
  /** Only resources offered in this EPSG CRS. */
  readonly epsg?: number;
  /** Only resources whose format (MIME type) contains this text, e.g. `geopackage`, `7z`, `zip`. */
  readonly format?: string;
  readonly signal?: AbortSignal;
}

/** A dataset of a download service with its resources. */
export interface DatasetDownloads {
  readonly dataset: AtomDatasetEntry;
  readonly resources: readonly DownloadResource[];
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Whether a dataset entry matches a {@link DownloadFilter.dataset} text. */
export function datasetMatches(dataset: AtomDatasetEntry, wanted: string): boolean {
  const text = fold(wanted.trim());
  if (text === fold(dataset.identifierCode ?? '') || text === fold(dataset.id)) return true;
  const haystack = fold(`${dataset.title} ${dataset.summary ?? ''} ${dataset.identifierCode ?? ''}`);
  return text.split(/\s+/).every((word) => haystack.includes(word));
}

function resourceMatches(resource: DownloadResource, filter: DownloadFilter): boolean {
  if (filter.epsg !== undefined && !resource.crs.some((crs) => crs.epsg === filter.epsg)) return false;
  if (filter.format !== undefined) {
    const wanted = filter.format.toLowerCase();
    if (!resource.files.some((file) => (file.type ?? file.url).toLowerCase().includes(wanted))) return false;
  }
  return true;
}

/**
 * Lists the downloadable resources of an INSPIRE Atom download service: reads the service feed, then the
 * dataset feed of every matching dataset (one after the other, within the client's rate limits).
 *
 * @example
 * ```ts
 * const listings = await listAtomDownloads(http, 'https://example.org/atom/service.xml', { dataset: 'BD TOPO', epsg: 2154 })
 * listings[0].resources[0].files[0] // { url, type: 'application/x-7z-compressed', sizeBytes: 123456789, title }
 * ```
 */
export async function listAtomDownloads(
  http: HttpClient,
  serviceFeedUrl: string,
  filter: DownloadFilter = {},
): Promise<DatasetDownloads[]> {
  const service = await fetchAtomServiceFeed(http, serviceFeedUrl, filter.signal);
  const datasets = service.datasets.filter((dataset) => filter.dataset === undefined || datasetMatches(dataset, filter.dataset));
  if (filter.dataset !== undefined && datasets.length === 0)
    throw new JumeauError('input', `No dataset "${filter.dataset}" in the download service ${http.redact(serviceFeedUrl)}`, {
      details: { dataset: filter.dataset, available: service.datasets.slice(0, 20).map((dataset) => dataset.title) },
    });
  const listings: DatasetDownloads[] = [];
  for (const dataset of datasets) {
    throwIfAborted(filter.signal);
    if (dataset.datasetFeedUrl === undefined) continue;
    const feed = await fetchAtomDatasetFeed(http, dataset.datasetFeedUrl, filter.signal);
    listings.push({ dataset, resources: feed.resources.filter((resource) => resourceMatches(resource, filter)) });
  }
  return listings;
}

/** A dataset entry as a catalogue record (its online resources: the dataset feed and the metadata). */
export function atomDatasetToRecord(dataset: AtomDatasetEntry): CatalogRecord {
  const onlineResources = [
    ...(dataset.datasetFeedUrl
      ? [{ url: dataset.datasetFeedUrl, protocol: 'INSPIRE Atom', name: dataset.identifierCode, description: 'Dataset feed' }]
      : []),
    ...(dataset.metadataUrl ? [{ url: dataset.metadataUrl, protocol: 'describedby', name: undefined, description: 'Metadata' }] : []),
  ];
  return {
    source: 'atom',
    id: dataset.id,
    title: dataset.title,
    abstract: dataset.summary,
    type: 'dataset',
    keywords: dataset.crs.map((crs) => crs.label ?? crs.uri),
    extent: dataset.extent,
    dates: { creation: undefined, publication: undefined, revision: dataset.updated },
    vintage: dataset.updated?.match(/^(\d{4})/)?.[1],
    lineage: undefined,
    licence: undefined,
    onlineResources,
  };
}

const intersects = (a: LonLatExtent, b: LonLatExtent) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * An INSPIRE Atom download service as a {@link CatalogSource}: searches its datasets by words of the title,
 * summary or code and by bbox (the service feed is read once per source, then paged locally).
 *
 * @example
 * ```ts
 * const source = createAtomSource(http, 'https://example.org/atom/service.xml')
 * const page = await source.search({ text: 'altimétrie' })
 * ```
 */
export function createAtomSource(http: HttpClient, serviceFeedUrl: string): CatalogSource {
  let service: Promise<AtomServiceFeed> | undefined;
  const load = (signal?: AbortSignal) => {
    service ??= fetchAtomServiceFeed(http, serviceFeedUrl, signal).catch((error: unknown) => {
      service = undefined;
      throw error;
    });
    return service;
  };
  return {
    name: 'atom',
    async search(query: CatalogQuery): Promise<CatalogPage> {
      const pageSize = checkCatalogQuery(query);
      const offset = query.cursor === undefined ? 0 : Number(query.cursor);
      if (!Number.isInteger(offset) || offset < 0) throw new JumeauError('input', `Atom source: invalid cursor "${query.cursor}"`);
      const matches = (await load(query.signal)).datasets.filter(
        (dataset) =>
          (query.text === undefined || query.text.trim() === '' || datasetMatches(dataset, query.text)) &&
          (query.bbox === undefined || dataset.extent === undefined || intersects(dataset.extent, query.bbox)),
      );
      const records = matches.slice(offset, offset + pageSize).map(atomDatasetToRecord);
      const next = offset + pageSize < matches.length ? String(offset + pageSize) : undefined;
      return { records, totalMatched: matches.length, next };
    },
    async getRecord(id: string, { signal } = {}): Promise<CatalogRecord> {
      const dataset = (await load(signal)).datasets.find((entry) => entry.id === id || entry.identifierCode === id);
      if (!dataset) throw new JumeauError('http', `Atom service feed: no dataset ${id}`, { details: { id, status: 404 } });
      return atomDatasetToRecord(dataset);
    },
  };
}
