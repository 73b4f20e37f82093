import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cql2Filter, createHttpClient, ecqlText, fesFilter, fetchFeatures, fetchWfsFeatures, parseXml } from '../src/index.js';
import { send, startLocalServer, type LocalServer } from './support/local-server.js';
import { COMMUNES_17, mapServerAvailable, startMapServer, type MapServer } from './support/mapserver.js';

type Commune = { properties: { code: string; nom: string } };
const communes = (JSON.parse(readFileSync(COMMUNES_17, 'utf8')) as { features: Commune[] }).features.map((feature) => feature.properties);
const http = createHttpClient({ rateLimits: [], retry: { baseDelayMilliseconds: 2, maximumDelayMilliseconds: 10 } });
const codesOf = (table: Parameters<typeof featureTableToGeoJSON>[0]): string[] =>
  featureTableToGeoJSON(table)
    .features.map((feature) => String((feature.properties as { code: string }).code))
    .sort();

describe('fesFilter writes OGC Filter Encoding 2.0 (ISO 19143)', () => {
  it('writes comparisons, logic, like, in, between, null and spatial operators as well-formed XML', () => {
    const filter: Cql2Filter = {
      op: 'and',
      filters: [
        { op: '=', property: 'code', value: "17'<&>" },
        { op: 'not', filter: { op: 'isNull', property: 'nom' } },
        { op: 'like', property: 'nom', pattern: 'Saint-%' },
        { op: 'in', property: 'code', values: ['17300', '17306'] },
        { op: 'between', property: 'population', lower: 10, upper: 2.5e3 },
        { op: 'intersects', property: 'geom', geometry: { bbox: [-1.4, 45.8, -1.1, 46.1] } },
        {
          op: 'intersects',
          property: 'geom',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        },
      ],
    };
    const xml = fesFilter(filter);
    const root = parseXml(xml, 'FES filter') as Record<string, unknown>;
    const and = (root.Filter as Record<string, Record<string, unknown>>).And as Record<string, unknown>;
    expect(Object.keys(and)).toEqual(['PropertyIsEqualTo', 'Not', 'PropertyIsLike', 'Or', 'PropertyIsBetween', 'BBOX', 'Intersects']);
    expect((and.PropertyIsEqualTo as Record<string, unknown>).Literal).toBe("17'<&>");
    expect(xml).toContain('<gml:lowerCorner>-1.4 45.8</gml:lowerCorner><gml:upperCorner>-1.1 46.1</gml:upperCorner>');
    expect(xml).toContain(
      '<gml:Polygon srsName="urn:ogc:def:crs:OGC:1.3:CRS84"><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList>',
    );
    expect(xml).toContain(
      '<fes:LowerBoundary><fes:Literal>10</fes:Literal></fes:LowerBoundary><fes:UpperBoundary><fes:Literal>2500</fes:Literal>',
    );
  });

  it('refuses what is not a property name, non-finite numbers and empty lists, with an input error', () => {
    const bad: Cql2Filter[] = [
      { op: '=', property: 'code</fes:ValueReference>', value: 1 },
      { op: '>', property: 'population', value: Number.NaN },
      { op: 'in', property: 'code', values: [] },
      { op: 'or', filters: [] },
    ];
    for (const filter of bad) {
      let caught: unknown;
      try {
        fesFilter(filter);
      } catch (error) {
        caught = error;
      }
      expect(isJumeauError(caught, 'input'), JSON.stringify(filter)).toBe(true);
    }
  });
});

describe('ecqlText writes GeoServer ECQL for CQL_FILTER', () => {
  it('uses BBOX(property, …), INTERSECTS and bare ISO instants', () => {
    expect(
      ecqlText({
        op: 'and',
        filters: [
          { op: '=', property: 'insee_dep', value: '17' },
          { op: 'intersects', property: 'geometrie', geometry: { bbox: [-1.4, 45.8, -1.1, 46.1] } },
          { op: '>=', property: 'date_creation', value: new Date('2010-02-28T00:00:00Z') },
          { op: 'intersects', property: 'geometrie', geometry: { type: 'Point', coordinates: [-1.2, 45.9] } },
        ],
      }),
    ).toBe(
      "(insee_dep = '17' AND BBOX(geometrie, -1.4, 45.8, -1.1, 46.1) AND date_creation >= 2010-02-28T00:00:00.000Z AND INTERSECTS(geometrie, POINT(-1.2 45.9)))",
    );
    expect(ecqlText({ op: 'like', property: 'nom', pattern: "L'Île%" })).toBe("nom LIKE 'L''Île%'");
  });
});

describe('a typed filter on a WFS goes as FILTER, by POST', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer((_request, response) =>
      send(response, 200, 'application/json', JSON.stringify({ type: 'FeatureCollection', features: [], numberMatched: 0 })),
    );
  });
  afterAll(() => server.close());

  it('sends the FES document in the form body, never in the URL', async () => {
    const filter: Cql2Filter = { op: '=', property: 'code', value: '17300' };
    await fetchWfsFeatures(http, `${server.url}/wfs`, { typeName: 'communes', filter });
    const request = server.requests.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.url.search).toBe('');
    expect(new URLSearchParams(request?.body).get('FILTER')).toBe(fesFilter(filter));
  });

  it('refuses a raw cqlFilter and a typed filter together', async () => {
    const error = await fetchWfsFeatures(http, `${server.url}/wfs`, {
      typeName: 'communes',
      cqlFilter: "code='1'",
      filter: { op: 'isNull', property: 'code' },
    }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'input')).toBe(true);
  });
});

describe.runIf(mapServerAvailable())('typed filters against the real MapServer 8 WFS (466 communes of Charente-Maritime)', () => {
  let mapServer: MapServer;
  beforeAll(async () => {
    mapServer = await startMapServer();
  });
  afterAll(() => mapServer?.stop());

  it('an equality returns exactly that commune', async () => {
    const table = await fetchFeatures(mapServer.owsUrl, { http, layer: 'communes', filter: { op: '=', property: 'code', value: '17300' } });
    expect(codesOf(table)).toEqual(['17300']);
  });

  it('like, in, or and not return the same communes as the source file read directly', async () => {
    const cases: [Cql2Filter, (commune: { code: string; nom: string }) => boolean][] = [
      [{ op: 'like', property: 'nom', pattern: 'Saint-Georges%' }, (commune) => commune.nom.startsWith('Saint-Georges')],
      [
        { op: 'in', property: 'code', values: ['17337', '17286', '17093'] },
        (commune) => ['17337', '17286', '17093'].includes(commune.code),
      ],
      [
        {
          op: 'and',
          filters: [
            { op: 'like', property: 'nom', pattern: 'Saint-%' },
            { op: 'not', filter: { op: 'like', property: 'nom', pattern: '%Oléron%' } },
          ],
        },
        (commune) => commune.nom.startsWith('Saint-') && !commune.nom.includes('Oléron'),
      ],
    ];
    for (const [filter, keep] of cases) {
      const table = await fetchWfsFeatures(http, mapServer.owsUrl, { typeName: 'communes', filter, pageSize: 200 });
      const expected = communes
        .filter(keep)
        .map((commune) => commune.code)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(codesOf(table), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('a CRS84 box returns the communes ogrinfo -spat finds in the source file', async () => {
    const box = [-1.42, 45.8, -1.2, 45.98] as const;
    const table = await fetchWfsFeatures(http, mapServer.owsUrl, {
      typeName: 'communes',
      filter: { op: 'intersects', property: 'msGeometry', geometry: { bbox: box } },
    });
    const listing = execFileSync(
      'ogrinfo',
      ['-q', '-spat', ...box.map(String), COMMUNES_17, '-sql', 'SELECT code FROM "communes-17-charente-maritime"'],
      {
        encoding: 'utf8',
      },
    );
    const expected = [...listing.matchAll(/code \(String\) = (\d+)/g)].map((match) => match[1] as string).sort();
    expect(expected.length).toBeGreaterThan(3);
    expect(codesOf(table)).toEqual(expected);
  });
});
