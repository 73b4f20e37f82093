import { JumeauError } from '@jumeau/core';
import type { HttpClient } from '../http/client.js';
import { parseXmlResponse } from '../http/parse.js';
import { attribute, children, path, type XmlNode } from '../ogc/xml.js';
import type { CatalogRecord } from '../record.js';
import { checkCatalogQuery, type CatalogPage, type CatalogQuery, type CatalogSource } from '../source/catalog-source.js';
import { buildGetRecordsBody, type CswOutputSchema } from './get-records-body.js';
import { readDublinCoreRecord, readIsoRecord } from './read-record.js';

/** Options of {@link createCswSource}. */
export interface CswSourceOptions {
  /** The CSW 2.0.2 endpoint, e.g. `https://data.geopf.fr/csw`. */
  readonly endpoint: string;
  /** Record schema asked for (default `iso19139`; the Géoplateforme also serves `iso19115-3`). */
  readonly outputSchema?: CswOutputSchema;
  /** Source name (default `csw`). */
  readonly name?: string;
}

/**
 * A {@link CatalogSource} over a CSW 2.0.2 catalogue (GeoNetwork, as the Géoplateforme runs): `GetRecords` by
 * POST (full text on `AnyText`, bbox, keywords; paging by `startPosition`/`nextRecord`) and `GetRecordById`,
 * records in ISO 19139, ISO 19115-3 or Dublin Core.
 *
 * @example
 * ```ts
 * const csw = createCswSource(http, { endpoint: 'https://data.geopf.fr/csw' })
 * const page = await csw.search({ text: 'occupation du sol', bbox: [-1.5, 45.8, -1.1, 46.1] })
 * ```
 */
export function createCswSource(http: HttpClient, options: CswSourceOptions): CatalogSource {
  const outputSchema = options.outputSchema ?? 'iso19139';
  return {
    name: options.name ?? 'csw',
    async search(query: CatalogQuery): Promise<CatalogPage> {
      const pageSize = checkCatalogQuery(query);
      const startPosition = query.cursor === undefined ? 1 : Number(query.cursor);
      if (!Number.isInteger(startPosition) || startPosition < 1)
        throw new JumeauError('input', `Invalid CSW cursor "${query.cursor}": expected a record position ≥ 1`);
      const body = buildGetRecordsBody({ ...query, startPosition, maximumRecords: pageSize, outputSchema });
      const what = `CSW GetRecords from ${startPosition}`;
      const request = {
        url: options.endpoint,
        method: 'POST' as const,
        body,
        headers: { 'content-type': 'application/xml' },
        signal: query.signal,
        what,
      };
      return http.requestParsed(request, (response) => readGetRecordsResponse(parseXmlResponse(response, what), what));
    },
    async getRecord(id: string, { signal } = {}): Promise<CatalogRecord> {
      const url = new URL(options.endpoint);
      const schema =
        outputSchema === 'dublin-core'
          ? 'http://www.opengis.net/cat/csw/2.0.2'
          : outputSchema === 'iso19115-3'
            ? 'http://standards.iso.org/iso/19115/-3/mdb/2.0'
            : 'http://www.isotc211.org/2005/gmd';
      for (const [key, value] of Object.entries({
        SERVICE: 'CSW',
        VERSION: '2.0.2',
        REQUEST: 'GetRecordById',
        ID: id,
        ELEMENTSETNAME: 'full',
        OUTPUTSCHEMA: schema,
      }))
        url.searchParams.set(key, value);
      const what = `CSW GetRecordById ${id}`;
      const records = await http.requestParsed({ url, signal, what }, (response) => {
        const root = parseXmlResponse(response, what);
        // GeoNetwork answers a bare MD_Metadata for outputSchema=gmd, a GetRecordByIdResponse otherwise.
        return readRecords(path(root, 'GetRecordByIdResponse') ?? root);
      });
      const record = records[0];
      if (!record) throw new JumeauError('http', `${what}: no such record`, { details: { id, status: 404 } });
      return record;
    },
  };
}

/**
 * Reads a `csw:GetRecordsResponse`: records of any schema, the total and the next position.
 *
 * @example
 * ```ts
 * const page = readGetRecordsResponse(parseXml(text, 'GetRecords'), 'GetRecords')
 * ```
 */
export function readGetRecordsResponse(root: XmlNode, what: string): CatalogPage {
  const results = path(root, 'GetRecordsResponse', 'SearchResults');
  if (!results) throw new JumeauError('format', `${what}: no GetRecordsResponse/SearchResults element`);
  const matched = Number(attribute(results, 'numberOfRecordsMatched'));
  const nextRecord = Number(attribute(results, 'nextRecord'));
  const records = readRecords(results);
  // nextRecord is 0 on the last page (CSW 2.0.2 §10.8.4.13); GeoNetwork also writes matched + 1.
  const hasNext =
    Number.isInteger(nextRecord) && nextRecord > 0 && (!Number.isFinite(matched) || nextRecord <= matched) && records.length > 0;
  return { records, totalMatched: Number.isFinite(matched) ? matched : undefined, next: hasNext ? String(nextRecord) : undefined };
}

function readRecords(container: XmlNode | undefined): CatalogRecord[] {
  if (!container) return [];
  const iso = children(container, 'MD_Metadata').map(readIsoRecord);
  const dublinCore = [...children(container, 'Record'), ...children(container, 'SummaryRecord'), ...children(container, 'BriefRecord')].map(
    readDublinCoreRecord,
  );
  return [...iso, ...dublinCore];
}
