import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJumeauError } from '@jumeau/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile, downloadFileName, downloadResource } from '../src/node/index.js';
import {
  createAtomSource,
  createHttpClient,
  epsgOfCrsUri,
  listDownloads,
  parseXml,
  readAtomDatasetFeed,
  readAtomServiceFeed,
  type HttpClient,
} from '../src/index.js';
import { ATOM_FIXTURES, FILE_SIZES, fileBytes, startAtomServer, type AtomServer } from './support/atom-server.js';
import { testCatalogSource } from './support/catalog-source-suite.js';

const BASE = 'https://data.example.fr/telechargement/atom/';
const fixtureText = (file: string) => readFileSync(join(ATOM_FIXTURES, file), 'utf8');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

// The reference reading: Python's ElementTree over the same file, entry by entry (title, id, every link).
function pythonEntries(file: string): { id: string; title: string; links: { rel: string; href: string; length: string | null }[] }[] {
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'A = "{http://www.w3.org/2005/Atom}"',
    'root = ET.parse(sys.argv[1]).getroot()',
    'print(json.dumps([{"id": e.find(A + "id").text.strip(), "title": e.find(A + "title").text.strip(),',
    '  "links": [{"rel": l.get("rel", "alternate"), "href": l.get("href"), "length": l.get("length")} for l in e.findall(A + "link")]}',
    '  for e in root.findall(A + "entry")]))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, join(ATOM_FIXTURES, file)]).toString()) as never;
}

describe('INSPIRE Atom feeds are read as Python ElementTree reads them', () => {
  it('service feed: datasets, identifiers, dataset feeds, metadata, CRS, GeoRSS extent', () => {
    const service = readAtomServiceFeed(parseXml(fixtureText('service-feed.xml'), 'service'), `${BASE}service.xml`);
    const reference = pythonEntries('service-feed.xml');
    expect(service.datasets.map((dataset) => [dataset.id, dataset.title])).toEqual(reference.map((entry) => [entry.id, entry.title]));
    expect(service.datasets.map((dataset) => dataset.links.map((link) => link.rel))).toEqual(
      reference.map((entry) => entry.links.map((link) => link.rel)),
    );
    const [bdtopo, rgealti] = service.datasets;
    expect(bdtopo).toMatchObject({
      identifierCode: 'BDTOPO',
      identifierNamespace: 'https://www.ign.fr',
      datasetFeedUrl: `${BASE}BDTOPO.xml`,
    });
    expect(bdtopo?.metadataUrl).toContain('id=IGNF_BDTOPOr_3-4');
    expect(bdtopo?.extent).toEqual([-1.57, 45.08, 0.01, 46.38]); // GeoRSS is latitude first
    expect(rgealti?.datasetFeedUrl).toBe(`${BASE}RGEALTI.xml`); // a relative href, resolved
    expect(rgealti?.crs.map((crs) => [crs.epsg, crs.label])).toEqual([
      [2154, 'RGF93 v1 / Lambert-93'],
      [5490, 'RGAF09 / UTM zone 20N'],
    ]);
    expect(service).toMatchObject({ title: 'Service de téléchargement des produits IGN', rights: 'Licence Ouverte / Etalab 2.0' });
    expect(service.openSearchUrl).toBe(`${BASE}opensearch.xml`);
    expect(service.nextUrl).toBe(`${BASE}service.xml?page=2`);
  });

  it('dataset feed: one file, split sections, default rel, sizes and formats', () => {
    const feed = readAtomDatasetFeed(parseXml(fixtureText('dataset-feed-bdtopo.xml'), 'dataset'), `${BASE}BDTOPO.xml`);
    const reference = pythonEntries('dataset-feed-bdtopo.xml');
    expect(feed.resources.map((resource) => resource.id)).toEqual(reference.map((entry) => entry.id));
    const referenceFiles = reference.map((entry) => {
      const sections = entry.links.filter((link) => link.rel === 'section');
      return (sections.length > 0 ? sections : entry.links.filter((link) => link.rel === 'alternate' && !link.href.endsWith('.xml'))).map(
        (link) => [link.href, Number(link.length)],
      );
    });
    expect(feed.resources.map((resource) => resource.files.map((file) => [file.url, file.sizeBytes]))).toEqual(referenceFiles);
    const [gpkg, shp, wgs84] = feed.resources;
    expect(gpkg).toMatchObject({ format: 'application/x-7z-compressed', sizeBytes: 300_000 });
    expect(shp?.files).toHaveLength(2);
    expect(shp?.sizeBytes).toBe(120_000 + 45_678);
    expect(wgs84).toMatchObject({ format: 'application/geopackage+sqlite3', crs: [{ epsg: 4326, label: 'WGS 84' }] });
    expect(feed.serviceFeedUrl).toBe(`${BASE}service.xml`);
  });

  it('reads EPSG codes from every CRS URI form', () => {
    expect(epsgOfCrsUri('http://www.opengis.net/def/crs/EPSG/0/2154')).toBe(2154);
    expect(epsgOfCrsUri('urn:ogc:def:crs:EPSG::4326')).toBe(4326);
    expect(epsgOfCrsUri('urn:ogc:def:crs:EPSG:6.3:27572')).toBe(27572);
    expect(epsgOfCrsUri('EPSG:5490')).toBe(5490);
    expect(epsgOfCrsUri('http://www.opengis.net/def/crs/OGC/1.3/CRS84')).toBeUndefined();
  });

  const broken: readonly [string, string, RegExp][] = [
    ['malformed XML', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</feed>', /Malformed XML/],
    ['not a feed', '<rss><channel/></rss>', /not an Atom feed/],
    ['a feed without id', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', /needs an id and a title/],
    ['an entry without title', '<feed><id>f</id><title>t</title><entry><id>e</id></entry></feed>', /entry 1 has no id or no title/],
    [
      'a negative length',
      '<feed><id>f</id><title>t</title><entry><id>e</id><title>e</title><link href="a.zip" length="-3"/></entry></feed>',
      /length "-3" is not valid/,
    ],
    [
      'a non-numeric length',
      '<feed><id>f</id><title>t</title><entry><id>e</id><title>e</title><link href="a.zip" length="12 Mo"/></entry></feed>',
      /length "12 Mo"/,
    ],
  ];
  it.each(broken)('refuses %s with a format error', (_name, text, message) => {
    const read = () => readAtomDatasetFeed(parseXml(text, 'feed'), BASE);
    expect(read).toThrow(message);
    try {
      read();
    } catch (error) {
      expect(isJumeauError(error, 'format')).toBe(true);
    }
  });
});

let server: AtomServer;
let http: HttpClient;
beforeAll(async () => {
  server = await startAtomServer();
  http = createHttpClient({ rateLimits: [], retry: { baseDelayMilliseconds: 1, maximumDelayMilliseconds: 5 } });
});
afterAll(() => server?.close());

describe('listDownloads over a local download service', () => {
  it('pages the service feed (RFC 5005), keeps a repeated entry once, and lists every dataset', async () => {
    const listings = await listDownloads(`${server.url}/telechargement/atom/service.xml`, { http });
    expect(listings.map((listing) => listing.dataset.identifierCode)).toEqual(['BDTOPO', 'RGEALTI', 'ADMIN-EXPRESS-COG']);
    expect(listings.map((listing) => listing.resources.length)).toEqual([3, 2, 0]);
  });

  it('filters by dataset (title words, accents ignored), EPSG code and format', async () => {
    const url = `${server.url}/telechargement/atom/service.xml`;
    const [altimetry] = await listDownloads(url, { http, dataset: 'rge alti', epsg: 5490 });
    expect(altimetry?.resources.map((resource) => resource.title)).toEqual(['RGE ALTI® 1 m D971 — ASC, RGAF09 / UTM 20N']);
    const [topo] = await listDownloads(url, { http, dataset: 'BDTOPO', format: 'geopackage' });
    expect(topo?.resources.map((resource) => resource.id.split('#')[1])).toEqual(['D017_GPKG_WGS84G']);
    const [admin] = await listDownloads(url, { http, dataset: 'admin express cog edition' });
    expect(admin?.dataset.identifierCode).toBe('ADMIN-EXPRESS-COG');
    const error = await listDownloads(url, { http, dataset: 'BD ORTHO' }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'input')).toBe(true);
    expect(String((error as Error).message)).toMatch(/No dataset "BD ORTHO"/);
  });

  it('defaults to the Géoplateforme download capabilities under the configured endpoint', async () => {
    const error = await listDownloads(undefined, { http, endpoints: { download: `${server.url}/nothing-here` } }).catch(
      (caught: unknown) => caught,
    );
    expect(isJumeauError(error, 'http')).toBe(true);
    expect(server.requests.at(-1)?.url.pathname).toBe('/nothing-here/capabilities');
  });
});

testCatalogSource('INSPIRE Atom download service', {
  source: () => createAtomSource(createHttpClient({ rateLimits: [] }), `${server.url}/telechargement/atom/service.xml`),
  query: { text: 'territoire', pageSize: 1 },
  get knownRecord() {
    return { id: `${server.url}/telechargement/atom/BDTOPO.xml`, title: 'BD TOPO® — Charente-Maritime' };
  },
  pages: true,
});

describe('createAtomSource', () => {
  it('finds a dataset record by its INSPIRE identifier code, with its dataset feed and metadata links', async () => {
    const source = createAtomSource(http, `${server.url}/telechargement/atom/service.xml`);
    const record = await source.getRecord('RGEALTI');
    expect(record).toMatchObject({ source: 'atom', title: 'RGE ALTI® 1 m', type: 'dataset', vintage: '2025' });
    expect(record.onlineResources.map((resource) => resource.protocol)).toEqual(['INSPIRE Atom', 'describedby']);
    const page = await source.search({ text: 'BD TOPO', bbox: [-1.3, 45.9, -1.2, 46] });
    expect(page.records.map((found) => found.title)).toEqual(['BD TOPO® — Charente-Maritime']);
  });
});

describe('downloadResource / downloadFile: stream to disk, resume with Range, check sizes', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'jumeau-atom-'));
    server.fault = 'none';
    server.requests.length = 0;
    return () => rmSync(directory, { recursive: true, force: true });
  });
  const fileUrl = (name: string) => `${server.url}/telechargement/download/${name}`;
  const GPKG = 'BDTOPO_3-4_TOUSTHEMES_GPKG_LAMB93_D017_2026-03-15.7z';
  const fast = { retry: { baseDelayMilliseconds: 1, maximumDelayMilliseconds: 5 } };

  it('downloads every section of a split resource, byte for byte, with monotonic progress', async () => {
    const [topo] = await listDownloads(`${server.url}/telechargement/atom/service.xml`, { http, dataset: 'BDTOPO' });
    const resource = topo?.resources[1];
    if (!resource) throw new Error('no resource');
    const progress: number[] = [];
    const results = await downloadResource(resource, directory, { onProgress: (event) => progress.push(event.bytesWritten) });
    expect(results.map((result) => result.bytes)).toEqual(resource.files.map((file) => file.sizeBytes));
    for (const file of resource.files) {
      const name = downloadFileName(file.url);
      expect(sha256(readFileSync(join(directory, name)))).toBe(sha256(fileBytes(name)));
    }
    expect(progress.at(-1)).toBe(resource.sizeBytes);
    expect(progress.every((value, index) => index === 0 || value >= (progress[index - 1] as number))).toBe(true);
  });

  it('resumes a body cut midway with a Range request for the rest only', async () => {
    server.fault = 'cut-midway';
    const path = join(directory, GPKG);
    const result = await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG], ...fast });
    expect(result.attempts).toBe(2);
    const ranges = server.requests.map((request) => request.headers.range);
    expect(ranges[0]).toBeUndefined();
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(String(ranges[1]))?.[0])).toBeGreaterThan(0);
    expect(server.requests[1]?.headers['if-range']).toBe('"v1"');
    expect(sha256(readFileSync(path))).toBe(sha256(fileBytes(GPKG)));
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('does the same through a given fetch, and follows redirects with the Range header', async () => {
    server.fault = 'cut-midway';
    const path = join(directory, GPKG);
    const viaFetch = await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG], fetch: globalThis.fetch, ...fast });
    expect(viaFetch.attempts).toBe(2);
    expect(sha256(readFileSync(path))).toBe(sha256(fileBytes(GPKG)));

    server.requests.length = 0;
    writeFileSync(`${path}.part`, fileBytes(GPKG).subarray(0, 5000));
    const redirected = await downloadFile(`${server.url}/telechargement/redirect/${GPKG}`, path, { expectedBytes: FILE_SIZES[GPKG] });
    expect(redirected.resumedFromBytes).toBe(5000);
    expect(server.requests.map((request) => [request.url.pathname.split('/')[2], request.headers.range])).toEqual([
      ['redirect', 'bytes=5000-'],
      ['download', 'bytes=5000-'],
    ]);
    expect(sha256(readFileSync(path))).toBe(sha256(fileBytes(GPKG)));
  });

  it('continues the .part an earlier call left, and starts again when the server ignores Range', async () => {
    const path = join(directory, GPKG);
    writeFileSync(`${path}.part`, fileBytes(GPKG).subarray(0, 100_000));
    const resumed = await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG] });
    expect(resumed).toMatchObject({ resumedFromBytes: 100_000, bytes: 300_000, attempts: 1 });
    expect(server.requests[0]?.headers.range).toBe('bytes=100000-');
    expect(sha256(readFileSync(path))).toBe(sha256(fileBytes(GPKG)));

    writeFileSync(`${path}.part`, new Uint8Array(100_000).fill(7)); // stale bytes: the server answers 200
    server.fault = 'ignore-range';
    await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG] });
    expect(sha256(readFileSync(path))).toBe(sha256(fileBytes(GPKG)));
  });

  it('waits out a 503 with Retry-After, and finishes a .part already complete without a byte', async () => {
    server.fault = 'busy-503';
    const path = join(directory, GPKG);
    await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG], ...fast });
    expect(server.requests.map((request) => request.url.pathname.endsWith(GPKG))).toEqual([true, true]);
    writeFileSync(`${path}.part`, fileBytes(GPKG));
    const again = await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG] });
    expect(again).toMatchObject({ bytes: 300_000, resumedFromBytes: 300_000 });
    expect(statSync(path).size).toBe(300_000);
  });

  it('refuses a size that differs from the feed, an absurd size before any request, and bytes past the announced size', async () => {
    const path = join(directory, GPKG);
    server.fault = 'wrong-length';
    const mismatch = await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG] }).catch((caught: unknown) => caught);
    expect(isJumeauError(mismatch, 'format')).toBe(true);
    expect(String((mismatch as Error).message)).toMatch(/the server has 300001 bytes, the catalogue announced 300000/);
    expect(existsSync(path)).toBe(false);

    server.requests.length = 0;
    const absurd = await downloadFile(fileUrl(GPKG), path, { expectedBytes: 2 ** 50 }).catch((caught: unknown) => caught);
    expect(isJumeauError(absurd, 'too-large')).toBe(true);
    expect(server.requests).toHaveLength(0);

    server.fault = 'more-than-announced';
    const more = await downloadFile(fileUrl(GPKG), join(directory, 'more.7z'), { expectedBytes: FILE_SIZES[GPKG] }).catch(
      (caught: unknown) => caught,
    );
    expect(isJumeauError(more, 'too-large')).toBe(true);
    expect(existsSync(join(directory, 'more.7z'))).toBe(false);
  });

  it('stops on abort with an "aborted" error and keeps the .part for later', async () => {
    const controller = new AbortController();
    const path = join(directory, GPKG);
    const error = await downloadFile(fileUrl(GPKG), path, {
      signal: controller.signal,
      onProgress: ({ bytesWritten }) => bytesWritten > 0 && controller.abort(new Error('user cancelled')),
    }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'aborted')).toBe(true);
    expect(existsSync(path)).toBe(false);
    const kept = statSync(`${path}.part`).size;
    expect(kept).toBeGreaterThan(0);
    const finished = await downloadFile(fileUrl(GPKG), path, { expectedBytes: FILE_SIZES[GPKG] });
    expect(finished.resumedFromBytes).toBe(kept);
    expect(sha256(readFileSync(path))).toBe(sha256(fileBytes(GPKG)));
  });

  it('names files after the URL and refuses names that would escape the folder', () => {
    expect(downloadFileName('https://x.fr/telechargement/download/A%20B.7z?x=1')).toBe('A B.7z');
    expect(downloadFileName('https://x.fr/a/..%2F..%2Fetc%2Fpasswd')).toBe('.._.._etc_passwd');
    expect(() => downloadFileName('https://x.fr/')).toThrow(/Cannot name a file/);
  });
});
