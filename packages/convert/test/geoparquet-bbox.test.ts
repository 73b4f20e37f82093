import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { featureTableCrs, featureTableFromGeoJSON, featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { Binary, Field, Float64, Struct, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { geojsonToWkb } from 'hyparquet-writer';
import * as parquetWasm from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { type BlobLike, readGeoParquet, reprojectTable, writeGeoParquet } from '../src/index.js';
import { readGeoParquetFile } from '../src/node/index.js';

type Geometry = { type: string; coordinates: unknown } | null;
type Feature = { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> };
type Box = [number, number, number, number];

const COMMUNES_17 = sharedDataPath('admin-express-2018-geojson', 'departements/17-charente-maritime/communes-17-charente-maritime.geojson');
const source = JSON.parse(readFileSync(COMMUNES_17, 'utf8')) as { features: Feature[] };

/** The box of a GeoJSON geometry from its coordinates (the expected side, computed without Jumeau). */
function geometryBox(geometry: Geometry): Box | null {
  if (!geometry) return null;
  const box: Box = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const visit = (value: unknown): void => {
    if (typeof (value as number[])[0] === 'number') {
      const [x, y] = value as [number, number];
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    } else for (const item of value as unknown[]) visit(item);
  };
  visit(geometry.coordinates);
  return box;
}

const meets = (a: Box, b: Box) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

// Communes sorted west to east, in Lambert-93: row groups of 50 become north–south strips, so a box on the
// Île d'Oléron (west coast) meets the first groups only.
const sorted = [...source.features].sort((a, b) => (geometryBox(a.geometry)?.[0] ?? 0) - (geometryBox(b.geometry)?.[0] ?? 0));
const communes = reprojectTable(featureTableFromGeoJSON({ type: 'FeatureCollection', features: sorted }, { crs: 4326 }), 2154);
const communeFeatures = featureTableToGeoJSON(communes).features as Feature[];
const OLERON: Box = [360_000, 6_530_000, 390_000, 6_565_000];
const expectedCodes = communeFeatures
  .filter((feature) => meets(geometryBox(feature.geometry) as Box, OLERON))
  .map((f) => f.properties.code);

/** A Blob that counts the bytes sliced out of it. */
function countingBlob(bytes: Uint8Array): BlobLike & { bytesRead: number } {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const counter = {
    size: blob.size,
    bytesRead: 0,
    slice(start?: number, end?: number) {
      counter.bytesRead += (end ?? blob.size) - (start ?? 0);
      return blob.slice(start, end);
    },
  };
  return counter;
}

const codesOf = async (read: Promise<Table>) => featureTableToGeoJSON(await read).features.map((feature) => feature.properties?.code);

describe('GeoParquet bbox filter on the communes of Charente-Maritime (Lambert-93)', () => {
  const withCovering = writeGeoParquet(communes, { rowGroupSize: 50 });
  const withoutCovering = writeGeoParquet(communes, { rowGroupSize: 50, bboxCovering: false });

  it('keeps exactly the communes whose box meets the box, with or without the covering column', async () => {
    expect(expectedCodes.length).toBeGreaterThan(5);
    expect(expectedCodes.length).toBeLessThan(60);
    expect(await codesOf(readGeoParquet(withCovering, { bbox: OLERON }))).toEqual(expectedCodes);
    expect(await codesOf(readGeoParquet(withoutCovering, { bbox: OLERON }))).toEqual(expectedCodes);
    const table = await readGeoParquet(withCovering, { bbox: OLERON });
    expect(featureTableCrs(table)).toBe(2154);
    expect(table.schema.fields.map((field) => field.name)).not.toContain('bbox');
    const expectedGeometries = communeFeatures.filter((feature) => expectedCodes.includes(feature.properties.code)).map((f) => f.geometry);
    expect(featureTableToGeoJSON(table).features.map((feature) => feature.geometry)).toEqual(expectedGeometries);
  });

  it('reads a Blob by ranges and skips the row groups the covering statistics rule out', async () => {
    const whole = countingBlob(withCovering);
    expect((await readGeoParquet(whole)).numRows).toBe(466);
    const filtered = countingBlob(withCovering);
    expect(await codesOf(readGeoParquet(filtered, { bbox: OLERON }))).toEqual(expectedCodes);
    expect(filtered.bytesRead).toBeLessThan(whole.bytesRead / 2);
    const noCovering = countingBlob(withoutCovering);
    await readGeoParquet(noCovering, { bbox: OLERON });
    expect(noCovering.bytesRead).toBeGreaterThan(withoutCovering.length * 0.9); // nothing to skip by
  });

  it('combines bbox with a row range and reads by path in Node', async () => {
    const rows = await codesOf(readGeoParquet(withCovering, { bbox: OLERON, rowStart: 10, rowEnd: 30 }));
    const inRange = communeFeatures.slice(10, 30).map((feature) => feature.properties.code);
    expect(rows).toEqual(expectedCodes.filter((code) => inRange.includes(code)));
    const path = join(mkdtempSync(join(tmpdir(), 'jumeau-geoparquet-')), 'communes.parquet');
    writeFileSync(path, withCovering);
    expect(await codesOf(readGeoParquetFile(path, { bbox: OLERON }))).toEqual(expectedCodes);
  });
});

describe('bbox covering against arrow-rs (parquet-wasm)', () => {
  it('arrow-rs reads the bbox struct column Jumeau writes: one box per row', () => {
    const bytes = writeGeoParquet(communes, { rowGroupSize: 100 });
    const table = tableFromIPC(parquetWasm.readParquet(bytes).intoIPCStream());
    const boxes = ((table.getChild('bbox')?.toArray() ?? []) as { toJSON(): Record<string, number> }[]).map((row) => {
      const { xmin, ymin, xmax, ymax } = row.toJSON();
      return [xmin, ymin, xmax, ymax];
    });
    expect(boxes).toEqual(communeFeatures.map((feature) => geometryBox(feature.geometry)));
    const geo = JSON.parse(table.schema.metadata.get('geo') as string);
    expect(geo.columns.geometry.covering.bbox.xmin).toEqual(['bbox', 'xmin']);
  });

  it('Jumeau filters and skips row groups of a file arrow-rs wrote with a covering column', async () => {
    const features = communeFeatures;
    const boxes = features.map((feature) => geometryBox(feature.geometry) as Box);
    const boxType = new Struct(['xmin', 'ymin', 'xmax', 'ymax'].map((name) => new Field(name, new Float64(), false)));
    const arrow = new Table({
      geom: vectorFromArray(
        features.map((feature) => geojsonToWkb(feature.geometry as never)),
        new Binary(),
      ),
      code: vectorFromArray(
        features.map((feature) => feature.properties.code as string),
        new Utf8(),
      ),
      box: vectorFromArray(
        boxes.map(([xmin, ymin, xmax, ymax]) => ({ xmin, ymin, xmax, ymax })),
        boxType,
      ),
    });
    const lambert = (await import('../src/formats/geoparquet/projjson.generated.js')).PROJJSON_BY_EPSG[2154];
    const geo = {
      version: '1.1.0',
      primary_column: 'geom',
      columns: {
        geom: {
          encoding: 'WKB',
          geometry_types: ['Polygon', 'MultiPolygon'],
          crs: lambert,
          covering: { bbox: { xmin: ['box', 'xmin'], ymin: ['box', 'ymin'], xmax: ['box', 'xmax'], ymax: ['box', 'ymax'] } },
        },
      },
    };
    const properties = new parquetWasm.WriterPropertiesBuilder()
      .setCompression(parquetWasm.Compression.ZSTD)
      .setMaxRowGroupSize(40)
      .setKeyValueMetadata(new Map([['geo', JSON.stringify(geo)]]))
      .build();
    const bytes = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(arrow, 'stream')), properties);
    const whole = countingBlob(bytes);
    const all = await readGeoParquet(whole);
    expect(all.schema.fields.map((field) => field.name)).toEqual(['geometry', 'code']);
    const filtered = countingBlob(bytes);
    expect(await codesOf(readGeoParquet(filtered, { bbox: OLERON }))).toEqual(expectedCodes);
    expect(filtered.bytesRead).toBeLessThan(whole.bytesRead / 2);
  });
});

describe('bbox options and covering metadata: typed errors', () => {
  it('rejects an inverted box, a "bbox" attribute that would clash, and a malformed covering', async () => {
    const bytes = writeGeoParquet(communes);
    const inverted = await readGeoParquet(bytes, { bbox: [10, 0, 0, 10] }).catch((caught: unknown) => caught);
    expect(isJumeauError(inverted, 'input')).toBe(true);
    expect(String(inverted)).toMatch(/bbox must be \[minX, minY, maxX, maxY\]/);
    const clash = featureTableFromGeoJSON({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { bbox: 'x' } }],
    });
    expect(() => writeGeoParquet(clash)).toThrow(/"bbox" attribute/);
    expect(writeGeoParquet(clash, { bboxCovering: false }).length).toBeGreaterThan(0);
    const geo = {
      version: '1.1.0',
      primary_column: 'geom',
      columns: { geom: { encoding: 'WKB', geometry_types: ['Point'], covering: { bbox: { xmin: ['box'] } } } },
    };
    const properties = new parquetWasm.WriterPropertiesBuilder().setKeyValueMetadata(new Map([['geo', JSON.stringify(geo)]])).build();
    const point = new Table({ geom: vectorFromArray([geojsonToWkb({ type: 'Point', coordinates: [1, 2] } as never)], new Binary()) });
    const malformed = parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(point, 'stream')), properties);
    const error = await readGeoParquet(malformed).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'format')).toBe(true);
    expect(String(error)).toMatch(/covering/);
  });
});
