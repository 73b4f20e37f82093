import { isJumeauError } from '@jumeau/core';
import { describe, expect, it } from 'vitest';
import { searchAllRecords, type CatalogQuery, type CatalogSource } from '../../src/index.js';

/** What a source must show on its test server. */
export interface CatalogSourceCase {
  readonly source: () => CatalogSource;
  /** A query with results. */
  readonly query: CatalogQuery;
  /** An id `getRecord` must find, and the title it must have. */
  readonly knownRecord: { readonly id: string; readonly title: string };
  /** Whether the source pages (has a `next` cursor on the first page). */
  readonly pages: boolean;
}

/**
 * The one conformance suite every catalogue source passes: typed records, paging without duplicates,
 * getRecord, bad input and cancellation rejected with typed errors.
 */
export function testCatalogSource(name: string, testCase: CatalogSourceCase): void {
  describe(`CatalogSource conformance: ${name}`, () => {
    it('returns typed records with an id and a title', async () => {
      const page = await testCase.source().search(testCase.query);
      expect(page.records.length).toBeGreaterThan(0);
      for (const record of page.records) {
        expect(record.id).not.toBe('');
        expect(record.title).not.toBe('');
        expect(Array.isArray(record.keywords)).toBe(true);
        expect(Array.isArray(record.onlineResources)).toBe(true);
        for (const resource of record.onlineResources) expect(resource.url).not.toBe('');
        if (record.extent) expect(record.extent[0]).toBeLessThanOrEqual(record.extent[2]);
      }
      expect(page.next !== undefined).toBe(testCase.pages);
    });

    it('pages without repeating a record and stops', async () => {
      const ids: string[] = [];
      for await (const record of searchAllRecords(testCase.source(), testCase.query, 500)) ids.push(record.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('finds a record by id', async () => {
      const record = await testCase.source().getRecord(testCase.knownRecord.id);
      expect(record.id).toBe(testCase.knownRecord.id);
      expect(record.title).toBe(testCase.knownRecord.title);
    });

    it('rejects a bad query with an input error naming the field', async () => {
      const error = await testCase
        .source()
        .search({ ...testCase.query, pageSize: 0 })
        .catch((caught: unknown) => caught);
      expect(isJumeauError(error, 'input')).toBe(true);
      expect((error as Error).message).toMatch(/pageSize/);
      const bbox = await testCase
        .source()
        .search({ ...testCase.query, bbox: [10, 50, 5, 40] })
        .catch((caught: unknown) => caught);
      expect(isJumeauError(bbox, 'input')).toBe(true);
    });

    it('honours an aborted signal', async () => {
      const controller = new AbortController();
      controller.abort(new Error('user cancelled'));
      const error = await testCase
        .source()
        .search({ ...testCase.query, signal: controller.signal })
        .catch((caught: unknown) => caught);
      expect(isJumeauError(error, 'aborted')).toBe(true);
    });
  });
}
