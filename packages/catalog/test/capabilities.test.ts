import { isJumeauError } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  listLayers,
  parseXml,
  readWfsCapabilities,
  readWmsCapabilities,
  readWmtsCapabilities,
  wmtsTileUrlTemplate,
} from '../src/index.js';
import { fixture } from './support/fixtures.js';
import { startGeoplateformeServer } from './support/geoplateforme-server.js';
import type { LocalServer } from './support/local-server.js';

const wfsText = fixture('wfs/getcapabilities-featuretypelist.xml');
const wmtsText = fixture('wmts/getcapabilities.xml');
const wmsText = fixture('wms-r/getcapabilities.xml');
// Independent counts straight from the text, as the reference.
const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('Géoplateforme WFS capabilities (recorded, FeatureTypeList)', () => {
  const capabilities = readWfsCapabilities(parseXml(wfsText, 'WFS capabilities'));
  it('lists the 436 feature types with CRS, extent and keywords', () => {
    expect(capabilities.layers).toHaveLength(436);
    expect(count(wfsText, /<FeatureType[ >]/g)).toBe(436);
    const commune = capabilities.layers.find((layer) => layer.name === 'ADMINEXPRESS-COG.LATEST:commune');
    expect(commune?.crs).toEqual(['urn:ogc:def:crs:EPSG::4326']);
    expect(commune?.keywords).toEqual(['Unités administratives']);
    expect(commune?.extent?.[0]).toBeCloseTo(-63.0847418, 6);
    const gers = capabilities.layers[0];
    expect(gers).toMatchObject({
      name: 'OCS-GERS_BDD_LAMB93_2016:oscge_gers_32_2016',
      title: 'OCSGE Gers 2016',
      crs: ['urn:ogc:def:crs:EPSG::2154'],
      extent: [-0.306429, 43.28809591, 1.21178144, 44.0914897],
    });
  });
  it('says nothing it was not told (no OperationsMetadata in this section)', () => {
    expect(capabilities.countDefault).toBeUndefined();
    expect(capabilities.outputFormats).toEqual([]);
  });
});

describe('Géoplateforme WMTS capabilities (recorded)', () => {
  const capabilities = readWmtsCapabilities(parseXml(wmtsText, 'WMTS capabilities'));
  it('lists the 539 layers and their TileMatrixSets', () => {
    expect(capabilities.layers).toHaveLength(539);
    expect(count(wmtsText, /<Layer>/g)).toBe(539);
    const identifiers = capabilities.tileMatrixSets.map((set) => set.identifier);
    expect(identifiers).toEqual(expect.arrayContaining(['PM', 'WGS84G', 'LAMB93_5cm']));
  });
  it('derives cell sizes from scale denominators (PM level 0 = 156 543.03 m, OGC 0.28 mm pixel)', () => {
    const pm = capabilities.tileMatrixSets.find((set) => set.identifier === 'PM');
    expect(pm?.tileMatrices[0]?.cellSize).toBeCloseTo(156543.0339, 3);
    expect(pm?.tileMatrices[0]?.topLeftCorner).toEqual([-20037508.3427892, 20037508.3427892]);
  });
  it('builds a {z}/{y}/{x} template deck.gl can use', () => {
    const template = wmtsTileUrlTemplate(capabilities, { layer: 'ADMINEXPRESS-COG.LATEST' });
    expect(template).toBe(
      'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ADMINEXPRESS-COG.LATEST&STYLE=normal&FORMAT=image/png&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    );
  });
  it('rejects an unknown layer or set with a typed error naming it', () => {
    expect(() => wmtsTileUrlTemplate(capabilities, { layer: 'NOPE' })).toThrow(/"NOPE" is not in the capabilities \(539 layers\)/);
    const error = (() => {
      try {
        wmtsTileUrlTemplate(capabilities, { layer: 'ADMINEXPRESS-COG.LATEST', tileMatrixSet: 'LAMB93_5cm' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isJumeauError(error, 'input')).toBe(true);
  });
});

describe('Géoplateforme WMS-Raster capabilities (recorded)', () => {
  const capabilities = readWmsCapabilities(parseXml(wmsText, 'WMS capabilities'));
  it('lists the 308 named layers, GeoTIFF output and the size limits', () => {
    // 309 <Layer> elements, the root one unnamed: 308 named (Python's ElementTree agrees; PROVENANCE rounds to 310).
    expect(count(wmsText, /<Layer[ >]/g)).toBe(309);
    expect(capabilities.layers).toHaveLength(308);
    expect(capabilities.getMapFormats).toEqual(expect.arrayContaining(['image/geotiff', 'image/x-bil;bits=32']));
    expect(capabilities.maximumWidthPixels).toBe(10000);
    expect(capabilities.maximumHeightPixels).toBe(10000);
    const elevation = capabilities.layers.find((layer) => layer.name === 'ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES');
    expect(elevation?.crs).toEqual(expect.arrayContaining(['EPSG:2154', 'EPSG:4326']));
  });
});

describe('listLayers detects the service', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startGeoplateformeServer();
  });
  afterAll(() => server.close());
  const http = createHttpClient({ rateLimits: [] });

  it.each([
    ['/wfs/ows', 'wfs', 436],
    ['/wmts', 'wmts', 539],
    ['/wms-r/wms', 'wms', 308],
  ])('%s → %s', async (path, kind, layers) => {
    const found = await listLayers(`${server.url}${path}`, { http });
    expect(found).toHaveLength(layers);
    expect(found[0]?.service).toBe(kind);
  });

  it('names the URL when nothing answers', async () => {
    const error = await listLayers(`${server.url}/nothing-here`, { http }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'unsupported')).toBe(true);
    expect((error as Error).message).toMatch(/Cannot tell what service .*nothing-here/);
  });
});
