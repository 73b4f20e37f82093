/**
 * reprojectTable on real layers (Martinique communes from the mapsf data set, Oléron coastal defences), checked
 * vertex by vertex against GDAL's ogr2ogr (PROJ underneath) run on the same files in the same test.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describeGeometryColumn, featureTableCrs, featureTableFromGeoJSON, geometryBuffers, type FeatureTable } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { describe, expect, it } from 'vitest';
import { reproject, reprojectTable } from '../src/index.js';

function coordinatesOf(table: FeatureTable): Float64Array {
  const chunks = geometryBuffers(table).map((buffers) => buffers.coordinates);
  const all = new Float64Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

/** ogr2ogr's reprojection of a GeoJSON file, full precision, as a feature table. */
function ogr2ogr(path: string, to: number): FeatureTable {
  const text = execFileSync(
    'ogr2ogr',
    ['-f', 'GeoJSON', '-t_srs', `EPSG:${to}`, '-lco', 'COORDINATE_PRECISION=10', '-lco', 'RFC7946=NO', '/vsistdout/', path],
    {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, OGR_CT_FORCE_TRADITIONAL_GIS_ORDER: 'YES' },
    },
  ).toString();
  return featureTableFromGeoJSON(JSON.parse(text), { crs: to });
}

const layers = [
  { name: 'Martinique communes (mapsf)', path: sharedDataPath('martinique-mapsf', 'mtq_polygons.geojson'), to: 5490 },
  {
    name: 'Oléron coastal defences (LittoSIM)',
    path: sharedDataPath('oleron', 'geojson/littosim_coastal_defenses_unrotated.geojson'),
    to: 2154,
  },
];

describe('reprojectTable', () => {
  for (const layer of layers) {
    it(`${layer.name}: every vertex within 1 mm of ogr2ogr -t_srs EPSG:${layer.to}`, () => {
      const table = featureTableFromGeoJSON(JSON.parse(readFileSync(layer.path, 'utf8')));
      const reprojected = reprojectTable(table, layer.to);
      const expected = coordinatesOf(ogr2ogr(layer.path, layer.to));
      const actual = coordinatesOf(reprojected);
      expect(actual.length).toBe(expected.length);
      expect(actual.length).toBeGreaterThan(1000);
      let largest = 0;
      for (let index = 0; index < actual.length; index += 1)
        largest = Math.max(largest, Math.abs((actual[index] as number) - (expected[index] as number)));
      expect(largest).toBeLessThan(0.001);
      expect(featureTableCrs(reprojected)).toBe(layer.to);
    });
  }

  it('shares attributes and offsets, copies only the coordinates, and keeps the input untouched', () => {
    const path = sharedDataPath('martinique-mapsf', 'mtq_polygons.geojson');
    const table = featureTableFromGeoJSON(JSON.parse(readFileSync(path, 'utf8')));
    const before = coordinatesOf(table).slice();
    const reprojected = reprojectTable(table, 'EPSG:5490');
    const info = describeGeometryColumn(table);
    for (const [index, field] of table.schema.fields.entries()) {
      if (index === info.index) continue;
      expect(reprojected.getChildAt(index)?.data[0]).toBe(table.getChildAt(index)?.data[0]);
      expect(reprojected.schema.fields[index]?.name).toBe(field.name);
    }
    const [original] = geometryBuffers(table);
    const [moved] = geometryBuffers(reprojected);
    expect(moved?.offsets[0]).toBe(original?.offsets[0]);
    expect(moved?.coordinates).not.toBe(original?.coordinates);
    expect(Array.from(coordinatesOf(table))).toEqual(Array.from(before));
    expect(reprojected.numRows).toBe(table.numRows);
    expect(reprojected.getChild('LIBGEO')?.get(0)).toBe(table.getChild('LIBGEO')?.get(0));
    expect(JSON.parse(reprojected.schema.fields[info.index]?.metadata.get('ARROW:extension:metadata') ?? '{}')).toMatchObject({
      crs: 'EPSG:5490',
    });
  });

  it('reprojects xyz points and keeps z and null geometries', () => {
    const table = featureTableFromGeoJSON({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Piton des Neiges' }, geometry: { type: 'Point', coordinates: [55.4894, -21.0997, 3070] } },
        { type: 'Feature', properties: { name: 'nothing' }, geometry: null },
      ],
    });
    const reprojected = reprojectTable(table, 2975);
    const [buffers] = geometryBuffers(reprojected);
    expect(buffers?.stride).toBe(3);
    const expected = reproject(Float64Array.of(55.4894, -21.0997), 4326, 2975);
    expect(Array.from(buffers?.coordinates.subarray(0, 3) ?? [])).toEqual([expected[0], expected[1], 3070]);
    expect(buffers?.isValid(1)).toBe(false);
  });

  it('refuses a table whose geometry column declares no CRS', () => {
    const table = featureTableFromGeoJSON({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } }],
    });
    const field = table.schema.fields[0];
    field?.metadata.delete('ARROW:extension:metadata');
    expect(() => reprojectTable(table, 2154)).toThrow(expect.objectContaining({ code: 'crs' }));
  });
});
