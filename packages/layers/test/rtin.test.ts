/// <reference path="./helpers/martini.d.ts" />
/**
 * Jumeau's RTIN (src/mesh/rtin.ts) against Mapbox's Martini 0.2, the independent reference: the same per-vertex
 * errors, vertices and triangles, bit for bit, on random terrains of every size, with and without forced splits of
 * long triangles, and on the real Oléron DEM padded as `createTerrainMesh` pads it.
 */
import Martini from '@mapbox/martini';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { fromFile } from 'geotiff';
import { describe, expect, it } from 'vitest';
import { rtinErrors, rtinMesh } from '../src/mesh/rtin.js';

/** Martini's tile errors, with Martini's own triangle table used to force the split of hypotenuses longer than `maximumCells`. */
function martiniErrors(
  terrain: Float32Array,
  size: number,
  maximumCells: number,
): Martini['createTile'] extends (t: Float32Array) => infer T ? T : never {
  const martini = new Martini(size);
  const tile = martini.createTile(terrain);
  const { coords, numTriangles } = martini;
  for (let triangle = 0; triangle < numTriangles; triangle += 1) {
    const k = triangle * 4;
    const [ax, ay, bx, by] = [coords[k], coords[k + 1], coords[k + 2], coords[k + 3]] as [number, number, number, number];
    if (Math.hypot(bx - ax, by - ay) > maximumCells) tile.errors[((ay + by) >> 1) * size + ((ax + bx) >> 1)] = Number.POSITIVE_INFINITY;
  }
  return tile;
}

/** Index of the first element where two arrays differ (Object.is), the shorter length if one is a prefix, or −1. */
function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  const length = Math.min(actual.length, expected.length);
  for (let index = 0; index < length; index += 1) if (!Object.is(actual[index], expected[index])) return index;
  return actual.length === expected.length ? -1 : length;
}

function expectSameAsMartini(terrain: Float32Array, size: number, maximumCells: number, bounds: readonly number[]): void {
  const tile = martiniErrors(terrain, size, maximumCells);
  const errors = rtinErrors(terrain, size, maximumCells);
  expect(firstDifference(errors, tile.errors), 'first differing error').toBe(-1);
  for (const bound of bounds) {
    const expected = tile.getMesh(bound);
    const mesh = rtinMesh(errors, size, bound);
    expect(firstDifference(mesh.vertices, expected.vertices), `first differing vertex at bound ${bound}`).toBe(-1);
    expect(firstDifference(mesh.triangles, expected.triangles), `first differing triangle at bound ${bound}`).toBe(-1);
  }
}

describe('rtinErrors and rtinMesh', () => {
  it('equal Martini on random terrains of every size, bounds and forced splits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(Number.POSITIVE_INFINITY, 2, 3, 8, 40),
        fc.constantFrom(0, 0.25, 1, 5),
        (power, seed, maximumCells, bound) => {
          const size = 2 ** power + 1;
          let state = seed;
          const random = (): number => {
            state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
            return state / 0x7fffffff;
          };
          // Relief plus noise plus flat patches (ties) and a cliff.
          const terrain = Float32Array.from({ length: size * size }, (_, cell) =>
            cell % 7 === 0 ? 3 : Math.sin(cell / 11) * 4 + random() * 2 + (cell % size > size / 2 ? 10 : 0),
          );
          expectSameAsMartini(terrain, size, maximumCells, [bound]);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('equal Martini on the Oléron DEM padded to 1025², as the terrain layer meshes it', async () => {
    const image = await (await fromFile(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'))).getImage();
    const [width, height] = [image.getWidth(), image.getHeight()];
    const data = (await image.readRasters({ interleave: true })) as unknown as Float32Array;
    const size = 1025;
    const terrain = new Float32Array(size * size);
    for (let y = 0; y < size; y += 1) {
      for (let x = 0; x < size; x += 1) {
        const value = data[Math.min(y, height - 1) * width + Math.min(x, width - 1)] as number;
        terrain[y * size + x] = value === -9999 || Number.isNaN(value) ? 0 : value;
      }
    }
    expectSameAsMartini(terrain, size, 16, [0, 0.5, 2]);
    expect(rtinMesh(rtinErrors(terrain, size, 16), size, 2).triangles.length / 3).toBeGreaterThan(10_000);
  });

  it('refuses a grid that is not (2^k + 1)²', () => {
    expect(() => rtinErrors(new Float32Array(16), 4)).toThrow(RangeError);
    expect(() => rtinErrors(new Float32Array(10), 3)).toThrow(/\(2\^k \+ 1\)²/);
    expect(() => rtinErrors(new Float32Array(1), 1)).toThrow(RangeError);
  });
});
