import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createGrid, isJumeauError, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeFlowAccumulation,
  computeFlowDirections,
  computeWatershed,
  fillDepressions,
  nextUpFloat32,
  nextUpFloat64,
} from '../src/hydrology/index.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';
import { OFFSETS } from './helpers/reference-flats.js';
import { referenceFill } from './helpers/reference-fill.js';

const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');

/** Valid 8-neighbours of a cell (nodata and off-grid left out), and whether the cell is an outlet. */
function neighbourhood(grid: Grid, cell: number): { values: number[]; isOutlet: boolean } {
  const row = Math.floor(cell / grid.width);
  const column = cell % grid.width;
  const values: number[] = [];
  let isOutlet = false;
  for (const [dr, dc] of OFFSETS) {
    const r = row + dr;
    const c = column + dc;
    const value = r < 0 || c < 0 || r >= grid.height || c >= grid.width ? Number.NaN : (grid.data[r * grid.width + c] as number);
    if (Number.isNaN(value) || value === grid.nodata) isOutlet = true;
    else values.push(value);
  }
  return { values, isOutlet };
}

function isValid(grid: Grid, cell: number): boolean {
  const value = grid.data[cell] as number;
  return !Number.isNaN(value) && value !== grid.nodata;
}

/** Counts what must hold after a fill: no value below the DEM, no interior pit, (ε) a strictly lower neighbour. */
function fillDefects(dem: Grid, filled: Grid, strict: boolean): string[] {
  const defects: string[] = [];
  for (let cell = 0; cell < dem.data.length && defects.length < 5; cell += 1) {
    if (!isValid(dem, cell)) {
      if (!Object.is(filled.data[cell], dem.data[cell])) defects.push(`nodata cell ${cell} changed`);
      continue;
    }
    if ((filled.data[cell] as number) < (dem.data[cell] as number)) defects.push(`cell ${cell} below the DEM`);
    const { values, isOutlet } = neighbourhood(filled, cell);
    if (isOutlet) continue;
    const lowest = Math.min(...values);
    const value = filled.data[cell] as number;
    if (strict ? lowest >= value : lowest > value) defects.push(`cell ${cell} (${value}) is a pit, lowest neighbour ${lowest}`);
  }
  return defects;
}

/** A random DEM (integers 0…9 m as Float32, so that ties and flats are frequent) with some nodata. */
const demArbitrary = fc
  .record({
    width: fc.integer({ min: 1, max: 12 }),
    height: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer(),
    nodataShare: fc.constantFrom(0, 0, 0.15),
  })
  .map(({ width, height, seed, nodataShare }) => {
    let state = seed >>> 0;
    const random = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const data = Float32Array.from({ length: width * height }, () => (random() < nodataShare ? -9999 : Math.floor(random() * 10)));
    return createGrid({ width, height, transform: [0, 20, 0, 0, 0, -20], crs: 2154, nodata: -9999, data });
  });

/** Sum of the accumulation over cells whose flow leaves the grid, reaches nodata or stops (direction 0). */
function outletAccumulationSum(directions: Grid, accumulation: Grid): number {
  let sum = 0;
  for (let cell = 0; cell < directions.data.length; cell += 1) {
    const code = directions.data[cell] as number;
    if (code === 255) continue;
    const index = Math.log2(code);
    const [dr, dc] = code === 0 ? [0, 0] : (OFFSETS[index] as readonly [number, number]);
    const r = Math.floor(cell / directions.width) + dr;
    const c = (cell % directions.width) + dc;
    const leaves =
      code === 0 || r < 0 || c < 0 || r >= directions.height || c >= directions.width || directions.data[r * directions.width + c] === 255;
    if (leaves) sum += accumulation.data[cell] as number;
  }
  return sum;
}

describe('Priority-Flood depression filling (Barnes et al. 2014)', () => {
  it('equals the Planchon–Darboux reference fill (exact variant) and leaves no pit', () => {
    fc.assert(
      fc.property(demArbitrary, (dem) => {
        const filled = fillDepressions(dem);
        const expected = referenceFill(dem);
        filled.data.forEach((value, cell) => {
          if (isValid(dem, cell)) expect(value, `cell ${cell}`).toBe(expected[cell]);
        });
        expect(fillDefects(dem, filled, false)).toEqual([]);
        expect(Array.from(fillDepressions(filled).data)).toEqual(Array.from(filled.data));
      }),
      { numRuns: 500 },
    );
  });

  it('ε variant: ≥ the exact fill, within a few ulps of it, and every interior cell has a strictly lower neighbour', () => {
    fc.assert(
      fc.property(demArbitrary, (dem) => {
        const exact = fillDepressions(dem);
        const drained = fillDepressions(dem, { variant: 'epsilon' });
        expect(fillDefects(dem, drained, true)).toEqual([]);
        drained.data.forEach((value, cell) => {
          if (!isValid(dem, cell)) return;
          expect(value).toBeGreaterThanOrEqual(exact.data[cell] as number);
          expect(value - (exact.data[cell] as number)).toBeLessThan(1e-4);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('D8 + accumulation: every valid cell is counted once at an outlet, none stays without direction after ε fill', () => {
    fc.assert(
      fc.property(demArbitrary, (dem) => {
        const directions = computeFlowDirections(fillDepressions(dem, { variant: 'epsilon' }));
        const accumulation = computeFlowAccumulation(directions);
        let validCells = 0;
        for (let cell = 0; cell < dem.data.length; cell += 1) {
          if (!isValid(dem, cell)) {
            expect(directions.data[cell]).toBe(255);
            expect(accumulation.data[cell]).toBe(-1);
            continue;
          }
          validCells += 1;
          expect(directions.data[cell]).not.toBe(0);
          expect(accumulation.data[cell]).toBeGreaterThanOrEqual(1);
        }
        expect(outletAccumulationSum(directions, accumulation)).toBe(validCells);
      }),
      { numRuns: 400 },
    );
  });

  it('follows ESRI codes and conventions on a hand-checked grid', () => {
    // The centre drains S (code 4): drop 3 over 20 m (0.15) beats SE, drop 4 over 28.3 m (0.141). The NW corner has
    // no lower neighbour: as an outlet it flows off the grid, first such direction in ESRI order = SW (8). The SE
    // corner (5 m, lowest) flows off the grid to the E (1) and collects 8 cells: itself, 7 → {6, 3, 4}, 5 → {1, 2}.
    const dem = createGrid({
      width: 3,
      height: 3,
      transform: [0, 20, 0, 60, 0, -20],
      crs: 2154,
      data: Float32Array.from([9, 9, 9, 9, 9, 8, 9, 6, 5]),
    });
    const directions = computeFlowDirections(dem);
    expect(Array.from(directions.data)).toEqual([8, 2, 4, 2, 4, 4, 1, 1, 1]);
    const accumulation = computeFlowAccumulation(directions);
    expect(accumulation.data[8]).toBe(8);
    expect(accumulation.data[0]).toBe(1);
    expect(outletAccumulationSum(directions, accumulation)).toBe(9);
  });

  it('computes watersheds that hold exactly the accumulation of their outlet', () => {
    fc.assert(
      fc.property(demArbitrary, fc.nat(), (dem, pick) => {
        const directions = computeFlowDirections(fillDepressions(dem, { variant: 'epsilon' }));
        const accumulation = computeFlowAccumulation(directions);
        const cell = pick % dem.data.length;
        if (!isValid(dem, cell)) return;
        const x = 20 * (cell % dem.width) + 10;
        const y = -20 * Math.floor(cell / dem.width) - 10;
        const basin = computeWatershed(directions, { outlet: { x, y } });
        expect(basin.data.reduce((sum, value) => sum + value, 0)).toBe(accumulation.data[cell]);
      }),
      { numRuns: 300 },
    );
  });

  it('ε fill keeps a drained Float32 valley where it is (regression: found by fast-check)', () => {
    const values = [2, 9, 7, 9, 5, 8, 6, 6, 3, 6, 9, 5, 4, 9, 1, 1, 7, 6, 8, 0, 3, 8, 2, 8, 7, 0, 2, 4, 7, 6];
    const dem = createGrid({ width: 6, height: 5, transform: [0, 20, 0, 0, 0, -20], crs: 2154, data: Float32Array.from(values) });
    const drained = fillDepressions(dem, { variant: 'epsilon' });
    for (const [cell, value] of drained.data.entries()) expect(value - (values[cell] as number), `cell ${cell}`).toBeLessThan(1e-5);
  });

  it('steps ε by one unit in the last place', () => {
    expect(nextUpFloat32(1)).toBe(1 + 2 ** -23);
    expect(nextUpFloat32(-1)).toBe(-(1 - 2 ** -24));
    expect(nextUpFloat32(0)).toBe(2 ** -149);
    expect(nextUpFloat64(1)).toBe(1 + Number.EPSILON);
    expect(nextUpFloat64(0)).toBe(Number.MIN_VALUE);
  });

  it('rejects bad input with typed errors', () => {
    const integerDem = createGrid({ width: 2, height: 2, transform: [0, 1, 0, 2, 0, -1], crs: 2154, data: Int16Array.from([1, 2, 3, 4]) });
    expect(Array.from(fillDepressions(integerDem).data)).toEqual([1, 2, 3, 4]);
    const catchError = (action: () => unknown): unknown => {
      try {
        action();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const unsupported = catchError(() => fillDepressions(integerDem, { variant: 'epsilon' }));
    expect(isJumeauError(unsupported) && unsupported.code).toBe('unsupported');
    const badVariant = catchError(() => fillDepressions(integerDem, { variant: 'fast' as 'exact' }));
    expect(isJumeauError(badVariant) && badVariant.code).toBe('input');
    const badCodes = createGrid({
      width: 2,
      height: 1,
      transform: [0, 1, 0, 1, 0, -1],
      crs: 2154,
      nodata: 255,
      data: Uint8Array.from([3, 1]),
    });
    expect(() => computeFlowAccumulation(badCodes)).toThrow(/Flow direction 3 at cell 0 .* not an ESRI D8 code/);
    const loop = createGrid({
      width: 2,
      height: 1,
      transform: [0, 1, 0, 1, 0, -1],
      crs: 2154,
      nodata: 255,
      data: Uint8Array.from([1, 16]),
    });
    expect(() => computeFlowAccumulation(loop)).toThrow(/loop: 2 cells/);
    expect(() => computeWatershed(loop, { outlet: { x: 5, y: 0.5 } })).toThrow(/Outlet \(5, 0.5\) is outside/);
  });
});

describe('hydrology on the Oléron 20 m DEM', () => {
  let dem: Grid;
  beforeAll(async () => {
    dem = await readGeoTiffGrid(demPath);
  });

  it('fills like the Planchon–Darboux reference on a 150 × 150 window of marshes and leaves no pit on the whole DEM', () => {
    const filled = fillDepressions(dem);
    expect(fillDefects(dem, filled, false)).toEqual([]);
    let raised = 0;
    for (let cell = 0; cell < dem.data.length; cell += 1) if (filled.data[cell] !== dem.data[cell]) raised += 1;
    expect(raised).toBeGreaterThan(10_000);
    const window = { column: 300, row: 350, size: 150 };
    const data = new Float32Array(window.size * window.size);
    for (let row = 0; row < window.size; row += 1) {
      data.set(
        dem.data.subarray(
          (window.row + row) * dem.width + window.column,
          (window.row + row) * dem.width + window.column + window.size,
        ) as Float32Array,
        row * window.size,
      );
    }
    const crop = createGrid({ width: window.size, height: window.size, transform: [0, 20, 0, 0, 0, -20], crs: 2154, data });
    expect(Array.from(fillDepressions(crop).data)).toEqual(Array.from(referenceFill(crop)));
  });

  it('equals GRASS r.terraflow’s filled DEM bit for bit (DEM + 20 m; digest from reference/terraflow-fill.sh)', () => {
    const reference = JSON.parse(readFileSync(new URL('./reference/terraflow-fill-oleron.json', import.meta.url), 'utf8')) as {
      sha256OfFloat32LittleEndian: string;
    };
    const shifted = { ...dem, data: Float32Array.from(dem.data, (value) => value + 20) };
    const filled = fillDepressions(shifted);
    const digest = createHash('sha256')
      .update(new Uint8Array(filled.data.buffer, filled.data.byteOffset, filled.data.byteLength))
      .digest('hex');
    expect(digest).toBe(reference.sha256OfFloat32LittleEndian);
  });

  it('drains every valid cell to the border after the ε fill', () => {
    const directions = computeFlowDirections(fillDepressions(dem, { variant: 'epsilon' }));
    expect(directions.data.indexOf(0)).toBe(-1);
    const accumulation = computeFlowAccumulation(directions);
    expect(outletAccumulationSum(directions, accumulation)).toBe(dem.data.length);
    const outlet = accumulation.data.reduce((best, value, cell) => (value > (accumulation.data[best] as number) ? cell : best), 0);
    const x = dem.transform[0] + 20 * (outlet % dem.width) + 10;
    const y = dem.transform[3] - 20 * Math.floor(outlet / dem.width) - 10;
    const basin = computeWatershed(directions, { outlet: { x, y } });
    expect(basin.data.reduce((sum, value) => sum + value, 0)).toBe(accumulation.data[outlet]);
  });
});

describe('exact fill on every DEM data type (radix heap for Float32, binary heap otherwise)', () => {
  it('gives the same filled values on Int16, Int32 and Float64 copies as on the Float32 DEM, and as Planchon–Darboux', () => {
    fc.assert(
      fc.property(demArbitrary, (dem) => {
        const expected = referenceFill(dem);
        for (const ArrayType of [Int16Array, Int32Array, Float64Array] as const) {
          const copy = createGrid({ ...dem, data: ArrayType.from(dem.data) });
          const filled = fillDepressions(copy);
          filled.data.forEach((value, cell) => {
            if (Number.isNaN(expected[cell])) expect(value).toBe(-9999);
            else expect(value, `${ArrayType.name} cell ${cell}`).toBe(expected[cell]);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
