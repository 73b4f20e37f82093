import { throwIfAborted, validate } from '@jumeau/core';
import { z } from 'zod';
import type { LonLatExtent } from '../layer.js';
import type { CatalogRecord } from '../record.js';

/** A catalogue search, the same for every source. */
export interface CatalogQuery {
  /** Full-text search. */
  readonly text?: string;
  /** Longitude/latitude bounds the records must intersect, `[west, south, east, north]` in degrees. */
  readonly bbox?: LonLatExtent;
  /** Records must carry all these keywords (sources that cannot filter on them ignore it). */
  readonly keywords?: readonly string[];
  /** Records per page (1–100, default 20). */
  readonly pageSize?: number;
  /** The `next` cursor of the previous page; omit for the first page. */
  readonly cursor?: string;
  readonly signal?: AbortSignal;
}

/** One page of results. */
export interface CatalogPage {
  readonly records: readonly CatalogRecord[];
  /** Total matches, when the source says. */
  readonly totalMatched: number | undefined;
  /** Cursor of the next page; `undefined` on the last page. */
  readonly next: string | undefined;
}

/**
 * The one interface every catalogue source implements (CSW, the Géoplateforme search index, data.gouv.fr,
 * STAC). Every implementation passes the same conformance suite.
 */
export interface CatalogSource {
  /** Short stable name (`geoplateforme-csw`, `datagouv`…). */
  readonly name: string;
  /** One page of records. Throws `input` on a bad query, `aborted` when the signal fires. */
  search(query: CatalogQuery): Promise<CatalogPage>;
  /** One record by its id. */
  getRecord(id: string, options?: { readonly signal?: AbortSignal }): Promise<CatalogRecord>;
}

const querySchema = z.object({
  text: z.string().max(1000).optional(),
  bbox: z
    .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
    .refine(([west, south, east, north]) => west <= east && south <= north, 'bbox must be [west, south, east, north] in degrees')
    .optional(),
  keywords: z.array(z.string().min(1)).optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
  cursor: z.string().optional(),
});

/**
 * Validates a {@link CatalogQuery} (every source calls it first) and returns the page size to use.
 *
 * @example
 * ```ts
 * const pageSize = checkCatalogQuery(query) // 20 by default
 * ```
 */
export function checkCatalogQuery(query: CatalogQuery): number {
  throwIfAborted(query.signal);
  const { signal: _signal, ...rest } = query;
  return validate(querySchema, rest, 'catalogue query').pageSize ?? 20;
}

/**
 * Every record of a search, page after page, stopping after `maximumRecords` (default 1000). A cursor seen
 * twice ends the walk, so a server whose `next` loops can never hang it; a record whose id was already
 * yielded (a page that shifted or repeated) is skipped.
 *
 * @example
 * ```ts
 * for await (const record of searchAllRecords(source, { text: 'BD TOPO' }, 200)) console.log(record.title)
 * ```
 */
export async function* searchAllRecords(source: CatalogSource, query: CatalogQuery, maximumRecords = 1000): AsyncGenerator<CatalogRecord> {
  const seenCursors = new Set<string>();
  const seenIds = new Set<string>();
  let cursor = query.cursor;
  let yielded = 0;
  while (yielded < maximumRecords) {
    const page = await source.search({ ...query, cursor });
    for (const record of page.records) {
      if (yielded >= maximumRecords) return;
      if (seenIds.has(record.id)) continue;
      seenIds.add(record.id);
      yielded++;
      yield record;
    }
    if (page.next === undefined || page.records.length === 0 || seenCursors.has(page.next)) return;
    seenCursors.add(page.next);
    cursor = page.next;
  }
}
