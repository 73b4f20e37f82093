import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureTableCrs, featureTableFromGeoJSON, geometryBuffers, isJumeauError, type FeatureTable } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { writeFlatGeobuf } from '../src/formats/write-flatgeobuf.js';
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
      writeFileSync(path, writeFlatGeobuf(table));
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
      const back = await readFlatGeobuf(writeFlatGeobuf(table));
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
