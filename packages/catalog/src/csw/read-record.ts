import type { LonLatExtent } from '../layer.js';
import { attribute, children, path, textOf, type XmlNode } from '../ogc/xml.js';
import { latestYear, type CatalogRecord, type OnlineResource } from '../record.js';

/** Every descendant element of a name, depth first. */
function descendants(node: unknown, name: string, out: XmlNode[] = []): XmlNode[] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node as XmlNode)) {
    if (key.startsWith('@') || key === '#text') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (key === name) out.push(typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item });
      descendants(item, name, out);
    }
  }
  return out;
}

function firstText(node: unknown, name: string): string | undefined {
  for (const found of descendants(node, name)) {
    const text = textOf(found) ?? textOf(found.URL) ?? textOf(found.Date) ?? textOf(found.DateTime) ?? textOf(found.Decimal);
    if (text) return text;
  }
  return undefined;
}

/**
 * Reads an ISO metadata record — ISO 19139 (`gmd:MD_Metadata`) or ISO 19115-3 (`mdb:MD_Metadata`), the two the
 * Géoplateforme's GeoNetwork serves — into a {@link CatalogRecord}. Both share element names once namespace
 * prefixes are dropped; the paths that differ (identifier, lineage, linkage) are read both ways.
 *
 * @example
 * ```ts
 * const record = readIsoRecord(path(parseXml(xml, 'record'), 'GetRecordByIdResponse', 'MD_Metadata')!)
 * ```
 */
export function readIsoRecord(metadata: XmlNode): CatalogRecord {
  const identification = path(metadata, 'identificationInfo') ?? metadata;
  const citation =
    path(identification, 'MD_DataIdentification', 'citation', 'CI_Citation') ??
    path(identification, 'SV_ServiceIdentification', 'citation', 'CI_Citation') ??
    descendants(identification, 'CI_Citation')[0];
  const dates = readDates(citation);
  const hierarchy =
    attribute(path(metadata, 'hierarchyLevel', 'MD_ScopeCode'), 'codeListValue') ??
    attribute(descendants(path(metadata, 'metadataScope'), 'MD_ScopeCode')[0], 'codeListValue');
  return {
    source: 'csw',
    id: textOf(path(metadata, 'fileIdentifier')) ?? firstText(path(metadata, 'metadataIdentifier'), 'code') ?? '',
    title: textOf(citation?.title) ?? '',
    abstract: firstText(identification, 'abstract'),
    type: hierarchy,
    keywords: [
      ...new Set(
        descendants(identification, 'keyword')
          .map((keyword) => textOf(keyword))
          .filter((text): text is string => text !== undefined),
      ),
    ],
    extent: readExtent(descendants(identification, 'EX_GeographicBoundingBox')[0]),
    dates,
    vintage: textOf(citation?.edition) ?? latestYear(dates),
    lineage: firstText(descendants(metadata, 'LI_Lineage')[0], 'statement'),
    licence: readLicence(identification),
    onlineResources: descendants(path(metadata, 'distributionInfo'), 'CI_OnlineResource')
      .map(readOnlineResource)
      .filter((resource) => resource.url !== ''),
  };
}

function readDates(citation: XmlNode | undefined): CatalogRecord['dates'] {
  const byType: Record<string, string> = {};
  for (const date of descendants(citation, 'CI_Date')) {
    const type = attribute(path(date, 'dateType', 'CI_DateTypeCode'), 'codeListValue') ?? textOf(path(date, 'dateType', 'CI_DateTypeCode'));
    const value = textOf(path(date, 'date', 'DateTime')) ?? textOf(path(date, 'date', 'Date')) ?? textOf(date.date);
    if (type && value && byType[type] === undefined) byType[type] = value;
  }
  return { creation: byType.creation, publication: byType.publication, revision: byType.revision };
}

function readExtent(box: XmlNode | undefined): LonLatExtent | undefined {
  if (!box) return undefined;
  const values = ['westBoundLongitude', 'southBoundLatitude', 'eastBoundLongitude', 'northBoundLatitude'].map((name) =>
    Number(firstText(box, name)),
  );
  return values.every(Number.isFinite) ? (values as unknown as LonLatExtent) : undefined;
}

function readLicence(identification: XmlNode): string | undefined {
  // ISO 19115-3 names the licence as a citation: MD_LegalConstraints/reference/CI_Citation/title.
  const cited = descendants(identification, 'MD_LegalConstraints')
    .flatMap((constraints) => descendants(constraints, 'reference'))
    .map((reference) => textOf(path(reference, 'CI_Citation', 'title')))
    .find((title) => title !== undefined);
  if (cited !== undefined) return cited;
  const texts = [...descendants(identification, 'otherConstraints'), ...descendants(identification, 'useLimitation')]
    .map((node) => textOf(node))
    .filter((text): text is string => text !== undefined);
  const licence = texts.find((text) => /licen[cs]e|etalab|odbl|cc[- ]by/i.test(text));
  return licence ?? texts[0];
}

function readOnlineResource(node: XmlNode): OnlineResource {
  return {
    url: textOf(path(node, 'linkage', 'URL')) ?? textOf(node.linkage) ?? '',
    protocol: textOf(node.protocol),
    name: textOf(node.name),
    description: textOf(node.description),
  };
}

/**
 * Reads a Dublin Core `csw:Record` (CSW `outputSchema` csw:Record) into a {@link CatalogRecord}.
 *
 * @example
 * ```ts
 * const record = readDublinCoreRecord(path(root, 'GetRecordByIdResponse', 'Record')!)
 * ```
 */
export function readDublinCoreRecord(node: XmlNode): CatalogRecord {
  const box = path(node, 'BoundingBox') ?? path(node, 'WGS84BoundingBox');
  const date = textOf(node.modified) ?? textOf(node.date);
  const dates = { creation: undefined, publication: undefined, revision: date };
  const uris = children(node, 'URI').map((uri) => ({
    url: textOf(uri) ?? '',
    protocol: attribute(uri, 'protocol'),
    name: attribute(uri, 'name'),
    description: attribute(uri, 'description'),
  }));
  const references = children(node, 'references').map((reference) => ({
    url: textOf(reference) ?? '',
    protocol: attribute(reference, 'scheme'),
    name: undefined,
    description: undefined,
  }));
  return {
    source: 'csw',
    id: textOf(node.identifier) ?? '',
    title: textOf(node.title) ?? '',
    abstract: textOf(node.abstract) ?? textOf(node.description),
    type: textOf(node.type),
    keywords: children(node, 'subject')
      .map((subject) => textOf(subject))
      .filter((text): text is string => text !== undefined),
    extent: readDublinCoreBox(box),
    dates,
    vintage: latestYear(dates),
    lineage: textOf(node.source),
    licence:
      children(node, 'rights')
        .map((rights) => textOf(rights))
        .find((text) => text !== undefined) ?? textOf(node.license),
    onlineResources: [...uris, ...references].filter((resource) => resource.url !== ''),
  };
}

function readDublinCoreBox(box: XmlNode | undefined): LonLatExtent | undefined {
  if (!box) return undefined;
  const lower = (textOf(box.LowerCorner) ?? '').split(/\s+/).map(Number);
  const upper = (textOf(box.UpperCorner) ?? '').split(/\s+/).map(Number);
  if (lower.length !== 2 || upper.length !== 2 || ![...lower, ...upper].every(Number.isFinite)) return undefined;
  const crs = attribute(box, 'crs') ?? '';
  // ows:BoundingBox in EPSG:4326 is latitude-first; in CRS84 / WGS84BoundingBox longitude-first.
  const latitudeFirst = /4326/.test(crs) && !/CRS84/i.test(crs);
  const [a, b] = lower as [number, number];
  const [c, d] = upper as [number, number];
  const [x1, y1, x2, y2] = latitudeFirst ? [b, a, d, c] : [a, b, c, d];
  // GeoNetwork 2/3 writes some Dublin Core boxes with east in the lower corner: order each axis.
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}
