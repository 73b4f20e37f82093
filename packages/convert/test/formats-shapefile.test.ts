import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureTableCrs, geometryBuffers, isJumeauError, type FeatureTable } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { readShapefile } from '../src/formats/shapefile/read-shapefile.js';
import { loadFeatureTable, sniffVectorFormat } from '../src/formats/load-feature-table.js';
import { readDbf } from '../src/formats/shapefile/dbf.js';
import { crsFromWkt } from '../src/formats/crs-from-wkt.js';
import { readShapefileFile } from '../src/node/vectors/shapefile-file.js';
import { run, workFolder } from './vector-fixtures.js';

interface Reference {
  properties: Record<string, unknown>[];
  coordinates: number[];
  types: (string | null)[];
}

/** What ogr2ogr reads from a file: attributes, vertices (x, y[, z]) and geometry types, through a GeoJSON export. */
function ogrReference(source: string, extra: readonly string[] = []): Reference {
  const output = join(workFolder, `ogr-${Math.random().toString(36).slice(2)}.geojson`);
  run('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-lco', 'COORDINATE_PRECISION=17', ...extra, output, source]);
  const collection = JSON.parse(readFileSync(output, 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null }[];
  };
  const coordinates: number[] = [];
  const flatten = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') coordinates.push(...(value as number[]));
    else if (Array.isArray(value)) value.forEach(flatten);
  };
  for (const feature of collection.features) flatten(feature.geometry?.coordinates);
  return {
    properties: collection.features.map((feature) => feature.properties),
    coordinates,
    types: collection.features.map((feature) => feature.geometry?.type ?? null),
  };
}

function vertices(table: FeatureTable): number[] {
  const out: number[] = [];
  for (const buffers of geometryBuffers(table)) out.push(...buffers.coordinates);
  return out;
}

function expectSameAttributes(table: FeatureTable, reference: Reference): void {
  reference.properties.forEach((properties, row) => {
    for (const [name, value] of Object.entries(properties)) {
      const ours = table.getChild(name)?.get(row) as unknown;
      // GDAL prints DBF dates (type D) as YYYY/MM/DD; we give ISO 8601 YYYY-MM-DD. Text fields stay as written.
      if (typeof value === 'string' && /^\d{4}\/\d\d\/\d\d$/.test(value)) expect([value, value.replaceAll('/', '-')]).toContain(ours);
      else expect(ours, `${name} of row ${row}`).toBe(value);
    }
  });
}

const FOLDERS = ['charente-estuary', 'bdtopo-v3-sample-olemps-12174', 'camargue-shorelines-cerema-mobitc'];
const LAYERS = FOLDERS.flatMap((folder) =>
  readdirSync(sharedDataPath(folder, 'shp'))
    .filter((name) => name.endsWith('.shp'))
    .map((name) => ({ folder, name, path: sharedDataPath(folder, 'shp', name) })),
);

describe('readShapefile on the real Shapefiles of /work/shared, against ogr2ogr', () => {
  it('finds the 20 layers', () => expect(LAYERS.length).toBe(20));

  for (const layer of LAYERS) {
    it(`${layer.folder}/${layer.name}: same rows, geometry types, vertices (z included) and attributes`, async () => {
      const hasPrj = readdirSync(sharedDataPath(layer.folder, 'shp')).includes(layer.name.replace(/\.shp$/, '.prj'));
      const table = await readShapefileFile(layer.path, hasPrj ? {} : { crs: 2154 });
      const reference = ogrReference(layer.path);
      expect(featureTableCrs(table)).toBe(2154);
      expect(table.numRows).toBe(reference.properties.length);
      expect(vertices(table)).toEqual(reference.coordinates);
      expectSameAttributes(table, reference);
    });
  }

  it('decodes French accents: UTF-8 by .cpg, UTF-8 detected, Windows-1252 by the language driver byte', async () => {
    const charente = await readShapefileFile(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp'));
    expect([...(charente.getChild('NOM') ?? [])]).toEqual(expect.arrayContaining(['Moëze', 'Échillais']));
    expect(readDbf(readFileSync(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.dbf'))).encodingSource).toBe('utf-8-detected');
    const bdtopo = readFileSync(sharedDataPath('bdtopo-v3-sample-olemps-12174', 'shp', 'COMMUNE.dbf'));
    expect(readDbf(bdtopo, { cpg: 'UTF-8' }).encodingSource).toBe('cpg');
    const camargue = readDbf(readFileSync(sharedDataPath('camargue-shorelines-cerema-mobitc', 'shp', 'transect_rates_WLS_alldates.dbf')));
    expect(camargue.encoding).toBe('windows-1252');
    // A Windows-1252 DBF made by GDAL from the UTF-8 one reads back with the same accents.
    const latin = join(workFolder, 'commune-1252.shp');
    run('ogr2ogr', ['-lco', 'ENCODING=CP1252', latin, sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp')]);
    const recoded = await readShapefileFile(latin);
    expect(readDbf(readFileSync(latin.replace('.shp', '.dbf'))).encoding).toBe('windows-1252');
    expect([...(recoded.getChild('NOM') ?? [])]).toEqual([...(charente.getChild('NOM') ?? [])]);
  });

  it('identifies the CRS of .prj files in the ESRI and OGC dialects', () => {
    for (const folder of FOLDERS) {
      for (const name of readdirSync(sharedDataPath(folder, 'shp')).filter((file) => file.endsWith('.prj'))) {
        expect(crsFromWkt(readFileSync(sharedDataPath(folder, 'shp', name), 'utf8')), name).toBe(2154);
      }
    }
    const wkt = (code: number): string => run('gdalsrsinfo', ['-o', 'wkt_esri', `EPSG:${code}`]);
    for (const code of [2154, 4326, 4171, 3857, 3035, 2975, 5490, 2972, 4471, 3948, 32620]) {
      expect(crsFromWkt(wkt(code)), `EPSG:${code} (ESRI)`).toBe(code);
      expect(crsFromWkt(run('gdalsrsinfo', ['-o', 'wkt2', `EPSG:${code}`])), `EPSG:${code} (WKT2)`).toBe(code);
    }
    expect(crsFromWkt('PROJCS["Mars",GEOGCS["Mars 2000"]]')).toBeNull();
  });

  it('refuses missing sidecars and unknown CRSs with typed errors naming them', async () => {
    const folder = sharedDataPath('charente-estuary', 'shp');
    const shp = new Uint8Array(readFileSync(join(folder, 'ZPS.shp')));
    const dbf = new Uint8Array(readFileSync(join(folder, 'ZPS.dbf')));
    expect(() => readShapefile({ 'ZPS.shp': shp })).toThrow(/no \.dbf/);
    expect(() => readShapefile({ 'ZPS.shp': shp, 'ZPS.dbf': dbf })).toThrow(/no \.prj: give options\.crs/);
    expect(readShapefile({ 'ZPS.shp': shp, 'ZPS.dbf': dbf }, { crs: 2154 }).numRows).toBe(3);
    const mars = new TextEncoder().encode('PROJCS["Mars_Equirectangular",GEOGCS["Mars"]]');
    try {
      readShapefile({ 'ZPS.shp': shp, 'ZPS.dbf': dbf, 'ZPS.prj': mars });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'crs')).toBe(true);
      expect((error as Error).message).toMatch(/Mars_Equirectangular/);
    }
    expect(() => readShapefile({ 'ZPS.shp': dbf, 'ZPS.dbf': dbf }, { crs: 2154 })).toThrow(/file code/);
    expect(() => readShapefile({ 'a.txt': dbf })).toThrow(/No \.shp/);
    // loadFeatureTable recognises a .shp alone and asks for its files; given them, it reads the layer.
    expect(sniffVectorFormat(shp)).toBe('shapefile');
    await expect(loadFeatureTable(shp)).rejects.toThrow(/\.shp alone/);
    const prj = new Uint8Array(readFileSync(join(folder, 'ZPS.prj')));
    expect((await loadFeatureTable({ 'ZPS.shp': shp, 'ZPS.dbf': dbf, 'ZPS.prj': prj })).numRows).toBe(3);
  });
});
