import type { CatalogQuery } from '../source/catalog-source.js';

/** The record schemas a CSW client may ask for. */
export type CswOutputSchema = 'iso19139' | 'iso19115-3' | 'dublin-core';

const OUTPUT_SCHEMAS: Readonly<Record<CswOutputSchema, string>> = {
  iso19139: 'http://www.isotc211.org/2005/gmd',
  'iso19115-3': 'http://standards.iso.org/iso/19115/-3/mdb/2.0',
  'dublin-core': 'http://www.opengis.net/cat/csw/2.0.2',
};

/** Escapes text for an XML literal. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The XML body of a CSW 2.0.2 `GetRecords` POST: an OGC Filter 1.1 `And` of `AnyText` like `%text%`, a `BBOX`
 * on `ows:BoundingBox` (EPSG:4326, latitude first as the 1.1 filter wants) and one `Subject` per keyword.
 *
 * @example
 * ```ts
 * buildGetRecordsBody({ text: 'cadastre', startPosition: 1, maximumRecords: 20, outputSchema: 'iso19139' })
 * ```
 */
export function buildGetRecordsBody(
  query: CatalogQuery & { startPosition: number; maximumRecords: number; outputSchema: CswOutputSchema },
): string {
  const clauses: string[] = [];
  if (query.text) {
    clauses.push(
      `<ogc:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\"><ogc:PropertyName>AnyText</ogc:PropertyName><ogc:Literal>%${escapeXml(query.text)}%</ogc:Literal></ogc:PropertyIsLike>`,
    );
  }
  if (query.bbox) {
    const [west, south, east, north] = query.bbox;
    clauses.push(
      `<ogc:BBOX><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName><gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326"><gml:lowerCorner>${south} ${west}</gml:lowerCorner><gml:upperCorner>${north} ${east}</gml:upperCorner></gml:Envelope></ogc:BBOX>`,
    );
  }
  for (const keyword of query.keywords ?? []) {
    clauses.push(
      `<ogc:PropertyIsEqualTo><ogc:PropertyName>Subject</ogc:PropertyName><ogc:Literal>${escapeXml(keyword)}</ogc:Literal></ogc:PropertyIsEqualTo>`,
    );
  }
  const filter =
    clauses.length === 0
      ? ''
      : `<csw:Constraint version="1.1.0"><ogc:Filter>${clauses.length === 1 ? clauses[0] : `<ogc:And>${clauses.join('')}</ogc:And>`}</ogc:Filter></csw:Constraint>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc" xmlns:gml="http://www.opengis.net/gml" xmlns:ows="http://www.opengis.net/ows" service="CSW" version="2.0.2" resultType="results" startPosition="${query.startPosition}" maxRecords="${query.maximumRecords}" outputSchema="${OUTPUT_SCHEMAS[query.outputSchema]}">`,
    `<csw:Query typeNames="csw:Record"><csw:ElementSetName>full</csw:ElementSetName>${filter}</csw:Query>`,
    '</csw:GetRecords>',
  ].join('');
}
