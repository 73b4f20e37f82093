import { readFileSync } from 'node:fs';
import { featureTableCrs, featureTableFromGeoJSON, featureTableToGeoJSON, geometryBuffers, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { Binary, Field, Float64, List, Schema, Struct, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { geojsonToWkb } from 'hyparquet-writer';
import * as parquetWasm from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { geometryToWkb, loadFeatureTable, readGeoParquet, reprojectTable, writeGeoParquet } from '../src/index.js';
import { readFeatureTableFile } from '../src/node/index.js';

type Feature = { type: 'Feature'; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> };
const COMMUNES_17 = sharedDataPath('admin-express-2018-geojson', 'departements/17-charente-maritime/communes-17-charente-maritime.geojson');
const communesGeoJson = JSON.parse(readFileSync(COMMUNES_17, 'utf8')) as { features: Feature[] };
const communes = featureTableFromGeoJSON(communesGeoJson, { crs: 4326, encoding: 'geoarrow.multipolygon' });

/** Multi form of a GeoJSON geometry, as Jumeau's tables hold lines and polygons. */
function asMulti(geometry: Feature['geometry']): Feature['geometry'] {
  if (geometry?.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
  if (geometry?.type === 'LineString') return { type: 'MultiLineString', coordinates: [geometry.coordinates] };
  return geometry;
}

function parquetWasmRead(bytes: Uint8Array): Table {
  return tableFromIPC(parquetWasm.readParquet(bytes).intoIPCStream());
}

function parquetWasmWrite(table: Table, geo: unknown, compression: parquetWasm.Compression): Uint8Array {
  let builder = new parquetWasm.WriterPropertiesBuilder().setCompression(compression);
  if (geo !== undefined) builder = builder.setKeyValueMetadata(new Map([['geo', JSON.stringify(geo)]]));
  const properties = builder.build();
  return parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(tableToIPC(table, 'stream')), properties);
}

describe('GeoParquet round trip on the 466 real communes of Charente-Maritime', () => {
  it('keeps every vertex, attribute and the CRS (WGS84 and Lambert-93 with PROJ’s PROJJSON)', async () => {
    for (const table of [communes, reprojectTable(communes, 2154)]) {
      const bytes = writeGeoParquet(table);
      const back = await readGeoParquet(bytes);
      expect(featureTableCrs(back)).toBe(featureTableCrs(table));
      expect(back.numRows).toBe(466);
      expect(featureTableToGeoJSON(back)).toEqual(featureTableToGeoJSON(table));
    }
  });

  it('is sniffed by loadFeatureTable and read by path from .parquet', async () => {
    const bytes = writeGeoParquet(communes, { compression: 'UNCOMPRESSED', rowGroupSize: 100 });
    expect((await loadFeatureTable(bytes)).numRows).toBe(466);
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'jumeau-geoparquet-')), 'communes.parquet');
    writeFileSync(path, bytes);
    const read = await readFeatureTableFile(path);
    expect(featureTableToGeoJSON(read).features[0]?.properties).toEqual(communesGeoJson.features[0]?.properties);
  });

  it('reads a page of rows and a subset of columns', async () => {
    const bytes = writeGeoParquet(communes, { rowGroupSize: 100 });
    const page = await readGeoParquet(bytes, { rowStart: 150, rowEnd: 250, columns: ['code'] });
    expect(page.numRows).toBe(100);
    expect(page.schema.fields.map((field) => field.name)).toEqual(['geometry', 'code']);
    expect(featureTableToGeoJSON(page).features.map((feature) => feature.properties?.code)).toEqual(
      communesGeoJson.features.slice(150, 250).map((feature) => feature.properties.code),
    );
  });
});

describe('against an independent implementation (parquet-wasm: Rust arrow-rs / parquet)', () => {
  it('arrow-rs reads what Jumeau writes: the same attributes, WKB geometries and the geo metadata', async () => {
    const bytes = writeGeoParquet(reprojectTable(communes, 2154));
    const table = parquetWasmRead(bytes);
    expect(table.numRows).toBe(466);
    expect(table.getChild('code')?.toArray()).toEqual(communesGeoJson.features.map((feature) => feature.properties.code));
    const geo = JSON.parse(table.schema.metadata.get('geo') as string);
    expect(geo.primary_column).toBe('geometry');
    expect(geo.columns.geometry.encoding).toBe('WKB');
    expect(geo.columns.geometry.geometry_types).toEqual(['MultiPolygon']);
    expect(geo.columns.geometry.crs.id).toEqual({ authority: 'EPSG', code: 2154 });
    const wkb = table.getChild('geometry')?.get(0) as Uint8Array;
    const [batch] = geometryBuffers(reprojectTable(communes, 2154));
    expect(Array.from(wkb)).toEqual(Array.from(geometryToWkb(batch as NonNullable<typeof batch>, 0) as Uint8Array));
  });

  it('arrow-rs reads GZIP pages Jumeau writes (Node zlib); ZSTD where Node has zstdCompressSync, else a typed refusal', async () => {
    const l93 = reprojectTable(communes, 2154);
    const snappy = writeGeoParquet(l93);
    const gzip = writeGeoParquet(l93, { compression: 'GZIP' });
    expect(gzip.byteLength).toBeLessThan(snappy.byteLength); // GZIP compresses WKB harder than SNAPPY
    const codes = communesGeoJson.features.map((feature) => feature.properties.code);
    expect(parquetWasmRead(gzip).getChild('code')?.toArray()).toEqual(codes);
    expect(featureTableToGeoJSON(await readGeoParquet(gzip))).toEqual(featureTableToGeoJSON(await readGeoParquet(snappy)));
    const hasZstd = typeof (process.getBuiltinModule('node:zlib') as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
    if (hasZstd) {
      const zstd = writeGeoParquet(l93, { compression: 'ZSTD' });
      expect(parquetWasmRead(zstd).getChild('code')?.toArray()).toEqual(codes);
    } else {
      expect(() => writeGeoParquet(l93, { compression: 'ZSTD' })).toThrow(/Node ≥ 22\.15/);
      try {
        writeGeoParquet(l93, { compression: 'ZSTD' });
      } catch (error) {
        expect(isJumeauError(error, 'unsupported')).toBe(true);
      }
    }
  });

  it('Jumeau reads what arrow-rs writes (WKB from another encoder, ZSTD, GZIP and SNAPPY pages)', async () => {
    const features = communesGeoJson.features.slice(0, 120);
    const wkb = features.map((feature) => geojsonToWkb(feature.geometry as never));
    const geometryField = new Field('geom', new Binary(), true);
    const schema = new Schema([geometryField, new Field('code', new Utf8(), true), new Field('area_rank', new Float64(), true)]);
    const arrow = new Table(schema, {
      geom: vectorFromArray(wkb, new Binary()),
      code: vectorFromArray(
        features.map((feature) => feature.properties.code as string),
        new Utf8(),
      ),
      area_rank: vectorFromArray(
        features.map((_feature, index) => (index % 7 === 0 ? null : index * 0.5)),
        new Float64(),
      ),
    } as never);
    const geo = {
      version: '1.0.0',
      primary_column: 'geom',
      columns: { geom: { encoding: 'WKB', geometry_types: ['Polygon', 'MultiPolygon'] } },
    };
    for (const compression of [parquetWasm.Compression.ZSTD, parquetWasm.Compression.GZIP, parquetWasm.Compression.SNAPPY]) {
      const table = await readGeoParquet(parquetWasmWrite(arrow, geo, compression));
      expect(featureTableCrs(table)).toBe(4326);
      const collection = featureTableToGeoJSON(table);
      expect(collection.features.map((feature) => feature.geometry)).toEqual(features.map((feature) => asMulti(feature.geometry)));
      expect(collection.features.map((feature) => feature.properties?.area_rank)).toEqual(
        features.map((_feature, index) => (index % 7 === 0 ? null : index * 0.5)),
      );
    }
  });
});

describe('GeoParquet 1.1 native (GeoArrow) encodings written by arrow-rs', () => {
  const xy = new Struct([new Field('x', new Float64(), false), new Field('y', new Float64(), false)]);
  const list = (child: Field['type'], name: string) => new List(new Field(name, child, true));
  it('reads point and polygon columns of {x, y} structs, with their CRS', async () => {
    const points = [{ x: -1.25, y: 45.93 }, null, { x: -1.1, y: 46.0 }];
    const polygons = [
      [
        [
          { x: 380000, y: 6540000 },
          { x: 381000, y: 6540000 },
          { x: 381000, y: 6541000 },
          { x: 380000, y: 6540000 },
        ],
      ],
      null,
      [
        [
          { x: 0, y: 0 },
          { x: 10, y: 0 },
          { x: 10, y: 10 },
          { x: 0, y: 0 },
        ],
        [
          { x: 2, y: 2 },
          { x: 3, y: 2 },
          { x: 3, y: 3 },
          { x: 2, y: 2 },
        ],
      ],
    ];
    const pointBytes = parquetWasmWrite(
      new Table({ geometry: vectorFromArray(points, xy) }),
      { version: '1.1.0', primary_column: 'geometry', columns: { geometry: { encoding: 'point', geometry_types: ['Point'] } } },
      parquetWasm.Compression.SNAPPY,
    );
    const pointTable = await readGeoParquet(pointBytes);
    expect(featureTableToGeoJSON(pointTable).features.map((feature) => feature.geometry)).toEqual([
      { type: 'Point', coordinates: [-1.25, 45.93] },
      null,
      { type: 'Point', coordinates: [-1.1, 46.0] },
    ]);
    const lambert = (await import('../src/formats/geoparquet/projjson.generated.js')).PROJJSON_BY_EPSG[2154];
    const polygonBytes = parquetWasmWrite(
      new Table({ geometry: vectorFromArray(polygons, list(list(xy, 'vertices'), 'rings')) }),
      {
        version: '1.1.0',
        primary_column: 'geometry',
        columns: { geometry: { encoding: 'polygon', geometry_types: ['Polygon'], crs: lambert } },
      },
      parquetWasm.Compression.ZSTD,
    );
    const polygonTable = await readGeoParquet(polygonBytes);
    expect(featureTableCrs(polygonTable)).toBe(2154);
    expect(featureTableToGeoJSON(polygonTable).features.map((feature) => feature.geometry)).toEqual(
      polygons.map((rings) =>
        rings === null ? null : { type: 'MultiPolygon', coordinates: [rings.map((ring) => ring.map(({ x, y }) => [x, y]))] },
      ),
    );
  });
});

describe('bad input: typed errors that name the problem', () => {
  const good = writeGeoParquet(communes);
  const cases: [string, Uint8Array | (() => Uint8Array), string, RegExp][] = [
    ['not Parquet', new TextEncoder().encode('{"type":"FeatureCollection"}'), 'format', /Not a Parquet file/],
    ['truncated', good.subarray(0, good.length - 100), 'format', /Truncated Parquet file/],
    [
      'no geo metadata',
      () => parquetWasmWrite(new Table({ code: vectorFromArray(['17300']) }), undefined, parquetWasm.Compression.SNAPPY),
      'format',
      /no "geo" key|Invalid GeoParquet "geo" metadata/,
    ],
    [
      'geo metadata without columns',
      () => parquetWasmWrite(new Table({ code: vectorFromArray(['17300']) }), { version: '1.0.0', primary_column: 'geom' }, 1),
      'format',
      /Invalid GeoParquet "geo" metadata: columns/,
    ],
    [
      'unknown CRS',
      () =>
        parquetWasmWrite(
          new Table({ geom: vectorFromArray([geojsonToWkb({ type: 'Point', coordinates: [1, 2] } as never)], new Binary()) }),
          {
            version: '1.0.0',
            primary_column: 'geom',
            columns: { geom: { encoding: 'WKB', geometry_types: ['Point'], crs: { id: { authority: 'EPSG', code: 9999 } } } },
          },
          1,
        ),
      'crs',
      /EPSG:9999 is not in Jumeau's registry/,
    ],
  ];
  for (const [name, input, code, message] of cases) {
    it(name, async () => {
      const bytes = typeof input === 'function' ? input() : input;
      const error = await readGeoParquet(bytes).catch((caught: unknown) => caught);
      expect(isJumeauError(error, code as never), String(error)).toBe(true);
      expect(String((error as Error).message)).toMatch(message);
    });
  }

  it('refuses more rows than maximumRows before reading any page', async () => {
    const error = await readGeoParquet(good, { maximumRows: 100 }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'too-large')).toBe(true);
    expect(String((error as Error).message)).toMatch(/466 rows/);
  });
});

describe('WKB writer', () => {
  const ring = fc
    .array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
      minLength: 3,
      maxLength: 12,
    })
    .map((points) => [...points, points[0] as [number, number]]);
  it('any multipolygon and multilinestring reads back identical through GeoParquet (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(ring, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(ring, { minLength: 1, maxLength: 3 }),
        async (polygons, lines) => {
          for (const geometry of [
            { type: 'MultiPolygon', coordinates: polygons },
            { type: 'MultiLineString', coordinates: lines },
          ]) {
            const table = featureTableFromGeoJSON(
              { type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: { n: 1 } }] },
              { crs: 2154 },
            );
            const back = await readGeoParquet(writeGeoParquet(table));
            expect(featureTableToGeoJSON(back).features[0]?.geometry).toEqual(geometry);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
