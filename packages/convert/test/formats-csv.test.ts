import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { featureTableCrs, geometryBuffers, isJumeauError, type FeatureTable } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { readCsv } from '../src/formats/csv/read-csv.js';
import { writeCsv } from '../src/formats/csv/write-csv.js';
import { readShapefileFile } from '../src/node/vectors/shapefile-file.js';
import { detectSeparator, parseCsvRows } from '../src/formats/csv/csv-text.js';
import { formatWkt, parseWkt } from '../src/formats/wkt.js';
import { loadFeatureTable, sniffVectorFormat } from '../src/formats/load-feature-table.js';
import { readFeatureTableFile } from '../src/node/vectors/feature-table-file.js';
import { run, workFolder } from './vector-fixtures.js';

const REUNION = sharedDataPath('reunion-insee-carroyage-200m-2010-btb', 'reunion_households_200m.csv');
const FILOSOFI = sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv');

/** ogr2ogr's reading of a CSV (types auto-detected), as vertices and attribute rows of a GeoJSON export. */
function ogrCsv(path: string, openOptions: readonly string[]): { coordinates: number[]; properties: Record<string, unknown>[] } {
  const output = join(workFolder, `csv-${Math.random().toString(36).slice(2)}.geojson`);
  const oo = openOptions.flatMap((option) => ['-oo', option]);
  run('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-lco', 'COORDINATE_PRECISION=17', ...oo, output, path]);
  const collection = JSON.parse(readFileSync(output, 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } | null }[];
  };
  const coordinates: number[] = [];
  const flatten = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') coordinates.push(...(value as number[]));
    else if (Array.isArray(value)) value.forEach(flatten);
  };
  for (const feature of collection.features) flatten(feature.geometry?.coordinates);
  return { coordinates, properties: collection.features.map((feature) => feature.properties) };
}

function vertices(table: FeatureTable): number[] {
  return geometryBuffers(table).flatMap((buffers) => [...buffers.coordinates]);
}

function expectAttributes(table: FeatureTable, properties: Record<string, unknown>[], skip: readonly string[]): void {
  properties.forEach((row, index) => {
    for (const [name, value] of Object.entries(row)) if (!skip.includes(name)) expect(table.getChild(name)?.get(index), name).toBe(value);
  });
}

describe('readCsv on real CSVs of /work/shared, against ogr2ogr', () => {
  it('La Réunion 200 m cells: "x","y" detected, RGR92 / UTM 40S given, same points and values as ogr2ogr', () => {
    const table = readCsv(new Uint8Array(readFileSync(REUNION)), { crs: 2975 });
    const reference = ogrCsv(REUNION, ['X_POSSIBLE_NAMES=x', 'Y_POSSIBLE_NAMES=y', 'AUTODETECT_TYPE=YES']);
    expect(table.numRows).toBe(14_076);
    expect(featureTableCrs(table)).toBe(2975);
    expect(vertices(table)).toEqual(reference.coordinates);
    expectAttributes(table, reference.properties, ['x', 'y']);
    expect(table.getChild('x')).toBeNull();
  });

  it('the same file with ";" and French decimal commas reads the same with decimalComma', () => {
    const text = readFileSync(REUNION, 'utf8').replaceAll(',', ';').replaceAll('.', ',');
    expect(detectSeparator(text)).toBe(';');
    const french = readCsv(text, { crs: 2975, decimalComma: true });
    const plain = readCsv(new Uint8Array(readFileSync(REUNION)), { crs: 2975 });
    expect(vertices(french)).toEqual(vertices(plain));
    expect([...(french.getChild('houhold') ?? [])]).toEqual([...(plain.getChild('houhold') ?? [])]);
    // Without decimalComma, "5,069" is text: the column stays Utf8 and nothing is silently misread.
    expect(readCsv(text, { crs: 2975 }).getChild('houhold')?.get(0)).toBe('5,06930693069307');
  });

  it('Filosofi 200 m cells of Oléron: x_ll_3035 / y_ll_3035 detected, tab separated copy too', () => {
    const table = readCsv(new Uint8Array(readFileSync(FILOSOFI)), { crs: 3035 });
    const reference = ogrCsv(FILOSOFI, ['X_POSSIBLE_NAMES=x_ll_3035', 'Y_POSSIBLE_NAMES=y_ll_3035', 'AUTODETECT_TYPE=YES']);
    expect(table.numRows).toBe(1507);
    expect(vertices(table)).toEqual(reference.coordinates);
    expectAttributes(table, reference.properties, ['x_ll_3035', 'y_ll_3035']);
    const tabbed = readCsv(readFileSync(FILOSOFI, 'utf8').replaceAll(',', '\t'), { crs: 3035 });
    expect(vertices(tabbed)).toEqual(vertices(table));
  });

  it('a WKT column written by ogr2ogr from the Charente ZPS Shapefile reads back the polygons GDAL reads', async () => {
    const path = join(workFolder, 'zps-wkt.csv');
    run('ogr2ogr', [
      '-f',
      'CSV',
      '-lco',
      'GEOMETRY=AS_WKT',
      '-lco',
      'SEPARATOR=SEMICOLON',
      path,
      sharedDataPath('charente-estuary', 'shp', 'ZPS.shp'),
    ]);
    expect(sniffVectorFormat(new Uint8Array(readFileSync(path)))).toBe('csv');
    const table = await readFeatureTableFile(path, { crs: 2154 });
    const reference = ogrCsv(path, ['GEOM_POSSIBLE_NAMES=WKT', 'KEEP_GEOM_COLUMNS=NO']);
    expect(table.numRows).toBe(3);
    expect(vertices(table)).toEqual(reference.coordinates);
    expect([...(table.getChild('SITENAME') ?? [])]).toEqual(reference.properties.map((row) => row.SITENAME));
    expect([...(table.getChild('SITENAME') ?? [])].some((name) => /é/.test(String(name)))).toBe(true);
  });

  it('lon/lat columns default to WGS84; x/y in metres without crs is refused with a typed error', async () => {
    const lonLat = await loadFeatureTable(new TextEncoder().encode('nom;longitude;latitude\nSaint-Pierre;-1,3125;45,9421\n'), {
      csv: { decimalComma: true },
    });
    expect(featureTableCrs(lonLat)).toBe(4326);
    expect(vertices(lonLat)).toEqual([-1.3125, 45.9421]);
    try {
      readCsv(readFileSync(REUNION, 'utf8'));
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'crs')).toBe(true);
      expect((error as Error).message).toMatch(/give options\.crs/);
    }
    expect(() => readCsv('a,b\n1,2\n')).toThrow(/No coordinate columns found.*a, b/);
    expect(() => readCsv('x,y\nabc,2\n', { crs: 2154 })).toThrow(/line 2: coordinates "abc"/);
    expect(() => readCsv('x,y\n1,2\n', { x: 'east', y: 'y' })).toThrow(/"east"/);
  });

  it('keeps codes with leading zeros as text (INSEE codes) and empty fields as null', () => {
    const table = readCsv('code,x,y,population\n01001,1,2,860\n17093,3,4,\n', { crs: 2154 });
    expect([...(table.getChild('code') ?? [])]).toEqual(['01001', '17093']);
    expect([...(table.getChild('population') ?? [])]).toEqual([860, null]);
  });

  it('property: CSV fields with quotes, separators and newlines round-trip through quoting', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ';', ',', '"', '\n', ' ', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((row) => row.map((value) => `"${value.replaceAll('"', '""')}"`).join(';')).join('\r\n');
        expect(parseCsvRows(text, ';')).toEqual(rows);
      }),
    );
  });

  it('property: WKT formatting and parsing are inverse', () => {
    const position = fc.tuple(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ min: -1e7, max: 1e7, noNaN: true }));
    const ring = fc.array(position, { minLength: 4, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.array(ring, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), (polygons) => {
        const geometry = { type: 'MultiPolygon', coordinates: polygons };
        expect(parseWkt(formatWkt(geometry))).toEqual(geometry);
      }),
    );
    expect(parseWkt('MULTIPOINT ((1 2), (3 4))')).toEqual({
      type: 'MultiPoint',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseWkt('POINT ZM (1 2 3 4)')).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(parseWkt('POLYGON EMPTY')).toBeNull();
    expect(() => parseWkt('CIRCLE (1 2)')).toThrow(/Not a WKT geometry/);
  });

  it('writeCsv: x/y points round-trip with ";" and decimal commas; WKT polygons (z kept) read back by ogr2ogr', async () => {
    const cells = readCsv(new Uint8Array(readFileSync(REUNION)), { crs: 2975 });
    const text = writeCsv(cells, { separator: ';', decimalComma: true });
    const back = readCsv(text, { crs: 2975, decimalComma: true });
    expect(vertices(back)).toEqual(vertices(cells));
    expect([...(back.getChild('phouhold') ?? [])]).toEqual([...(cells.getChild('phouhold') ?? [])]);
    const communes = await readShapefileFile(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp'));
    const path = join(workFolder, 'communes-wkt.csv');
    writeFileSync(path, writeCsv(communes));
    const reference = ogrCsv(path, ['GEOM_POSSIBLE_NAMES=WKT', 'KEEP_GEOM_COLUMNS=NO']);
    expect(reference.coordinates).toEqual(vertices(communes));
    expect(reference.properties.map((row) => row.NOM)).toEqual([...(communes.getChild('NOM') ?? [])]);
    expect(() => writeCsv(communes, { geometry: 'xy' })).toThrow(/points only/);
  });
});
