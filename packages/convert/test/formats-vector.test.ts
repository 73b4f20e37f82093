import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureTableCrs, featureTableFromIPC, geometryBuffers, isJumeauError, type FeatureTable } from '@jumeau/core';
import { loadFeatureTable, sniffVectorFormat, writeArrowIPC, writeGeoJSON } from '../src/formats/load-feature-table.js';
import { listGeoPackageLayers } from '../src/formats/geopackage.js';
import { readFeatureTableFile } from '../src/node/vectors/feature-table-file.js';
import { OLERON_LAYERS, run, workFolder } from './vector-fixtures.js';

/** Attributes and vertices of a layer as ogr2ogr sees them (GeoJSON export of the same layer, full precision). */
function ogrReference(source: string, layer: string): { properties: Record<string, unknown>[]; coordinates: number[] } {
  const output = join(workFolder, `reference-${layer}.geojson`);
  run('ogr2ogr', ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-lco', 'COORDINATE_PRECISION=17', output, source, layer]);
  const collection = JSON.parse(readFileSync(output, 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } | null }[];
  };
  const coordinates: number[] = [];
  const flatten = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') coordinates.push(value[0] as number, value[1] as number);
    else if (Array.isArray(value)) value.forEach(flatten);
  };
  for (const feature of collection.features) flatten(feature.geometry?.coordinates);
  return { properties: collection.features.map((feature) => feature.properties), coordinates };
}

function vertices(table: FeatureTable): number[] {
  const out: number[] = [];
  for (const buffers of geometryBuffers(table)) {
    for (let index = 0; index < buffers.coordinates.length; index += buffers.stride) {
      if (!Number.isNaN(buffers.coordinates[index]))
        out.push(buffers.coordinates[index] as number, buffers.coordinates[index + 1] as number);
    }
  }
  return out;
}

const LAYERS = ['districts', 'coastal_defenses', 'coastline', 'roads', 'land_use', 'rpp', 'spa', 'buffer_in_100m', 'convex_hull'];

describe('vector formats on the real Oléron GeoPackage, against ogr2ogr', () => {
  let gpkg: Uint8Array;
  beforeAll(() => {
    gpkg = new Uint8Array(readFileSync(OLERON_LAYERS));
  });

  it('lists the nine layers with their CRS', async () => {
    const layers = await listGeoPackageLayers(gpkg);
    expect(layers.map((layer) => layer.name).sort()).toEqual([...LAYERS].sort());
    for (const layer of layers) expect(layer.crs).toBe(2154);
  });

  for (const layer of LAYERS) {
    it(`GeoPackage layer ${layer}: same attributes and vertices as ogr2ogr`, async () => {
      const table = await loadFeatureTable(gpkg, { layer });
      const reference = ogrReference(OLERON_LAYERS, layer);
      expect(featureTableCrs(table)).toBe(2154);
      expect(table.numRows).toBe(reference.properties.length);
      expect(vertices(table)).toEqual(reference.coordinates);
      reference.properties.forEach((properties, row) => {
        for (const [name, value] of Object.entries(properties)) {
          const ours = table.getChild(name)?.get(row) as unknown;
          if (typeof value === 'number') expect(ours).toBe(value);
          else expect(ours).toBe(value === null ? null : String(value));
        }
      });
    });
  }

  it('FlatGeobuf written by ogr2ogr reads back the same districts, with the CRS of its header', async () => {
    const path = join(workFolder, 'districts.fgb');
    run('ogr2ogr', ['-f', 'FlatGeobuf', path, OLERON_LAYERS, 'districts']);
    const bytes = new Uint8Array(readFileSync(path));
    expect(sniffVectorFormat(bytes)).toBe('flatgeobuf');
    const table = await readFeatureTableFile(path);
    // ogr2ogr's FlatGeobuf writer reorders ring vertices: the reference is what ogr reads from that .fgb.
    const reference = ogrReference(path, 'districts');
    expect(featureTableCrs(table)).toBe(2154);
    expect(vertices(table)).toEqual(reference.coordinates);
    expect([...(table.getChild('dist_code') ?? [])]).toEqual(reference.properties.map((properties) => properties.dist_code));
  });

  it('GeoJSON and Arrow IPC writers round-trip, and GDAL reads the GeoJSON in Lambert-93', async () => {
    const table = await loadFeatureTable(gpkg, { layer: 'coastal_defenses' });
    const geojsonPath = join(workFolder, 'defences-written.geojson');
    const text = writeGeoJSON(table);
    await import('node:fs').then((fs) => fs.writeFileSync(geojsonPath, text));
    expect(run('ogrinfo', ['-so', '-al', geojsonPath])).toMatch(/Lambert-93/);
    const back = await loadFeatureTable(new TextEncoder().encode(text));
    expect(featureTableCrs(back)).toBe(2154);
    expect(vertices(back)).toEqual(vertices(table));
    const ipc = writeArrowIPC(table);
    expect(sniffVectorFormat(ipc)).toBe('arrow');
    const fromIpc = featureTableFromIPC(ipc);
    expect(vertices(fromIpc)).toEqual(vertices(table));
    expect([...(fromIpc.getChild('type') ?? [])]).toEqual([...(table.getChild('type') ?? [])]);
  });

  it('rejects unknown bytes and a missing layer with typed errors', async () => {
    await expect(loadFeatureTable(new Uint8Array([1, 2, 3, 4]))).rejects.toSatisfy((error) => isJumeauError(error, 'format'));
    await expect(loadFeatureTable(gpkg, { layer: 'nope' })).rejects.toThrow(/"nope" not found/);
  });
});
