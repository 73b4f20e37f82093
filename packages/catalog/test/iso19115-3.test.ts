import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCswSource, createHttpClient, parseXml, readIsoRecord, type CatalogRecord } from '../src/index.js';
import { path } from '../src/ogc/xml.js';
import { FIXTURES } from './support/fixtures.js';
import { send, startLocalServer, type LocalServer } from './support/local-server.js';

const RECORD_19115_3 = join(import.meta.dirname, 'fixtures', 'iso19115-3', 'getrecordbyid-bdtopo-iso19115-3.xml');
const RECORD_19139 = join(FIXTURES, 'csw-geonetwork', 'geobretagne-getrecordbyid-iso19139.xml');

// The reference: Python ElementTree following the official ISO 19115-3 paths, namespace by namespace.
const REFERENCE_19115_3 = `
import json, sys, xml.etree.ElementTree as ET
ns = {k: "http://standards.iso.org/iso/19115/-3/%s" % v for k, v in dict(mdb="mdb/2.0", cit="cit/2.0", mri="mri/1.0",
      mcc="mcc/1.0", gco="gco/1.0", gex="gex/1.0", mco="mco/1.0", mrl="mrl/2.0", mrd="mrd/1.0", gcx="gcx/1.0").items()}
md = ET.parse(sys.argv[1]).getroot().find("mdb:MD_Metadata", ns)
ident = md.find("mdb:identificationInfo/mri:MD_DataIdentification", ns)
cit = ident.find("mri:citation/cit:CI_Citation", ns)
dates = {d.find("cit:dateType/cit:CI_DateTypeCode", ns).get("codeListValue"): (d.find("cit:date/gco:DateTime", ns) if d.find("cit:date/gco:DateTime", ns) is not None else d.find("cit:date/gco:Date", ns)).text
         for d in cit.findall("cit:date/cit:CI_Date", ns)}
box = ident.find("mri:extent/gex:EX_Extent/gex:geographicElement/gex:EX_GeographicBoundingBox", ns)
keywords = []
for k in ident.findall("mri:descriptiveKeywords/mri:MD_Keywords/mri:keyword", ns):
    t = "".join(k.itertext()).strip()
    if t not in keywords: keywords.append(t)
print(json.dumps(dict(
  id=md.find("mdb:metadataIdentifier/mcc:MD_Identifier/mcc:code/gco:CharacterString", ns).text,
  title=cit.find("cit:title/gco:CharacterString", ns).text,
  abstract=ident.find("mri:abstract/gco:CharacterString", ns).text,
  type=md.find("mdb:metadataScope/mdb:MD_MetadataScope/mdb:resourceScope/mcc:MD_ScopeCode", ns).get("codeListValue"),
  keywords=keywords,
  extent=[float(box.find("gex:%s/gco:Decimal" % n, ns).text) for n in ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")],
  dates=dict(creation=dates.get("creation"), publication=dates.get("publication"), revision=dates.get("revision")),
  vintage=cit.find("cit:edition/gco:CharacterString", ns).text,
  lineage=md.find("mdb:resourceLineage/mrl:LI_Lineage/mrl:statement/gco:CharacterString", ns).text,
  licence=ident.find("mri:resourceConstraints/mco:MD_LegalConstraints/mco:reference/cit:CI_Citation/cit:title/gco:CharacterString", ns).text,
  onlineResources=[dict(url=o.find("cit:linkage/gco:CharacterString", ns).text,
    protocol=o.find("cit:protocol/gco:CharacterString", ns).text,
    name=o.find("cit:name/gco:CharacterString", ns).text if o.find("cit:name/gco:CharacterString", ns) is not None else None,
    description=o.find("cit:description/gco:CharacterString", ns).text)
    for o in md.findall("mdb:distributionInfo/mrd:MD_Distribution/mrd:transferOptions/mrd:MD_DigitalTransferOptions/mrd:onLine/cit:CI_OnlineResource", ns)],
)))
`;

function pythonReference(): Omit<CatalogRecord, 'source'> {
  const parsed = JSON.parse(execFileSync('python3', ['-c', REFERENCE_19115_3, RECORD_19115_3]).toString()) as Record<string, unknown>;
  const onlineResources = (parsed.onlineResources as Record<string, string | null>[]).map((resource) => ({
    ...resource,
    name: resource.name ?? undefined,
  }));
  const dates = Object.fromEntries(
    Object.entries(parsed.dates as Record<string, string | null>).map(([key, value]) => [key, value ?? undefined]),
  );
  return { ...parsed, dates, onlineResources } as never;
}

const readRecordFile = (file: string) => {
  const root = parseXml(readFileSync(file, 'utf8'), file);
  const metadata = path(root, 'GetRecordByIdResponse', 'MD_Metadata') ?? path(root, 'MD_Metadata');
  if (!metadata) throw new Error('no MD_Metadata');
  return readIsoRecord(metadata);
};

describe('ISO 19115-3 (mdb:) records', () => {
  it('reads every field as the official ISO 19115-3 paths give them (Python ElementTree reference)', () => {
    const record = readRecordFile(RECORD_19115_3);
    expect(record).toEqual({ source: 'csw', ...pythonReference() });
  });

  it('picks the licence citation over other constraints, the default-language title, Anchor keywords once', () => {
    const record = readRecordFile(RECORD_19115_3);
    expect(record.licence).toBe('Licence Ouverte / Open Licence version 2.0 (Etalab)');
    expect(record.title).toBe('BD TOPO® — Charente-Maritime');
    expect(record.keywords).toEqual(['Réseaux de transport', 'Hydrographie', 'bâtiment']);
    expect(record.abstract).toContain('précision métrique & exploitable');
  });

  it('still reads the recorded ISO 19139 record as before', () => {
    const record = readRecordFile(RECORD_19139);
    expect(record.title).not.toBe('');
    expect(record.id).not.toBe('');
    expect(record.extent).toBeDefined();
  });
});

describe('CSW GetRecordById with outputSchema ISO 19115-3, from a local server', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((_request, response) => send(response, 200, 'application/xml', readFileSync(RECORD_19115_3, 'utf8')));
  });
  afterAll(() => server?.close());

  it('asks for the mdb/2.0 schema and returns the typed record', async () => {
    const csw = createCswSource(createHttpClient({ rateLimits: [] }), { endpoint: `${server.url}/csw`, outputSchema: 'iso19115-3' });
    const record = await csw.getRecord('IGNF_BDTOPOr_3-4_D017');
    expect(server.requests[0]?.url.searchParams.get('OUTPUTSCHEMA')).toBe('http://standards.iso.org/iso/19115/-3/mdb/2.0');
    expect(record).toMatchObject({ id: 'IGNF_BDTOPOr_3-4_D017', type: 'dataset', vintage: '2026-03' });
    expect(record.onlineResources.map((resource) => resource.protocol)).toEqual(['OGC:WFS', 'WWW:DOWNLOAD-1.0-http--download']);
  });
});
