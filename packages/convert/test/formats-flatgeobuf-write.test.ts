import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureTableCrs, featureTableFromGeoJSON, geometryBuffers, isJumeauError, type FeatureTable } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { writeFlatGeobuf } from '../src/formats/write-flatgeobuf.js';
import { hilbertIndex } from '../src/formats/flatgeobuf-index.js';
import { readFlatGeobuf } from '../src/formats/flatgeobuf.js';
import { readCsv } from '../src/formats/csv/read-csv.js';
import { loadFeatureTable } from '../src/formats/load-feature-table.js';
import { readShapefileFile } from '../src/node/vectors/shapefile-file.js';
import { OLERON_LAYERS, run, workFolder } from './vector-fixtures.js';

function vertices(table: FeatureTable): number[] {
  return geometryBuffers(table).flatMap((buffers) => [...buffers.coordinates]);
}

/** What GDAL reads from a file: its GeoJSON export with full precision. */
function ogrFeatures(path: string): { properties: Record<string, unknown>; geometry: { coordinates: unknown } }[] {
  const output = join(workFolder, `fgb-${Math.random().toString(36).slice(2)}.geojson`);
  run('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-lco', 'COORDINATE_PRECISION=17', output, path]);
  return (JSON.parse(readFileSync(output, 'utf8')) as { features: never[] }).features;
}

function flatten(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value) && typeof value[0] === 'number') out.push(...(value as number[]));
  else if (Array.isArray(value)) for (const item of value) flatten(item, out);
  return out;
}

async function cases(): Promise<[string, FeatureTable, number][]> {
  return [
    ['charente COMMUNE (PolygonZ, accents)', await readShapefileFile(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp')), 2154],
    [
      'camargue transects (lines)',
      await readShapefileFile(sharedDataPath('camargue-shorelines-cerema-mobitc', 'shp', 'transects_100m.shp')),
      2154,
    ],
    [
      'Réunion cells (points, UTM 40S)',
      readCsv(new Uint8Array(readFileSync(sharedDataPath('reunion-insee-carroyage-200m-2010-btb', 'reunion_households_200m.csv'))), {
        crs: 2975,
      }),
      2975,
    ],
    ['Oléron districts (GeoPackage)', await loadFeatureTable(new Uint8Array(readFileSync(OLERON_LAYERS)), { layer: 'districts' }), 2154],
  ];
}

describe('writeFlatGeobuf, read back by ogr2ogr and by our reader', () => {
  it('GDAL reads identical features (vertices, z, attributes) and the CRS from our files', async () => {
    for (const [name, table, crs] of await cases()) {
      const path = join(workFolder, `${name.replace(/\W+/g, '-')}.fgb`);
      writeFileSync(path, writeFlatGeobuf(table, { spatialIndex: false })); // table order, compared row by row
      expect(run('ogrinfo', ['-so', '-al', path]), name).toContain(`ID["EPSG",${crs}]`);
      const features = ogrFeatures(path);
      expect(features.length, name).toBe(table.numRows);
      expect(flatten(features.map((feature) => feature.geometry.coordinates)), name).toEqual(vertices(table));
      features.forEach((feature, row) => {
        for (const field of table.schema.fields.filter((candidate) => candidate.name !== 'geometry')) {
          const ours = table.getChild(field.name)?.get(row) as unknown;
          expect(feature.properties[field.name] ?? null, `${name} ${field.name} ${row}`).toBe(ours ?? null);
        }
      });
    }
  });

  it('round-trips through readFlatGeobuf with the CRS of the header', async () => {
    for (const [name, table, crs] of await cases()) {
      const back = await readFlatGeobuf(writeFlatGeobuf(table, { spatialIndex: false }));
      expect(featureTableCrs(back), name).toBe(crs);
      expect(vertices(back), name).toEqual(vertices(table));
      expect(back.numRows).toBe(table.numRows);
    }
  });

  it('refuses null geometries with a typed error naming the row', () => {
    const table = featureTableFromGeoJSON(
      {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: {} },
          { type: 'Feature', geometry: null, properties: {} },
        ],
      },
      { crs: 2154 },
    );
    try {
      writeFlatGeobuf(table);
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
      expect((error as Error).message).toMatch(/Row 1/);
    }
  });
});

/** The INSEE code of every feature GDAL returns for a box (`ogr2ogr -spat`, which uses the file's index if any). */
function gdalCodesInBox(path: string, box: readonly number[]): string[] {
  const output = join(workFolder, `fgb-box-${Math.random().toString(36).slice(2)}.geojson`);
  run('ogr2ogr', ['-f', 'GeoJSON', '-spat', ...box.map(String), output, path]);
  return (JSON.parse(readFileSync(output, 'utf8')) as { features: { properties: { INSEE_COM: string } }[] }).features
    .map((feature) => feature.properties.INSEE_COM)
    .sort();
}

function codes(table: FeatureTable): string[] {
  return Array.from({ length: table.numRows }, (_, row) => String(table.getChild('INSEE_COM')?.get(row))).sort();
}

/** Boxes around Oléron, La Rochelle, the whole estuary, and outside everything (Lambert-93 metres). */
const BOXES: ReadonlyArray<readonly [number, number, number, number]> = [
  [360_000, 6_520_000, 385_000, 6_560_000],
  [375_000, 6_565_000, 385_000, 6_575_000],
  [300_000, 6_400_000, 500_000, 6_700_000],
  [0, 0, 1, 1],
];

describe('FlatGeobuf spatial index (packed Hilbert R-tree)', () => {
  it('hilbertIndex walks the 256 × 256 corner block through positions 0…65535, one adjacent cell at a time', () => {
    const cells = new Array<[number, number]>(65_536);
    for (let x = 0; x < 256; x += 1) for (let y = 0; y < 256; y += 1) cells[hilbertIndex(x, y)] = [x, y];
    for (let position = 1; position < cells.length; position += 1) {
      const [x0, y0] = cells[position - 1] as [number, number];
      const [x1, y1] = cells[position] as [number, number];
      expect(Math.abs(x1 - x0) + Math.abs(y1 - y0), `step ${position}`).toBe(1);
    }
    expect(hilbertIndex(0, 0)).toBe(0);
    expect(hilbertIndex(65_535, 0)).toBe(2 ** 32 - 1);
  });

  it('GDAL reads our indexed file: every feature once, and -spat through our index gives the brute-force answer', async () => {
    const communes = await readShapefileFile(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp'));
    const path = join(workFolder, 'communes-indexed.fgb');
    writeFileSync(path, writeFlatGeobuf(communes));
    expect(run('ogrinfo', ['-so', '-al', path])).toContain(`Feature Count: ${communes.numRows}`);
    expect(
      ogrFeatures(path)
        .map((feature) => String(feature.properties.INSEE_COM))
        .sort(),
    ).toEqual(codes(communes));
    const plain = join(workFolder, 'communes-plain.fgb');
    writeFileSync(plain, writeFlatGeobuf(communes, { spatialIndex: false }));
    for (const box of BOXES) expect(gdalCodesInBox(path, box), box.join(',')).toEqual(gdalCodesInBox(plain, box));
    expect(gdalCodesInBox(path, BOXES[0] as never).length).toBeGreaterThan(3);
  });

  it("readFlatGeobuf({ bbox }) returns what GDAL returns, from our index, GDAL's index or no index", async () => {
    const communes = await readShapefileFile(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp'));
    const ours = writeFlatGeobuf(communes);
    const plain = writeFlatGeobuf(communes, { spatialIndex: false });
    const gdalPath = join(workFolder, 'communes-gdal.fgb');
    const plainPath = join(workFolder, 'communes-plain-2.fgb');
    writeFileSync(plainPath, plain);
    run('ogr2ogr', ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=YES', gdalPath, plainPath]);
    const gdal = new Uint8Array(readFileSync(gdalPath));
    for (const box of BOXES) {
      const expected = gdalCodesInBox(plainPath, box);
      for (const [name, bytes] of [
        ['ours', ours],
        ['plain', plain],
        ['gdal', gdal],
      ] as const) {
        const table = await readFlatGeobuf(bytes, { bbox: box });
        expect(codes(table), `${name} ${box.join(',')}`).toEqual(expected);
        if (table.numRows > 0) expect(featureTableCrs(table)).toBe(2154);
      }
    }
  });

  it('refuses a truncated indexed file with a typed error', async () => {
    const communes = await readShapefileFile(sharedDataPath('charente-estuary', 'shp', 'COMMUNE.shp'));
    const bytes = writeFlatGeobuf(communes);
    await expect(readFlatGeobuf(bytes.subarray(0, 400), { bbox: BOXES[2] as never })).rejects.toSatisfy((error) =>
      isJumeauError(error, 'format'),
    );
    await expect(readFlatGeobuf(new Uint8Array(64), { bbox: BOXES[2] as never })).rejects.toSatisfy((error) =>
      isJumeauError(error, 'format'),
    );
  });
});
