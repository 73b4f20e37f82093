/**
 * Polygons with interior rings drawn with their holes, on real data: a PPR flood-risk zone of the Charente
 * estuary (zone Rs1, a 2 km hole), the commune of Eygliers (05) around its enclave, and a Dieppe building
 * around its courtyard (extruded). The pixel at the point of the hole farthest from any edge is not filled;
 * a point of the polygon away from the hole is, with the row's colour.
 */
import { featureTableFromGeoJSON } from '@jumeau/core';
import type { Viewport } from '@deck.gl/core';
import { afterAll, describe, expect, test } from 'vitest';
import { BuildingsLayer, ChoroplethLayer, colorForValue } from '../src/index.js';
import { type Rendered, disposeRendered, pixelAt, renderLayers, savePng } from './helpers/render.js';
import { readSharedJson } from './helpers/shared-data.js';

type Position = [number, number];
interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}
interface Collection {
  type: 'FeatureCollection';
  features: Feature[];
}

const frames: Rendered[] = [];
afterAll(() => frames.forEach(disposeRendered));

function hasHole(feature: Feature): boolean {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  return polygons.some((rings) => rings.length > 1);
}

/** The first polygon of a feature that has a hole: [outer, ...holes]. */
function polygonWithHole(feature: Feature): Position[][] {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const polygon = polygons.find((rings) => rings.length > 1);
  if (!polygon) throw new Error('no polygon with a hole');
  return polygon;
}

function insideRing(point: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    const [xi, yi] = ring[index] as Position;
    const [xj, yj] = ring[previous] as Position;
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Screen distance (px) from a screen point to the nearest edge of any ring. */
function distanceToEdgesPixels(viewport: Viewport, point: Position, rings: readonly Position[][]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    const screen = ring.map((vertex) => viewport.project(vertex) as Position);
    for (let index = 1; index < screen.length; index += 1) {
      const [ax, ay] = screen[index - 1] as Position;
      const [bx, by] = screen[index] as Position;
      const length = (bx - ax) ** 2 + (by - ay) ** 2;
      const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((point[0] - ax) * (bx - ax) + (point[1] - ay) * (by - ay)) / length));
      best = Math.min(best, Math.hypot(point[0] - ax - t * (bx - ax), point[1] - ay - t * (by - ay)));
    }
  }
  return best;
}

/** The screen pixel centre farthest from every edge among those where `accept(lonLat)` holds. */
function deepestPixel(viewport: Viewport, rings: readonly Position[][], accept: (lonLat: Position) => boolean): [Position, number] {
  let best: Position = [Number.NaN, Number.NaN];
  let bestDistance = -1;
  for (let y = 2.5; y < viewport.height; y += 4) {
    for (let x = 2.5; x < viewport.width; x += 4) {
      if (!accept(viewport.unproject([x, y]) as Position)) continue;
      const distance = distanceToEdgesPixels(viewport, [x, y], rings);
      if (distance > bestDistance) [best, bestDistance] = [[x, y], distance];
    }
  }
  return [best, bestDistance];
}

/** Renders one feature, checks the hole's deepest pixel is empty and the polygon's deepest pixel has `color`. */
async function expectHoleNotFilled(
  feature: Feature,
  layerOf: (collection: Collection) => Parameters<typeof renderLayers>[0][number],
  color: readonly number[] | null,
  name: string,
) {
  const [outer, ...holes] = polygonWithHole(feature);
  const hole = holes.reduce((a, b) => (JSON.stringify(a).length > JSON.stringify(b).length ? a : b));
  const xs = hole.map(([x]) => x);
  const ys = hole.map(([, y]) => y);
  const centre: Position = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  // The hole spans about 160 px of the 400 px frame.
  const zoom = Math.log2((160 * 360) / (512 * Math.max(Math.max(...xs) - Math.min(...xs), (Math.max(...ys) - Math.min(...ys)) * 1.5)));
  const frame = await renderLayers([layerOf({ type: 'FeatureCollection', features: [feature] })], {
    longitude: centre[0],
    latitude: centre[1],
    zoom,
  });
  frames.push(frame);
  await savePng(frame, name);
  const rings = [outer as Position[], ...holes];
  const [inHole, holeDistance] = deepestPixel(frame.viewport, rings, (p) => insideRing(p, hole));
  const [inPolygon, polygonDistance] = deepestPixel(
    frame.viewport,
    rings,
    (p) => insideRing(p, outer as Position[]) && !holes.some((h) => insideRing(p, h)),
  );
  expect(holeDistance).toBeGreaterThan(3);
  expect(polygonDistance).toBeGreaterThan(3);
  expect(pixelAt(frame, inHole[0], inHole[1])[3]).toBe(0);
  // Lit extruded roofs are shaded: only coverage is checked when no exact colour is given.
  if (color) expect(pixelAt(frame, inPolygon[0], inPolygon[1])).toEqual([...color]);
  else expect(pixelAt(frame, inPolygon[0], inPolygon[1])[3]).toBe(255);
}

describe('polygon holes (interior rings) are not filled', () => {
  test('ChoroplethLayer: a PPR flood-risk zone of the Charente estuary (Rs1) around its hole', async () => {
    const ppr = await readSharedJson<Collection>('charente-estuary/geojson/PPR.geojson');
    const zone = ppr.features.find((feature) => feature.properties.CODEZONE === 'Rs1' && hasHole(feature));
    if (!zone) throw new Error('no Rs1 zone with a hole');
    const layerOf = (collection: Collection) =>
      new ChoroplethLayer({
        id: 'ppr',
        table: featureTableFromGeoJSON(collection as never, { encoding: 'geoarrow.multipolygon' }),
        series: { values: Float32Array.of(0.7), dayCount: 1 },
        valueRange: [0, 1],
      });
    await expectHoleNotFilled(zone, layerOf, colorForValue(0.7, [0, 1], 'yellow-orange-red'), 'holes-ppr-charente-rs1');
  });

  test('ChoroplethLayer: the commune of Eygliers (05052) around its enclave', async () => {
    const communes = await readSharedJson<Collection>('admin-express-2018-geojson/communes-france-simplified.geojson');
    const eygliers = communes.features.find((feature) => feature.properties.code === '05052');
    if (!eygliers) throw new Error('Eygliers not found');
    const layerOf = (collection: Collection) =>
      new ChoroplethLayer({
        id: 'commune',
        table: featureTableFromGeoJSON(collection as never, { encoding: 'geoarrow.multipolygon' }),
        series: { values: Float32Array.of(250), dayCount: 1 },
        valueRange: [0, 500],
        colormap: 'viridis',
      });
    await expectHoleNotFilled(eygliers, layerOf, colorForValue(250, [0, 500], 'viridis'), 'holes-commune-eygliers');
  });

  test('BuildingsLayer (extruded, seen from above): a Dieppe building around its courtyard', async () => {
    const buildings = await readSharedJson<Collection>('dieppe-littosim/geojson/dieppe_buildings.geojson');
    const withCourtyard = buildings.features.filter(hasHole);
    expect(withCourtyard.length).toBe(36);
    // The building with the largest footprint among them (its courtyard is widest).
    const building = withCourtyard.reduce((a, b) => (Number(a.properties.area_m2) >= Number(b.properties.area_m2) ? a : b));
    const layerOf = (collection: Collection) =>
      new BuildingsLayer({
        id: 'buildings',
        table: featureTableFromGeoJSON(collection as never, { encoding: 'geoarrow.multipolygon' }),
        extruded: true,
        defaultColor: [200, 80, 40, 255],
      });
    await expectHoleNotFilled(building, layerOf, null, 'holes-building-dieppe-courtyard');
  });
});
