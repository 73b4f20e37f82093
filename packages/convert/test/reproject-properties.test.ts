/**
 * Invariants over each CRS's EPSG area of use (fast-check): geographic → CRS → geographic returns within 1e-9°,
 * CRS → geographic → CRS within 0.1 mm, for every CRS of the registry, datum shifts included.
 */
import { listCrs, type CrsDefinition } from '@jumeau/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTransformer } from '../src/index.js';
import { loadNtfGrid } from '../src/node/index.js';

const ntfGrid = await loadNtfGrid();

/** Points in the area of use, kept off the poles where longitudes are meaningless. */
function pointsIn(crs: CrsDefinition) {
  const [west, south, east, north] = crs.areaOfUse;
  const limit = crs.code === 3857 ? 85 : 89;
  return fc.array(
    // ±180° is one meridian with two eastings in world-wide CRSs (3857): stay a hair inside it.
    fc.tuple(
      fc.double({ min: Math.max(west, -179.999999), max: Math.min(east, 179.999999), noNaN: true }),
      fc.double({ min: Math.max(south, -limit), max: Math.min(north, limit), noNaN: true }),
    ),
    { minLength: 1, maxLength: 64 },
  );
}

/** The geographic CRS a projected one is checked from: its own datum family, as a user would. */
function geographicOf(crs: CrsDefinition): number {
  return crs.proj4.includes('+datum=WGS84') || crs.code === 3857 ? 4326 : 4171;
}

describe('round trips over each area of use', () => {
  for (const crs of listCrs()) {
    it(`EPSG:${crs.code} ${crs.shortName}: lon/lat → CRS → lon/lat within 1e-9°, CRS → lon/lat → CRS within 0.1 mm`, () => {
      const transformer = createTransformer(geographicOf(crs), crs.code, { ntfGrid });
      fc.assert(
        fc.property(pointsIn(crs), (points) => {
          const lonLat = Float64Array.from(points.flat());
          const projected = transformer.forward(lonLat);
          const back = transformer.inverse(projected);
          for (let index = 0; index < lonLat.length; index += 1) {
            const difference = (back[index] as number) - (lonLat[index] as number);
            // −180° and 180° are one meridian: compare longitudes modulo 360°.
            expect(Math.abs(index % 2 === 0 ? difference - 360 * Math.round(difference / 360) : difference)).toBeLessThan(1e-9);
          }
          const again = transformer.forward(back);
          for (let index = 0; index < lonLat.length; index += 1) {
            expect(Math.abs((again[index] as number) - (projected[index] as number))).toBeLessThan(crs.kind === 'projected' ? 1e-4 : 1e-9);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('batch invariants', () => {
  it('a batch equals the same points one at a time, in any order', () => {
    const transformer = createTransformer(2154, 4326);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 100_000, max: 1_200_000, noNaN: true }), fc.double({ min: 6_050_000, max: 7_100_000, noNaN: true })),
          { minLength: 1, maxLength: 50 },
        ),
        (points) => {
          const batch = transformer.forward(Float64Array.from(points.flat()));
          points.forEach((point, index) => {
            const single = transformer.forward(Float64Array.from(point));
            expect([batch[index * 2], batch[index * 2 + 1]]).toEqual([single[0], single[1]]);
          });
        },
      ),
    );
  });

  it('NaN in one point never leaks into the others', () => {
    const transformer = createTransformer(4326, 27572, { ntfGrid });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), (poisoned) => {
        const points = new Float64Array(20).map((_, index) => (index % 2 === 0 ? 2 + index / 10 : 46 + index / 20));
        points[poisoned * 2] = Number.NaN;
        const output = transformer.forward(points);
        for (let point = 0; point < 10; point += 1) expect(Number.isNaN(output[point * 2])).toBe(point === poisoned);
      }),
    );
  });
});
