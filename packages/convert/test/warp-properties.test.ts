/**
 * Invariants of warp(), resample() and mosaic() checked with fast-check on random grids near Oléron, plus the
 * typed errors, cancellation and progress reporting.
 */
import { type Grid, createGrid, gridBounds, isJumeauError, setMaximumCells } from '@jumeau/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESAMPLING_METHODS, type ResamplingMethod } from '../src/warp/options.js';
import { resample } from '../src/warp/resample.js';
import { warp } from '../src/warp/warp.js';

const NODATA = -9999;

/** A random Float32 grid in Lambert-93 near Oléron, values from a small palette, some nodata. */
const gridArbitrary = fc
  .record({
    width: fc.integer({ min: 2, max: 24 }),
    height: fc.integer({ min: 2, max: 24 }),
    cellMetres: fc.integer({ min: 5, max: 200 }),
    originX: fc.integer({ min: 360_000, max: 380_000 }),
    originY: fc.integer({ min: 6_530_000, max: 6_550_000 }),
    seed: fc.array(fc.constantFrom(-3.5, 0, 1.25, 7, 12.5, 30, NODATA), { minLength: 576, maxLength: 576 }),
  })
  .map(({ width, height, cellMetres, originX, originY, seed }) =>
    createGrid({
      width,
      height,
      transform: [originX, cellMetres, 0, originY, 0, -cellMetres],
      crs: 2154,
      nodata: NODATA,
      data: Float32Array.from({ length: width * height }, (_, index) => seed[index] as number),
    }),
  );

const targetArbitrary = fc.record({
  crs: fc.constantFrom(2154, 3946, 3035, 3857, 4326),
  scale: fc.double({ min: 0.3, max: 3, noNaN: true }),
});

function resolutionFor(crs: number, grid: Grid, scale: number): number {
  const metres = grid.transform[1] * scale;
  return crs === 4326 ? metres / 80_000 : metres;
}

describe('properties', () => {
  it('nearest, mode, min and max never invent values', () => {
    fc.assert(
      fc.property(
        gridArbitrary,
        targetArbitrary,
        fc.constantFrom<ResamplingMethod>('nearest', 'mode', 'min', 'max'),
        (grid, target, method) => {
          const source = new Set(Array.from(grid.data).filter((value) => value !== NODATA));
          const warped = warp(grid, { crs: target.crs, resolution: resolutionFor(target.crs, grid, target.scale), resampling: method });
          for (const value of warped.data) if (value !== NODATA) expect(source.has(value)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('average stays within the range of the valid source values', () => {
    fc.assert(
      fc.property(gridArbitrary, targetArbitrary, (grid, target) => {
        const valid = Array.from(grid.data).filter((value) => value !== NODATA);
        fc.pre(valid.length > 0);
        const [low, high] = [Math.min(...valid), Math.max(...valid)];
        const warped = warp(grid, { crs: target.crs, resolution: resolutionFor(target.crs, grid, target.scale), resampling: 'average' });
        for (const value of warped.data) if (value !== NODATA) expect(value >= low - 1e-4 && value <= high + 1e-4).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a warp onto the source grid itself is the identity, for every method', () => {
    fc.assert(
      fc.property(gridArbitrary, fc.constantFrom(...RESAMPLING_METHODS), (grid, method) => {
        const same = warp(grid, { crs: grid.crs, bounds: gridBounds(grid), resolution: grid.transform[1], resampling: method });
        expect(same.transform).toEqual(grid.transform);
        for (let index = 0; index < grid.data.length; index += 1) {
          const expected = grid.data[index] as number;
          const actual = same.data[index] as number;
          if (expected === NODATA) expect(actual).toBe(NODATA);
          else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('integer grids stay integer: values rounded and clamped to the type (GDAL’s rule)', () => {
    // A step from 0 to 255: cubic overshoots on both sides and must be clamped to [0, 255].
    const step = Uint8Array.from({ length: 64 }, (_, index) => (index % 8 < 4 ? 0 : 255));
    const grid = createGrid({ width: 8, height: 8, transform: [0, 10, 0, 80, 0, -10], crs: 2154, nodata: null, data: step });
    const upsampled = resample(grid, { resolution: 2.5, resampling: 'cubic' });
    expect(upsampled.data).toBeInstanceOf(Uint8Array);
    expect(upsampled.nodata).toBeNull();
    expect(Math.max(...upsampled.data)).toBe(255);
    expect(Math.min(...upsampled.data)).toBe(0);
    const middle = upsampled.data[5 * upsampled.width + 15] as number;
    expect(Number.isInteger(middle)).toBe(true);
    expect(middle).toBeGreaterThan(0);
    expect(middle).toBeLessThan(255);
  });
});

function expectJumeauError(run: () => unknown, code: string, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(isJumeauError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    expect((error as Error).message).toMatch(pattern);
    return;
  }
  expect.unreachable(`expected a JumeauError ${code}`);
}

describe('bad input is refused with typed errors naming the value', () => {
  const grid = createGrid({ width: 4, height: 4, transform: [370000, 20, 0, 6540000, 0, -20], crs: 2154, dataType: 'float32' });

  it('options', () => {
    expectJumeauError(() => warp(grid, { crs: 4326, resolution: -20 }), 'input', /resolution.*got -20/);
    expectJumeauError(() => warp(grid, { crs: 4326, resolution: 1, width: 10, height: 10 }), 'input', /resolution or width\/height/);
    expectJumeauError(() => warp(grid, { crs: 4326, width: 10 }), 'input', /both width and height/);
    expectJumeauError(() => warp(grid, { crs: 2154, bounds: [10, 10, 0, 20], resolution: 1 }), 'input', /bounds/);
    expectJumeauError(() => warp(grid, { crs: 4326, resolution: 0.001, resampling: 'lanczos' as never }), 'input', /resampling.*lanczos/);
  });

  it('unknown CRS', () => {
    expectJumeauError(() => warp(grid, { crs: 'EPSG:99999', resolution: 1 }), 'crs', /99999/);
  });

  it('a grid whose data does not match its size', () => {
    expectJumeauError(() => warp({ ...grid, data: new Float32Array(3) }, { crs: 4326, resolution: 0.001 }), 'input', /3 values for 4 × 4/);
  });

  it('an absurd target size, before allocating', () => {
    expectJumeauError(() => warp(grid, { crs: 4326, resolution: 1e-9 }), 'too-large', /warp target/);
    const previous = setMaximumCells(100);
    try {
      expectJumeauError(() => resample(grid, { resolution: 1 }), 'too-large', /80 × 80 = 6400/);
    } finally {
      setMaximumCells(previous);
    }
  });
});

describe('cancellation and progress', () => {
  const grid = createGrid({ width: 200, height: 200, transform: [370000, 20, 0, 6540000, 0, -20], crs: 2154, dataType: 'float32' });

  it('an aborted signal stops the warp with an `aborted` error', () => {
    const controller = new AbortController();
    controller.abort();
    expectJumeauError(() => warp(grid, { crs: 4326, resolution: 0.0002, signal: controller.signal }), 'aborted', /.*/);
  });

  it('cancels between rows when the signal fires during the warp', () => {
    const controller = new AbortController();
    const fractions: number[] = [];
    const onProgress = (fraction: number) => {
      fractions.push(fraction);
      if (fraction >= 0.3) controller.abort();
    };
    expectJumeauError(() => warp(grid, { crs: 3946, resolution: 20, signal: controller.signal, onProgress }), 'aborted', /row/);
    expect(fractions.at(-1)).toBeLessThan(0.5);
  });

  it('reports increasing fractions per block of rows, ending at 1', () => {
    for (const method of ['bilinear', 'average'] as const) {
      const fractions: number[] = [];
      warp(grid, { crs: 3946, resolution: 20, resampling: method, onProgress: (fraction) => fractions.push(fraction) });
      expect(fractions.length).toBeGreaterThan(10);
      expect(fractions.at(-1)).toBe(1);
      for (let index = 1; index < fractions.length; index += 1) expect(fractions[index]).toBeGreaterThan(fractions[index - 1] as number);
    }
  });
});
