import { type FeatureTable, type Grid, featureTableFromGeoJSON, sampleGrid } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BuildingsLayer, colorForValue, numericColumn } from '../src/index.js';
import { createCoordinateTransformer } from '../src/lib/project.js';
import { WATER_LEVEL_METRES } from './helpers/bathtub.js';
import { LAMBERT_93, OLERON_DEM_PATH } from './helpers/reference.js';
import { type Rendered, disposeRendered, pixelAt, renderLayers, savePng } from './helpers/render.js';
import { readSharedGeoTiff, readSharedJson } from './helpers/shared-data.js';

interface Collection {
  features: { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[];
}

let oleron: FeatureTable;
let dem: Grid<Float32Array>;
const frames: Rendered[] = [];
afterAll(() => frames.forEach(disposeRendered));

beforeAll(async () => {
  dem = await readSharedGeoTiff(OLERON_DEM_PATH, LAMBERT_93);
  const collection = await readSharedJson<Collection>('oleron/geojson/oleron_bati_bdtopo2015_sbn_points.geojson');
  const toLambert = createCoordinateTransformer(4326, LAMBERT_93);
  for (const feature of collection.features) {
    const [x, y] = toLambert(Float64Array.from(feature.geometry.coordinates.slice(0, 2)));
    const ground = sampleGrid(dem, x as number, y as number);
    // Bathtub water depth at the building (m), null when dry or outside the DEM.
    feature.properties.depth_m = ground !== null && ground < WATER_LEVEL_METRES ? WATER_LEVEL_METRES - ground : null;
  }
  oleron = featureTableFromGeoJSON(collection);
});

function lonLatOf(table: FeatureTable, row: number): [number, number] {
  const geometry = table.getChild('geometry')?.get(row);
  const point = geometry?.toArray?.() ?? geometry;
  return [Number(point[0]), Number(point[1])];
}

describe('BuildingsLayer', () => {
  test('Oléron BD TOPO points coloured by bathtub depth: picking returns the row and the pixel has that row’s colour', async () => {
    const depths = numericColumn(oleron, 'depth_m');
    let row = 0;
    depths.forEach((depth, index) => {
      if (depth > 1.5 && depth < 2 && row === 0) row = index;
    });
    const [longitude, latitude] = lonLatOf(oleron, row);
    const layer = new BuildingsLayer({
      id: 'buildings',
      table: oleron,
      colorColumn: 'depth_m',
      valueRange: [0, 3],
      colormap: 'blues',
      extruded: false,
      pickable: true,
    });
    const frame = await renderLayers([layer], { longitude, latitude, zoom: 16 });
    frames.push(frame);
    await savePng(frame, 'buildings-oleron-depth-flat');
    const [x, y] = frame.viewport.project([longitude, latitude]) as [number, number];
    const picked = frame.deck.pickObject({ x, y, radius: 0 });
    expect(picked?.index).toBeGreaterThanOrEqual(0);
    const pickedRow = picked?.index as number;
    expect((picked?.object as Record<string, unknown> | undefined)?.id_bdtopo).toBe(oleron.getChild('id_bdtopo')?.get(pickedRow));
    expect(pixelAt(frame, x, y)).toEqual(colorForValue(depths[pickedRow] as number, [0, 3], 'blues'));
    // A dry building (no depth) keeps the default grey.
    expect(Number.isNaN(depths.find((depth) => Number.isNaN(depth)) ?? 0)).toBe(true);
  });

  test('Dieppe real footprints (no height → 6 m default) extruded in a pitched view; picking returns the row', async () => {
    const collection = await readSharedJson<Collection>('dieppe-littosim/geojson/dieppe_buildings.geojson');
    const table = featureTableFromGeoJSON(collection, { encoding: 'geoarrow.multipolygon' });
    const layer = new BuildingsLayer({
      id: 'dieppe',
      table,
      heightColumn: 'height',
      colorColumn: 'dem_centroid',
      colormap: 'viridis',
      valueRange: [0, 60],
      pickable: true,
    });
    const frame = await renderLayers([layer], { longitude: 1.0805, latitude: 49.9245, zoom: 16.5, pitch: 50, bearing: 20 });
    frames.push(frame);
    await savePng(frame, 'buildings-dieppe-3d');
    const picked = frame.deck.pickObject({ x: 200, y: 200, radius: 2 });
    expect(picked).not.toBeNull();
    const row = picked?.index as number;
    expect((picked?.object as Record<string, unknown> | undefined)?.rec).toBe(table.getChild('rec')?.get(row));
    let covered = 0;
    for (let index = 3; index < frame.pixels.length; index += 4) if ((frame.pixels[index] as number) > 0) covered += 1;
    expect(covered).toBeGreaterThan(frame.width * frame.height * 0.05);
  });
});
