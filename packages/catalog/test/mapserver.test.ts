import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { featureTableToGeoJSON, isJumeauError, type FeatureTable } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countWfsFeatures,
  createHttpClient,
  fetchFeatures,
  fetchWmsGrid,
  fetchWfsFeatures,
  listLayers,
  parseXmlResponse,
  readIsoRecord,
  streamFeatures,
  type HttpClient,
} from '../src/index.js';
import { path } from '../src/ogc/xml.js';
import { send, startLocalServer, type LocalServer } from './support/local-server.js';
import { COMMUNES_17, OLERON_DEM, mapServerAvailable, startMapServer, type MapServer } from './support/mapserver.js';

// The reference: the 466 INSEE codes of the source file the MapServer data was converted from.
const sourceCodes = (JSON.parse(readFileSync(COMMUNES_17, 'utf8')) as { features: { properties: { code: string } }[] }).features.map(
  (feature) => feature.properties.code,
);

let mapServer: MapServer;
let http: HttpClient;
beforeAll(async () => {
  mapServer = await startMapServer();
  http = createHttpClient({ rateLimits: [], retry: { baseDelayMilliseconds: 5, maximumDelayMilliseconds: 20 } });
});
afterAll(() => mapServer?.stop());

function codesOf(table: FeatureTable): string[] {
  return featureTableToGeoJSON(table).features.map((feature) => String(feature.properties?.code));
}

describe.runIf(mapServerAvailable())('WFS 2.0 against MapServer 8 (466 real communes of Charente-Maritime)', () => {
  it('pages everything with COUNT/STARTINDEX: every commune once', async () => {
    const progress: number[] = [];
    const table = await fetchWfsFeatures(http, mapServer.owsUrl, {
      typeName: 'communes',
      crs: 'EPSG:2154',
      pageSize: 100,
      onProgress: (step) => progress.push(step.featuresLoaded),
    });
    expect(table.numRows).toBe(466);
    expect(codesOf(table).sort()).toEqual([...sourceCodes].sort());
    expect(progress).toEqual([100, 200, 300, 400, 466]);
  });

  it('matches ogr2ogr on the coordinates (Lambert-93, same commune)', async () => {
    const table = await fetchFeatures(mapServer.owsUrl, { http, layer: 'communes', crs: 'EPSG:2154', pageSize: 500 });
    const ours = featureTableToGeoJSON(table).features.find((feature) => feature.properties?.code === '17486');
    const reference = JSON.parse(
      execFileSync('ogr2ogr', [
        '-f',
        'GeoJSON',
        '/vsistdout/',
        join(mapServer.directory, 'data', 'communes.shp'),
        '-where',
        "code = '17486'",
      ]).toString(),
    ) as { features: { geometry: { coordinates: number[][][] } }[] };
    // Compare the flat coordinate lists (MapServer may write a Polygon as a one-part MultiPolygon).
    const referenceGeometry = reference.features[0]?.geometry as { coordinates: unknown[] };
    const ourGeometry = ours?.geometry as { coordinates: unknown[] };
    const expected = referenceGeometry.coordinates.flat(Number.POSITIVE_INFINITY) as number[];
    const actual = ourGeometry.coordinates.flat(Number.POSITIVE_INFINITY) as number[];
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBeGreaterThan(20);
    for (let index = 0; index < expected.length; index++)
      expect(Math.abs((actual[index] as number) - (expected[index] as number))).toBeLessThan(0.01);
  });

  it('counts with RESULTTYPE=hits and filters by bbox like OGR does', async () => {
    expect(await countWfsFeatures(http, mapServer.owsUrl, { typeName: 'communes' })).toBe(466);
    const bbox = [370000, 6540000, 390000, 6560000] as const; // Île d'Oléron and the coast
    const hits = await countWfsFeatures(http, mapServer.owsUrl, { typeName: 'communes', bbox, bboxCrs: 'EPSG:2154' });
    const ogr = execFileSync('ogrinfo', [
      '-ro',
      '-so',
      '-spat',
      ...bbox.map(String),
      join(mapServer.directory, 'data', 'communes.shp'),
      'communes',
    ]).toString();
    expect(hits).toBe(Number(/Feature Count: (\d+)/.exec(ogr)?.[1]));
    const table = await fetchFeatures(mapServer.owsUrl, { http, layer: 'communes', bbox, bboxCrs: 'EPSG:2154', crs: 'EPSG:2154' });
    expect(table.numRows).toBe(hits);
  });

  it('surfaces MapServer’s exception for an unknown type name', async () => {
    const error = await fetchWfsFeatures(http, mapServer.owsUrl, { typeName: 'nope' }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'http')).toBe(true);
    expect((error as Error).message).toMatch(/nope/);
  });

  it('loses and repeats nothing when pages fail, are cut short or come back malformed', async () => {
    const proxy = await startFaultProxy(mapServer.owsUrl);
    try {
      const table = await fetchWfsFeatures(http, `${proxy.url}/wfs`, { typeName: 'communes', pageSize: 100 });
      expect(codesOf(table).sort()).toEqual([...sourceCodes].sort());
      const startIndexes = proxy.requests.map((request) => request.url.searchParams.get('STARTINDEX'));
      expect(startIndexes).toEqual(['0', '100', '100', '200', '200', '300', '300', '400']);
    } finally {
      await proxy.close();
    }
  });
});

describe.runIf(mapServerAvailable())('OGC API Features against MapServer 8', () => {
  it('lists collections and pages items by next links to the same 466 communes', async () => {
    const layers = await listLayers(mapServer.ogcApiUrl, { http });
    expect(layers.map((layer) => layer.name)).toEqual(expect.arrayContaining(['communes', 'communes_gpkg']));
    const pages: number[] = [];
    for await (const page of streamFeatures(mapServer.ogcApiUrl, { http, layer: 'communes', pageSize: 150 }))
      pages.push(page.features.length);
    expect(pages).toEqual([150, 150, 150, 16]);
    const table = await fetchFeatures(mapServer.ogcApiUrl, { http, layer: 'communes', pageSize: 150 });
    expect(codesOf(table).sort()).toEqual([...sourceCodes].sort());
  });

  it('refuses to lose features on a layer whose offset MapServer 8.0 ignores (GeoPackage)', async () => {
    const error = await fetchFeatures(mapServer.ogcApiUrl, { http, layer: 'communes_gpkg', pageSize: 200 }).catch(
      (caught: unknown) => caught,
    );
    expect(isJumeauError(error, 'format')).toBe(true);
    expect((error as Error).message).toMatch(/repeats 200 features already loaded/);
  });
});

describe.runIf(mapServerAvailable())('ISO 19139 layer metadata from MapServer', () => {
  it('reads MapServer’s GetMetadata answer into a record', async () => {
    const response = await http.request({ url: `${mapServer.owsUrl}&REQUEST=GetMetadata&LAYER=communes` });
    const record = readIsoRecord(path(parseXmlResponse(response, 'GetMetadata'), 'MD_Metadata') ?? {});
    expect(record.title).toBe('Communes de Charente-Maritime (ADMIN EXPRESS-COG 2018)');
    expect(record.abstract).toMatch(/^466 communes/);
    expect(record.keywords).toEqual(expect.arrayContaining(['communes', 'Charente-Maritime']));
    expect(record.onlineResources.length).toBeGreaterThan(0);
  });
});

describe.runIf(mapServerAvailable())('WMS GetMap image/geotiff → Grid', () => {
  it('reads the DEM window cell for cell as GDAL does', async () => {
    // The reference: GDAL's own read of a 100 × 80 window of the Oléron DEM (columns 100–199, rows 200–279).
    const ascii = execFileSync('gdal_translate', [
      '-q',
      '-srcwin',
      '100',
      '200',
      '100',
      '80',
      '-of',
      'AAIGrid',
      OLERON_DEM,
      '/vsistdout/',
    ]).toString();
    const [header, body] = [ascii.split('\n').slice(0, 6), ascii.split('\n').slice(6).join(' ')];
    const headerValue = (key: string) => Number(header.find((line) => line.startsWith(key))?.split(/\s+/)[1]);
    const minX = headerValue('xllcorner');
    const minY = headerValue('yllcorner');
    const reference = body.trim().split(/\s+/).slice(0, 8000).map(Number);
    const grid = await fetchWmsGrid(http, mapServer.owsUrl, {
      layer: 'dem',
      crs: 'EPSG:2154',
      bbox: [minX, minY, minX + 2000, minY + 1600],
      widthPixels: 100,
      heightPixels: 80,
    });
    expect(grid.transform).toEqual([minX, 20, 0, minY + 1600, 0, -20]);
    expect(grid.crs).toBe(2154);
    expect(Array.from(grid.data)).toEqual(reference.map((value) => Math.fround(value)));
  });

  it('lists WMS layers from the endpoint', async () => {
    const layers = await listLayers(`${mapServer.owsUrl}&SERVICE=WMS`, { http });
    expect(layers.map((layer) => layer.name)).toEqual(expect.arrayContaining(['communes', 'dem']));
    expect(layers.find((layer) => layer.name === 'dem')?.crs).toContain('EPSG:2154');
  });

  it('refuses an absurd size before requesting', async () => {
    const before = 0;
    const error = await fetchWmsGrid(http, mapServer.owsUrl, {
      layer: 'dem',
      crs: 'EPSG:2154',
      bbox: [0, 0, 1, 1],
      widthPixels: 1_000_000,
      heightPixels: 1_000_000,
    }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'too-large')).toBe(true);
    expect(before).toBe(0);
  });
});

/** Forwards to MapServer; fails the first request of pages 2, 3 and 4 (503, a cut body, malformed JSON). */
function startFaultProxy(target: string): Promise<LocalServer> {
  const failed = new Set<string>();
  return startLocalServer(async (request, response) => {
    const upstream = new URL(target);
    for (const [key, value] of request.url.searchParams) upstream.searchParams.set(key, value);
    const startIndex = request.url.searchParams.get('STARTINDEX') ?? '0';
    const fault = { '100': 'status', '200': 'truncate', '300': 'malformed' }[startIndex];
    if (fault && !failed.has(startIndex)) {
      failed.add(startIndex);
      if (fault === 'status') return send(response, 503, 'text/plain', 'Service Unavailable');
      if (fault === 'malformed') return send(response, 200, 'application/json', '{"type":"FeatureCollection","features":[{"type":"Fea');
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
      response.write('{"type":"FeatureCollection","features":[');
      return void response.socket?.destroy();
    }
    const answer = await fetch(upstream);
    send(response, answer.status, answer.headers.get('content-type') ?? 'application/json', new Uint8Array(await answer.arrayBuffer()));
  });
}
