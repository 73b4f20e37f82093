import { featureTableFromGeoJSON } from '@jumeau/core';
import { describe, expect, test } from 'vitest';
import {
  createSplitViews,
  featureRings,
  fitBounds,
  lonLatBoundsOf,
  ringCentroids,
  selectFlows,
  seriesValuesAt,
  transitionProgress,
} from '../src/index.js';
import reference from './reference/oleron-proj-points.json' with { type: 'json' };

const square = (x: number, y: number, side: number, clockwise = false) => {
  const ring = [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
    [x, y],
  ];
  return clockwise ? ring.reverse() : ring;
};

describe('featureRings', () => {
  const table = featureTableFromGeoJSON(
    {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'a' }, geometry: { type: 'Polygon', coordinates: [square(370000, 6540000, 100, true)] } },
        {
          type: 'Feature',
          properties: { name: 'b' },
          geometry: { type: 'MultiPolygon', coordinates: [[square(371000, 6540000, 50)], [square(372000, 6540000, 50)]] },
        },
      ],
    },
    { crs: 2154, encoding: 'geoarrow.multipolygon' },
  );

  test('one ring per polygon part, mapped to its row, reprojected and counter-clockwise', () => {
    const rings = featureRings(table);
    expect(Array.from(rings.ringRows)).toEqual([0, 1, 1]);
    expect(Array.from(rings.startIndices)).toEqual([0, 5, 10, 15]);
    let doubleArea = 0;
    for (let vertex = 0; vertex < 4; vertex += 1) {
      doubleArea +=
        (rings.positions[vertex * 2] as number) * (rings.positions[vertex * 2 + 3] as number) -
        (rings.positions[vertex * 2 + 2] as number) * (rings.positions[vertex * 2 + 1] as number);
    }
    expect(doubleArea).toBeGreaterThan(0);
    expect(rings.positions[0]).toBeGreaterThan(-1.3);
    expect(rings.positions[0]).toBeLessThan(-1.1);
  });

  test('centroids: the area-weighted centre of the parts', () => {
    const centroids = ringCentroids(featureRings(table), 2);
    const single = ringCentroids(
      featureRings(
        featureTableFromGeoJSON(
          {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [370050, 6540050] } }],
          },
          { crs: 2154 },
        ),
        { squareSideMetres: () => 100 },
      ),
      1,
    );
    expect(centroids[0]).toBeCloseTo(single[0] as number, 7);
    expect(centroids[1]).toBeCloseTo(single[1] as number, 7);
  });
});

describe('helpers', () => {
  test('fitBounds of the Oléron DEM extent contains the four PROJ corners', () => {
    const [x0, , , y0] = reference.geoTransform as number[];
    const bounds = [x0 as number, (y0 as number) - 906 * 20, (x0 as number) + 631 * 20, y0 as number] as const;
    const [west, south, east, north] = lonLatBoundsOf(bounds, 2154);
    for (const name of ['topLeft', 'topRight', 'bottomLeft', 'bottomRight'] as const) {
      const point = reference.points[name];
      expect(point.longitude).toBeGreaterThanOrEqual(west - 1e-9);
      expect(point.longitude).toBeLessThanOrEqual(east + 1e-9);
      expect(point.latitude).toBeGreaterThanOrEqual(south - 1e-9);
      expect(point.latitude).toBeLessThanOrEqual(north + 1e-9);
    }
    const view = fitBounds(bounds, 2154, { width: 800, height: 600 });
    expect(view.zoom).toBeGreaterThan(10);
    expect(view.zoom).toBeLessThan(11.5);
    expect(() => lonLatBoundsOf([1, 1, 0, 2], 2154)).toThrow(/max > min/);
  });

  test('split views: layer routing by id prefix; swipe re-centres the narrow view', () => {
    const split = createSplitViews({ split: 0.3 });
    const viewport = (id: string) => ({ id }) as never;
    const layer = (id: string) => ({ id }) as never;
    expect(split.layerFilter({ layer: layer('a:flood'), viewport: viewport('a') })).toBe(true);
    expect(split.layerFilter({ layer: layer('a:flood'), viewport: viewport('b') })).toBe(false);
    expect(split.layerFilter({ layer: layer('basemap'), viewport: viewport('b') })).toBe(true);
    const swipe = createSplitViews({ split: 0.5, mode: 'swipe' });
    const states = swipe.viewStates({ longitude: 2, latitude: 48, zoom: 10 }, 800, 600);
    expect(states.a.longitude).toBeLessThan(2);
    expect(states.b.longitude).toBe(2);
    expect(() => createSplitViews({ split: 1 })).toThrow(/split must be in \(0, 1\), got 1/);
  });

  test('series values interpolate between days and clamp', () => {
    const series = { values: new Float32Array([0, 10, 2, 20, 4, 40]), dayCount: 3 };
    expect(Array.from(seriesValuesAt(series, 2, 0.5))).toEqual([1, 15]);
    expect(Array.from(seriesValuesAt(series, 2, 9))).toEqual([4, 40]);
    expect(() => seriesValuesAt(series, 3, 0)).toThrow(/expected dayCount × rows = 3 × 3/);
  });

  test('flows: threshold, internal flows dropped, smallest first, widths proportional', () => {
    const centroids = new Float64Array([0, 0, 1, 1, 2, 2]);
    const arcs = selectFlows(
      centroids,
      {
        origins: Int32Array.from([0, 0, 1, 2]),
        destinations: Int32Array.from([1, 0, 2, 0]),
        counts: Float64Array.from([500, 9000, 100, 1000]),
      },
      { minimumCount: 200, maximumWidthPixels: 10 },
    );
    expect(Array.from(arcs.flowIndices)).toEqual([0, 3]);
    expect(Array.from(arcs.widths)).toEqual([5, 10]);
    expect(Array.from(arcs.targets.slice(2))).toEqual([0, 0]);
  });

  test('transition progress eases from 0 to 1', () => {
    expect(transitionProgress(0, -5, 600)).toBe(0);
    expect(transitionProgress(0, 300, 600)).toBeCloseTo(0.5, 12);
    expect(transitionProgress(0, 900, 600)).toBe(1);
    expect(transitionProgress(0, 0, 0)).toBe(1);
  });
});
