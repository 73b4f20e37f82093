import { readFileSync } from 'node:fs';
import { featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, fetchFeatures, fetchOgcFeatures, fetchWfsFeatures } from '../src/index.js';
import { fixture } from './support/fixtures.js';
import { send, startLocalServer, type LocalServer } from './support/local-server.js';
import { COMMUNES_17 } from './support/mapserver.js';

type Feature = { type: 'Feature'; id?: string; geometry: unknown; properties: { code: string; nom: string } };
const communes = (JSON.parse(readFileSync(COMMUNES_17, 'utf8')) as { features: Feature[] }).features.map((feature) => ({
  ...feature,
  id: feature.properties.code,
}));
const http = createHttpClient({ rateLimits: [], retry: { baseDelayMilliseconds: 2, maximumDelayMilliseconds: 10 } });

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    const path = request.url.pathname;
    if (path === '/apicarto/wfs') return send(response, 200, 'application/json', fixture('apicarto/cadastre-parcelle-41231-0A-0075.json'));
    if (path === '/apicarto/empty') return send(response, 200, 'application/json', fixture('apicarto/cadastre-parcelle-empty.json'));
    // An OGC API over the real communes whose second page's `next` link points to itself.
    if (path.endsWith('/items')) {
      const offset = Number(request.url.searchParams.get('offset') ?? '0');
      const limit = Number(request.url.searchParams.get('limit'));
      const matched = !path.includes('unannounced');
      const nextOffset = offset === 100 ? 100 : offset + limit;
      const next = new URL(request.url.toString().replace('http://127.0.0.1', `http://${request.headers.host}`));
      next.searchParams.set('offset', String(nextOffset));
      const body = {
        type: 'FeatureCollection',
        features: communes.slice(offset, offset + limit),
        ...(matched ? { numberMatched: communes.length } : {}),
        links: [{ rel: 'next', href: next.toString(), type: 'application/geo+json' }],
      };
      return send(response, 200, 'application/geo+json', JSON.stringify(body));
    }
    send(response, 404, 'text/plain', 'not found');
  });
});
afterAll(() => server.close());

describe('GeoServer WFS GeoJSON envelope (API Carto recording)', () => {
  it('reads numberMatched/totalFeatures, ids and a MultiPolygon into Arrow', async () => {
    const table = await fetchWfsFeatures(http, `${server.url}/apicarto/wfs`, {
      typeName: 'CADASTRALPARCELS.PARCELLAIRE_EXPRESS:parcelle',
      crs: 'CRS:84',
    });
    expect(table.numRows).toBe(1);
    const [feature] = featureTableToGeoJSON(table).features;
    expect(feature?.properties).toMatchObject({ id: 'parcelle.82599765', code_insee: '41231', section: '0A', numero: '0075' });
    expect(feature?.geometry?.type).toBe('MultiPolygon');
  });

  it('reads an empty answer (numberMatched 0, crs null)', async () => {
    const table = await fetchWfsFeatures(http, `${server.url}/apicarto/empty`, { typeName: 'x' });
    expect(table.numRows).toBe(0);
  });

  it('sends a CQL filter by POST, out of the URL', async () => {
    const where = `code_insee IN (${Array.from({ length: 400 }, (_, index) => `'${41000 + index}'`).join(',')})`;
    await fetchWfsFeatures(http, `${server.url}/apicarto/wfs`, {
      typeName: 'CADASTRALPARCELS.PARCELLAIRE_EXPRESS:parcelle',
      cqlFilter: where,
    });
    const request = server.requests.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.url.search).toBe('');
    expect(new URLSearchParams(request?.body).get('CQL_FILTER')).toBe(where);
    expect(new URLSearchParams(request?.body).get('STARTINDEX')).toBe('0');
  });

  it('refuses a page size above the Géoplateforme’s 5000', async () => {
    const error = await fetchWfsFeatures(http, `${server.url}/apicarto/wfs`, { typeName: 'x', pageSize: 10_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(isJumeauError(error, 'input')).toBe(true);
    expect((error as Error).message).toMatch(/pageSize: at most 5000/);
  });
});

describe('OGC API next link that loops', () => {
  it('is a format error, not a hang, when features are still missing', async () => {
    const error = await fetchOgcFeatures(http, `${server.url}/loop`, { collection: 'communes', pageSize: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(isJumeauError(error, 'format')).toBe(true);
    expect((error as Error).message).toMatch(/loops back to a page already read, after 200 of 466 features/);
  });

  it('stops without duplicates when the server does not announce a total', async () => {
    const table = await fetchFeatures(`${server.url}/loop-unannounced/ogcapi`, { http, layer: 'communes', pageSize: 100 });
    const codes = featureTableToGeoJSON(table).features.map((feature) => feature.properties?.code);
    expect(codes).toEqual(communes.slice(0, 200).map((feature) => feature.properties.code));
  });
});
