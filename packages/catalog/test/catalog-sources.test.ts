import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autocompleteSearchIndex,
  createCswSource,
  createDataGouvSource,
  createHttpClient,
  createSearchIndexSource,
  createStacSource,
  getDataGouvOrganization,
  getDataGouvResource,
  searchCatalog,
  type HttpClient,
} from '../src/index.js';
import { testCatalogSource } from './support/catalog-source-suite.js';
import { startGeoplateformeServer } from './support/geoplateforme-server.js';
import type { LocalServer } from './support/local-server.js';

let server: LocalServer;
let http: HttpClient;
beforeAll(async () => {
  server = await startGeoplateformeServer();
  http = createHttpClient({ rateLimits: [] });
});
afterAll(() => server.close());

testCatalogSource('CSW 2.0.2 (GeoNetwork recordings)', {
  source: () => createCswSource(http, { endpoint: `${server.url}/csw` }),
  query: { text: 'eau', pageSize: 10 },
  knownRecord: { id: '955c3e47-411e-4969-b61b-3556d1b9f879', title: 'Cadastre 2018 en Bretagne' },
  pages: true,
});
testCatalogSource('Géoplateforme search index (IGN examples)', {
  source: () => createSearchIndexSource(http, `${server.url}/recherche/api/indexes/geoplateforme`),
  query: { text: 'bd topo' },
  knownRecord: { id: '4c2afe00-d2a4-4536-a254-e4025aa8daf7', title: 'Routes de non communication 971' },
  pages: false,
});
testCatalogSource('data.gouv.fr API v1', {
  source: () => createDataGouvSource(http, `${server.url}/api`),
  query: { text: 'catalogue', pageSize: 1 },
  knownRecord: { id: '5d13a8b6634f41070a43dff3', title: 'Catalogue des données de data.gouv.fr' },
  pages: true,
});
testCatalogSource('STAC API (LiDAR HD virtual point cloud)', {
  source: () => createStacSource(http, `${server.url}/stac`),
  query: { bbox: [1.4, 43.4, 1.6, 43.7] },
  knownRecord: { id: 'LHD_FXX_0636_6934_PTS_LAMB93_IGN69.copc', title: 'LHD_FXX_0636_6934_PTS_LAMB93_IGN69.copc' },
  pages: false,
});

describe('CSW records', () => {
  it('reads GetRecords paging: 965 matched, next at 11, then the last page ends', async () => {
    const csw = createCswSource(http, { endpoint: `${server.url}/csw` });
    const first = await csw.search({ text: 'eau', bbox: [1.3, 49.0, 4.3, 50.4], keywords: ['Hydrographie'], pageSize: 10 });
    expect(first.totalMatched).toBe(965);
    expect(first.next).toBe('11');
    expect(first.records[1]?.title).toBe(
      "États quantitatif et chimique 2010-2011 des masses d'eau souterraines - partie picardie du bassin Artois-Picardie",
    );
    expect(first.records[1]?.keywords).toEqual(['Hydrographie', 'environment']);
    const body = server.requests.at(-1)?.body ?? '';
    expect(body).toContain('<ogc:Literal>%eau%</ogc:Literal>');
    expect(body).toContain('<gml:lowerCorner>49 1.3</gml:lowerCorner>');
    expect(body).toContain('<ogc:Literal>Hydrographie</ogc:Literal>');
    const last = await csw.search({ text: 'eau', pageSize: 10, cursor: first.next });
    expect(last.next).toBeUndefined();
  });

  it('parses an ISO 19139 record: title, dates, extent, licence, lineage, online resources', async () => {
    const record = await createCswSource(http, { endpoint: `${server.url}/csw` }).getRecord('955c3e47-411e-4969-b61b-3556d1b9f879');
    expect(record.extent).toEqual([-5.23515625, 46.755859375, -1.1921875, 49.30468750000001]);
    expect(record.dates.revision).toMatch(/^2018/);
    expect(record.vintage).toBe('2018');
    expect(record.licence).toMatch(/DGFIP/);
    expect(record.keywords).toContain('parcelles cadastrales');
    expect(record.onlineResources.map((resource) => resource.protocol)).toEqual(['WWW:LINK-1.0-http--link', 'WWW:LINK-1.0-http--related']);
    expect(record.lineage).toMatch(/^Les plans cadastraux au format vecteur/);
  });

  it('parses a Dublin Core record', async () => {
    const record = await createCswSource(http, { endpoint: `${server.url}/csw`, outputSchema: 'dublin-core' }).getRecord('x');
    expect(record.title).toMatch(/Courbes de niveau/i);
    expect(record.onlineResources.length).toBeGreaterThan(0);
  });
});

describe('Géoplateforme search index', () => {
  it('resolves the documentation placeholders into real service URLs', async () => {
    const { records } = await createSearchIndexSource(http, `${server.url}/recherche/api/indexes/geoplateforme`).search({
      text: 'bd topo',
    });
    expect(records[0]?.onlineResources[0]).toEqual({
      url: 'https://data.geopf.fr/wms-v?service=WMS&version=1.3.0&request=DescribeLayer&layers=bdtopo_971',
      protocol: 'OGC:WMS',
      name: 'bdtopo_971',
      description: undefined,
    });
    expect(records[0]?.vintage).toBe('2023');
  });

  it('filters by keyword through the POST search', async () => {
    const { records } = await createSearchIndexSource(http, `${server.url}/recherche/api/indexes/geoplateforme`).search({
      keywords: ['Routes'],
    });
    expect(records.map((record) => record.type)).toEqual(['WFS', 'WFS']);
    expect(JSON.parse(server.requests.at(-1)?.body ?? '{}')).toEqual({ keywords: ['Routes'] });
  });

  it('autocompletes words', async () => {
    const words = await autocompleteSearchIndex(http, 'rout de communiation', {
      base: `${server.url}/recherche/api/indexes/geoplateforme`,
    });
    expect(words.find((word) => word.text === 'rout')?.options).toContain('route');
  });
});

describe('data.gouv.fr', () => {
  it('turns a dataset into a record with its 8 resources and licence', async () => {
    const record = await createDataGouvSource(http, `${server.url}/api`).getRecord('5d13a8b6634f41070a43dff3');
    expect(record.onlineResources).toHaveLength(8);
    expect(record.licence).toBe('lov2');
  });

  it('reads organisations and v2 resources', async () => {
    const organization = await getDataGouvOrganization(http, 'x', { api: `${server.url}/api` });
    expect(organization.name).toBeTruthy();
    const { resource, datasetId } = await getDataGouvResource(http, 'aaaaaaaa-1111-bbbb-2222-cccccccccccc', { api: `${server.url}/api` });
    expect(resource.id).toBe('aaaaaaaa-1111-bbbb-2222-cccccccccccc');
    expect(datasetId).toBeTruthy();
  });

  it('refuses a cursor that points to another host', async () => {
    const error = await createDataGouvSource(http, `${server.url}/api`)
      .search({ cursor: 'https://evil.example/api/1/datasets/?page=2' })
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/outside/);
  });
});

describe('searchCatalog', () => {
  it('routes to a named source with endpoint overrides', async () => {
    const page = await searchCatalog({ text: 'catalogue', source: 'datagouv' }, { http, dataGouvApi: `${server.url}/api` });
    expect(page.records[0]?.source).toBe('datagouv');
    const csw = await searchCatalog({ text: 'eau' }, { http, endpoints: { csw: `${server.url}/csw` } });
    expect(csw.totalMatched).toBe(965);
  });

  it('rejects an unknown source name', async () => {
    await expect(searchCatalog({ text: 'x', source: 'nowhere' })).rejects.toThrow(/Unknown catalogue source "nowhere"/);
  });
});
