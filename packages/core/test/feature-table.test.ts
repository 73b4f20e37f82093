import { readFileSync } from 'node:fs';
import { Table } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeGeometryColumn,
  featureTableCrs,
  featureTableFromGeoJSON,
  featureTableFromIPC,
  featureTableToGeoJSON,
  featureTableToIPC,
  geometryBuffers,
  isJumeauError,
  readGeometry,
} from '../src/index.js';
import { sharedDataPath } from '../src/node/index.js';

function readJson(...segments: string[]): unknown {
  return JSON.parse(readFileSync(sharedDataPath(...segments), 'utf8'));
}

/** GeoJSON with numbers as Jumeau stores them (all properties present on all features, null when absent). */
function normalise(collection: { features: { geometry: unknown; properties: Record<string, unknown> | null }[] }, keys: string[]) {
  return collection.features.map((feature) => ({
    geometry: feature.geometry,
    properties: Object.fromEntries(keys.map((key) => [key, feature.properties?.[key] ?? null])),
  }));
}

describe('FeatureTable from real GeoJSON', () => {
  it('round-trips the 466 communes of Charente-Maritime (Polygon + MultiPolygon) exactly', () => {
    const collection = readJson(
      'admin-express-2018-geojson',
      'departements',
      '17-charente-maritime',
      'communes-17-charente-maritime.geojson',
    ) as {
      features: { geometry: { type: string; coordinates: unknown[] }; properties: Record<string, unknown> }[];
    };
    const table = featureTableFromGeoJSON(collection);
    expect(table.numRows).toBe(466);
    const info = describeGeometryColumn(table);
    expect(info).toMatchObject({ name: 'geometry', encoding: 'geoarrow.multipolygon', dimensions: 'xy', crs: 4326 });
    expect(table.getChild('code')?.get(0)).toBe('17457');
    const back = featureTableToGeoJSON(table);
    const promoted = collection.features.map((feature) => ({
      geometry:
        feature.geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [feature.geometry.coordinates] } : feature.geometry,
      properties: feature.properties,
    }));
    expect(back.features.map((feature) => ({ geometry: feature.geometry, properties: feature.properties }))).toEqual(promoted);
  });

  it('reads the Oléron coastal defences (lines with mixed attribute types) and survives IPC', () => {
    const collection = readJson('oleron', 'geojson', 'littosim_coastal_defenses_unrotated.geojson') as {
      features: { geometry: unknown; properties: Record<string, unknown> }[];
    };
    const table = featureTableFromGeoJSON(collection);
    expect(describeGeometryColumn(table).encoding).toMatch(/linestring/);
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}`)).toContain('alt:Float64');
    expect(table.schema.fields.map((field) => `${field.name}:${field.type}`)).toContain('type:Utf8');
    const bytes = featureTableToIPC(table);
    const again = featureTableFromIPC(bytes);
    expect(featureTableCrs(again)).toBe(4326);
    const [buffers] = geometryBuffers(again);
    expect(buffers?.coordinates.buffer).toBe(bytes.buffer);
    const keys = table.schema.fields.map((field) => field.name).filter((name) => name !== 'geometry');
    const expected = normalise(collection, keys);
    const actual = featureTableToGeoJSON(again).features.map((feature) => ({ geometry: feature.geometry, properties: feature.properties }));
    expect(actual.map((feature) => feature.properties)).toEqual(expected.map((feature) => feature.properties));
    expect(actual.map((feature) => feature.geometry?.coordinates)).toEqual(
      expected.map((feature) => {
        const geometry = feature.geometry as { type: string; coordinates: unknown[] };
        return geometry.type === 'LineString' && describeGeometryColumn(table).encoding === 'geoarrow.multilinestring'
          ? [geometry.coordinates]
          : geometry.coordinates;
      }),
    );
  });

  it('stores 24 746 building points with zero-copy coordinate buffers', () => {
    const collection = readJson('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson') as { features: unknown[] };
    const table = featureTableFromGeoJSON(collection);
    expect(table.numRows).toBe(24_746);
    const [buffers] = geometryBuffers(table);
    expect(buffers?.encoding).toBe('geoarrow.point');
    expect(buffers?.coordinates.length).toBeGreaterThanOrEqual(24_746 * 2);
    const first = (collection.features[0] as { geometry: { coordinates: number[] } }).geometry.coordinates;
    expect([buffers?.coordinates[0], buffers?.coordinates[1]]).toEqual(first);
    expect(table.getChild('hauteur')?.type.toString()).toBe('Float64');
  });
});

describe('FeatureTable encodings', () => {
  it('handles null geometries, ids, 3-D positions, booleans and nested properties', () => {
    const table = featureTableFromGeoJSON(
      {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [1, 2, 3] }, properties: { ok: true, tags: ['x'] } },
          { type: 'Feature', id: 'b', geometry: null, properties: { ok: null } },
          { type: 'Feature', id: 'c', geometry: { type: 'Point', coordinates: [4, 5] }, properties: null },
        ],
      },
      { crs: 'EPSG:2154' },
    );
    expect(describeGeometryColumn(table)).toMatchObject({ encoding: 'geoarrow.point', dimensions: 'xyz', crs: 2154 });
    expect(readGeometry(table, 0)).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(readGeometry(table, 1)).toBeNull();
    expect(readGeometry(table, 2)).toEqual({ type: 'Point', coordinates: [4, 5] });
    expect(featureTableToGeoJSON(table).features.map((feature) => feature.properties)).toEqual([
      { id: 'a', ok: true, tags: '["x"]' },
      { id: 'b', ok: null, tags: null },
      { id: 'c', ok: null, tags: null },
    ]);
  });

  it('reads a slice of a table (offsets honoured)', () => {
    const collection = {
      type: 'FeatureCollection',
      features: [0, 1, 2, 3].map((index) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: Array.from({ length: index + 2 }, (_, vertex) => [index, vertex]) },
        properties: { index },
      })),
    };
    const table = featureTableFromGeoJSON(collection).slice(1, 3);
    expect(table.numRows).toBe(2);
    expect(featureTableToGeoJSON(table).features.map((feature) => feature.properties.index)).toEqual([1, 2]);
    expect(readGeometry(table, 1)?.coordinates).toEqual([
      [2, 0],
      [2, 1],
      [2, 2],
      [2, 3],
    ]);
  });

  it('round-trips any polygon collection (property)', () => {
    const position = fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    const ring = fc.array(position, { minLength: 1, maxLength: 6 });
    const polygon = fc.array(ring, { minLength: 0, maxLength: 3 });
    const feature = fc.record({
      geometry: fc.option(fc.record({ type: fc.constant('Polygon'), coordinates: polygon }), { nil: null }),
      value: fc.option(fc.integer(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(feature, { maxLength: 12 }), (features) => {
        const collection = {
          type: 'FeatureCollection',
          features: features.map((item) => ({ type: 'Feature', geometry: item.geometry, properties: { value: item.value } })),
        };
        const back = featureTableToGeoJSON(featureTableFromIPC(featureTableToIPC(featureTableFromGeoJSON(collection, { crs: 2154 }))));
        expect(back.features.map((item) => item.geometry?.coordinates ?? null)).toEqual(
          features.map((item) => item.geometry?.coordinates ?? null),
        );
        expect(back.features.map((item) => item.properties.value)).toEqual(features.map((item) => item.value));
      }),
      { numRuns: 150 },
    );
  });

  it('rejects malformed input with typed errors that name the feature', () => {
    const bad = (geometry: unknown) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: {} }] });
    const expectCode = (fn: () => unknown, code: string, message: RegExp) => {
      try {
        fn();
        expect.unreachable();
      } catch (error) {
        expect(isJumeauError(error)).toBe(true);
        expect((error as { code: string }).code).toBe(code);
        expect((error as Error).message).toMatch(message);
      }
    };
    expectCode(() => featureTableFromGeoJSON({ type: 'Feature' }), 'format', /Invalid GeoJSON FeatureCollection/);
    expectCode(() => featureTableFromGeoJSON(bad({ type: 'Point', coordinates: ['a', 'b'] })), 'format', /Feature 0: position/);
    expectCode(() => featureTableFromGeoJSON(bad({ type: 'Polygon', coordinates: [[1, 2]] })), 'format', /Feature 0/);
    expectCode(() => featureTableFromGeoJSON(bad({ type: 'GeometryCollection', coordinates: [] })), 'unsupported', /GeometryCollection/);
    const mixed = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0]] }, properties: {} },
      ],
    };
    expectCode(() => featureTableFromGeoJSON(mixed), 'input', /mix geometry families \(Point, LineString\)/);
    expectCode(() => describeGeometryColumn(new Table()), 'input', /no GeoArrow geometry column/);
    expectCode(() => featureTableFromIPC(new Uint8Array(16)), 'format', /Arrow IPC/);
  });
});
