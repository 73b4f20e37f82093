/**
 * D8 directions across flats (Barnes, Lehman & Mulla 2014b), checked against a plain relaxation reference of the
 * paper's gradients, on a synthetic flat with one outlet, with fast-check invariants and on the real Oléron DEM.
 */
import { createGrid, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFlowAccumulation, computeFlowDirections, computeWatershed, fillDepressions } from '../src/hydrology/index.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';
import { downstreamOf, referenceFlatGradient, referenceNeighbours } from './helpers/reference-flats.js';

/** Small DEMs with few distinct levels (0–3), so that filled surfaces have many flats; some nodata. */
const flatDemArbitrary = fc
  .record({
    width: fc.integer({ min: 1, max: 14 }),
    height: fc.integer({ min: 1, max: 14 }),
    seed: fc.integer(),
    nodataShare: fc.constantFrom(0, 0, 0.1),
    levels: fc.constantFrom(2, 3, 4),
  })
  .map(({ width, height, seed, nodataShare, levels }) => {
    let state = seed >>> 0;
    const random = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const data = Float32Array.from({ length: width * height }, () => (random() < nodataShare ? -9999 : Math.floor(random() * levels)));
    return createGrid({ width, height, transform: [0, 20, 0, 0, 0, -20], crs: 2154, nodata: -9999, data });
  });

/** Where each valid cell's flow path ends: the number of cells whose path leaves the grid or reaches nodata. */
function cellsReachingAnOutlet(directions: Grid): number {
  const accumulation = computeFlowAccumulation(directions);
  let sum = 0;
  directions.data.forEach((code, cell) => {
    if (code === 255 || code === 0) return;
    const target = downstreamOf(directions, cell, code);
    if (target < 0 || directions.data[target] === 255) sum += accumulation.data[cell] as number;
  });
  return sum;
}

describe('D8 directions across flats (Barnes, Lehman & Mulla 2014b)', () => {
  it('drains a 48 × 48 flat walled on the border through its single outlet', () => {
    const size = 50;
    const data = new Float32Array(size * size).fill(5);
    for (let index = 0; index < size; index += 1) {
      data[index] = 10;
      data[(size - 1) * size + index] = 10;
      data[index * size] = 10;
      data[index * size + size - 1] = 10;
    }
    const outlet = 17 * size + size - 1; // on the east wall, at the level of the flat
    data[outlet] = 5;
    const dem = createGrid({ width: size, height: size, transform: [0, 1, 0, size, 0, -1], crs: 2154, data });
    const directions = computeFlowDirections(fillDepressions(dem));
    expect(directions.data.filter((code) => code === 0)).toHaveLength(0);
    expect(directions.data[outlet]).toBe(1); // off the grid, to the east
    expect(computeFlowAccumulation(directions).data[outlet]).toBe(size * size);
    const basin = computeWatershed(directions, { outlet: { x: size - 0.5, y: size - 17.5 } });
    expect(basin.data.reduce((sum, value) => sum + value, 0)).toBe(size * size);
    const unresolved = computeFlowDirections(dem, { resolveFlats: false });
    expect(unresolved.data.filter((code) => code === 0)).toHaveLength(48 * 48); // the whole flat: no cell of it, not even next to the outlet, is above a lower cell
  });

  it('follows the combined gradient 2t + (H − a) of the paper, as a plain relaxation reference computes it', () => {
    fc.assert(
      fc.property(flatDemArbitrary, (dem) => {
        const filled = fillDepressions(dem);
        const raw = computeFlowDirections(filled, { resolveFlats: false }).data;
        const resolved = computeFlowDirections(filled).data;
        const { combined, flat } = referenceFlatGradient(filled, raw);
        resolved.forEach((code, cell) => {
          if (raw[cell] !== 0) {
            expect(code, `cell ${cell} kept its steepest-descent direction`).toBe(raw[cell]);
            return;
          }
          expect(code, `undrained cell ${cell} of a filled DEM got a direction`).not.toBe(0);
          const target = downstreamOf(filled, cell, code);
          expect(flat[target], `cell ${cell} drains within its flat`).toBe(flat[cell]);
          const smallest = Math.min(
            ...referenceNeighbours(filled, cell)
              .filter((m) => flat[m] === flat[cell])
              .map((m) => combined[m] as number),
          );
          expect(combined[target], `cell ${cell} drains to the smallest gradient`).toBe(smallest);
          expect(combined[target] as number).toBeLessThan(combined[cell] as number);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('leaves no valid cell of a filled DEM without a direction, and every cell drains to an outlet (fast-check)', () => {
    fc.assert(
      fc.property(flatDemArbitrary, (dem) => {
        const directions = computeFlowDirections(fillDepressions(dem));
        const validCells = directions.data.filter((code) => code !== 255).length;
        expect(directions.data.filter((code) => code === 0)).toHaveLength(0);
        expect(cellsReachingAnOutlet(directions)).toBe(validCells);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves undrained pits of an unfilled DEM at 0 and resolves only flats with an outlet', () => {
    // a 1-cell pit (0) surrounded by a flat at 5 that spills east over the border
    const dem = createGrid({
      width: 4,
      height: 3,
      transform: [0, 1, 0, 3, 0, -1],
      crs: 2154,
      data: Float32Array.from([9, 9, 9, 9, 9, 0, 5, 5, 9, 9, 9, 9]),
    });
    const directions = computeFlowDirections(dem);
    expect(directions.data[5]).toBe(0);
    expect(directions.data[7]).toBe(1);
  });

  it('drains every valid cell of the exactly filled Oléron DEM to the border, none left at 0', async () => {
    const dem = await readGeoTiffGrid(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
    const filled = fillDepressions(dem);
    const raw = computeFlowDirections(filled, { resolveFlats: false });
    const flatCells = raw.data.filter((code) => code === 0).length;
    expect(flatCells).toBeGreaterThan(1000); // the filled marshes and lakes are flats
    const directions = computeFlowDirections(filled);
    expect(directions.data.filter((code) => code === 0)).toHaveLength(0);
    expect(cellsReachingAnOutlet(directions)).toBe(dem.data.length);
  });
});
