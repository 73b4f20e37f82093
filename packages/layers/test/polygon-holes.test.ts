import { featureTableFromGeoJSON } from '@jumeau/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { featureRings, ringCentroids } from '../src/index.js';

function signedArea(positions: Float64Array, start: number, end: number): number {
  let area = 0;
  for (let vertex = start; vertex < end - 1; vertex += 1)
    area += positions[vertex * 2]! * positions[vertex * 2 + 3]! - positions[vertex * 2 + 2]! * positions[vertex * 2 + 1]!;
  return area / 2;
}

function trianglesArea(positions: Float64Array, indices: Uint32Array): number {
  let area = 0;
  for (let k = 0; k < indices.length; k += 3) {
    const [a, b, c] = [indices[k]!, indices[k + 1]!, indices[k + 2]!];
    area +=
      Math.abs(
        (positions[b * 2]! - positions[a * 2]!) * (positions[c * 2 + 1]! - positions[a * 2 + 1]!) -
          (positions[c * 2]! - positions[a * 2]!) * (positions[b * 2 + 1]! - positions[a * 2 + 1]!),
      ) / 2;
  }
  return area;
}

const square = (x: number, y: number, side: number, clockwise: boolean) => {
  const ring = [
    [x, y],
    [x + side, y],
    [x + side, y + side],
    [x, y + side],
    [x, y],
  ];
  return clockwise ? ring.reverse() : ring;
};

describe('featureRings with holes', () => {
  test('outer rings counter-clockwise, holes clockwise; triangles cover outer − holes; centroid exact', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -4, max: 4, noNaN: true }),
        fc.double({ min: 43, max: 49, noNaN: true }),
        fc.double({ min: 0.01, max: 0.1, noNaN: true }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (x, y, side, holeCount, clockwiseInput) => {
          const hole = side / (2 * holeCount + 1);
          const holes = Array.from({ length: holeCount }, (_, k) => square(x + hole * (2 * k + 1), y + hole, hole, !clockwiseInput));
          const table = featureTableFromGeoJSON(
            {
              type: 'FeatureCollection',
              features: [
                {
                  type: 'Feature',
                  properties: {},
                  geometry: { type: 'Polygon', coordinates: [square(x, y, side, clockwiseInput), ...holes] },
                },
              ],
            } as never,
            { encoding: 'geoarrow.multipolygon' },
          );
          const rings = featureRings(table);
          expect(Array.from(rings.ringIsHole!)).toEqual([0, ...holes.map(() => 1)]);
          expect(Array.from(rings.ringRows)).toEqual([0, ...holes.map(() => 0)]);
          const areas = Array.from({ length: holeCount + 1 }, (_, k) =>
            signedArea(rings.positions, rings.startIndices[k]!, rings.startIndices[k + 1]!),
          );
          expect(areas[0]).toBeGreaterThan(0);
          for (const area of areas.slice(1)) expect(area).toBeLessThan(0);
          const expected = side * side - holeCount * hole * hole;
          expect(trianglesArea(rings.positions, rings.indices!)).toBeCloseTo(expected, 10);
          // Holes clockwise make the area-weighted centroid subtract them: compare with the exact centroid.
          const holesMoment = holes.reduce((sum, _, k) => sum + hole * hole * (x + hole * (2 * k + 1) + hole / 2), 0);
          const centroidX = (side * side * (x + side / 2) - holesMoment) / expected;
          expect(ringCentroids(rings, 1)[0]).toBeCloseTo(centroidX, 8);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('holes: false keeps outer rings only and lets deck.gl triangulate', () => {
    const table = featureTableFromGeoJSON(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: { type: 'Polygon', coordinates: [square(0, 45, 1, false), square(0.25, 45.25, 0.5, true)] },
          },
        ],
      } as never,
      { encoding: 'geoarrow.polygon' },
    );
    expect(featureRings(table).ringRows.length).toBe(2);
    const outerOnly = featureRings(table, { holes: false });
    expect(outerOnly.ringRows.length).toBe(1);
    expect(outerOnly.indices).toBeNull();
  });
});
