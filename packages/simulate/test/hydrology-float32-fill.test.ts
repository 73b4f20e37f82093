/**
 * The Float32 kernel of the exact fill (float32-slope-tracing-flood.ts: keyed radix heap, padded closed flags, no
 * bounds tests, unrolled neighbours) against the implementation it replaced, bit for bit: the generic slope-tracing
 * kernel fed by the previous radix heap (keys re-read from the DEM's bits) and the same outlet seeding, rebuilt here.
 * Same traversal, so the same bits even where −0 and +0 meet (the only equal values with different bits).
 */
import { createGrid, isJumeauError, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillDepressions } from '../src/hydrology/index.js';
import { fillBySlopeTracing } from '../src/hydrology/slope-tracing-flood.js';
import { ProgressReporter } from '../src/kernel-options.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';

/** The radix heap of the previous Float32 fill: cells only, keys re-read from the DEM's bits. */
class PreviousRadixHeap {
  private readonly buckets: number[][] = Array.from({ length: 33 }, () => []);
  private last = 0;
  size = 0;

  constructor(private readonly bits: Uint32Array) {}

  private key(cell: number): number {
    const bits = this.bits[cell] as number;
    return bits >= 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
  }

  push(cell: number): void {
    const key = this.key(cell);
    (this.buckets[key === this.last ? 0 : 32 - Math.clz32(key ^ this.last)] as number[]).push(cell);
    this.size += 1;
  }

  pop(): number {
    if ((this.buckets[0] as number[]).length === 0) {
      let index = 1;
      while ((this.buckets[index] as number[]).length === 0) index += 1;
      const bucket = this.buckets[index] as number[];
      this.buckets[index] = [];
      this.last = bucket.reduce((minimum, cell) => Math.min(minimum, this.key(cell)), 0xffffffff);
      this.size -= bucket.length;
      for (const cell of bucket) this.push(cell);
    }
    this.size -= 1;
    return (this.buckets[0] as number[]).pop() as number;
  }
}

/** The previous exact fill of a Float32 DEM, seeding included (nodata closed; border, then nodata-adjacent outlets). */
function previousFloat32Fill(dem: Grid<Float32Array>): Float32Array {
  const { width, height } = dem;
  const z = dem.data.slice();
  const closed = new Uint8Array(z.length);
  const nodata = dem.nodata ?? Number.NaN;
  let nodataCells = 0;
  z.forEach((value, cell) => {
    if (Number.isNaN(value) || value === nodata) {
      closed[cell] = 1;
      nodataCells += 1;
    }
  });
  const open = new PreviousRadixHeap(new Uint32Array(z.buffer));
  const seed = (cell: number, mark: number): void => {
    if (closed[cell] !== 0) return;
    closed[cell] = mark;
    open.push(cell);
  };
  if (nodataCells === 0) {
    for (let column = 0; column < width; column += 1) seed(column, 1);
    for (let row = 1; row < height; row += 1) {
      seed(row * width, 1);
      seed(row * width + width - 1, 1);
    }
    for (let column = 1; column < width - 1; column += 1) seed((height - 1) * width + column, 1);
  } else {
    for (let row = 0; row < height; row += 1) {
      for (let column = 0; column < width; column += 1) {
        const border = row === 0 || column === 0 || row === height - 1 || column === width - 1;
        let touches = false;
        for (let dr = -1; dr <= 1 && !border; dr += 1) {
          for (let dc = -1; dc <= 1; dc += 1) if (closed[(row + dr) * width + column + dc] === 1) touches = true;
        }
        if (border || touches) seed(row * width + column, 2);
      }
    }
    closed.forEach((flag, cell) => {
      if (flag === 2) closed[cell] = 1;
    });
  }
  fillBySlopeTracing(z, width, height, closed, open, new ProgressReporter({}, z.length, 0, 1, 'filling'));
  return z;
}

function expectSameBits(actual: Grid, expected: Float32Array): void {
  expect(actual.data).toBeInstanceOf(Float32Array);
  const got = new Uint32Array((actual.data as Float32Array).slice().buffer);
  const want = new Uint32Array(expected.slice().buffer);
  const first = got.findIndex((bits, cell) => bits !== want[cell]);
  expect(first, first < 0 ? '' : `cell ${first}: ${actual.data[first]} instead of ${expected[first]}`).toBe(-1);
}

/** Float32 DEMs with frequent ties, −0 next to +0, and nodata as −9999 or as NaN (nodata null). */
const float32DemArbitrary = fc
  .record({
    width: fc.integer({ min: 1, max: 40 }),
    height: fc.integer({ min: 1, max: 40 }),
    seed: fc.integer(),
    levels: fc.constantFrom(3, 10, 1000),
    nodataShare: fc.constantFrom(0, 0, 0.1, 0.3),
    nanNodata: fc.boolean(),
  })
  .map(({ width, height, seed, levels, nodataShare, nanNodata }) => {
    let state = seed >>> 0;
    const random = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const data = Float32Array.from({ length: width * height }, () => {
      if (random() < nodataShare) return nanNodata ? Number.NaN : -9999;
      const value = Math.floor(random() * levels) / (levels / 4) - 1;
      return value === 0 && random() < 0.5 ? -0 : value;
    });
    return createGrid({ width, height, transform: [0, 20, 0, 0, 0, -20], crs: 2154, nodata: nanNodata ? null : -9999, data });
  });

describe('exact fill, Float32 kernel: bit-identical to the previous implementation', () => {
  it('on random Float32 DEMs (ties, ±0, nodata), run after run (the radix heap is reused)', () => {
    fc.assert(
      fc.property(float32DemArbitrary, (dem) => {
        expectSameBits(fillDepressions(dem), previousFloat32Fill(dem));
      }),
      { numRuns: 1000 },
    );
  });

  it('on a walled plateau drained by one notch (a trace front longer than the initial trace queue)', () => {
    const width = 600;
    const height = 320;
    const data = new Float32Array(width * height).fill(5);
    for (let column = 0; column < width; column += 1) {
      data[column] = 10;
      data[(height - 1) * width + column] = 10;
    }
    for (let row = 0; row < height; row += 1) {
      data[row * width] = 10;
      data[row * width + width - 1] = 10;
    }
    data[width / 2] = 0;
    const dem = createGrid({ width, height, transform: [0, 20, 0, 0, 0, -20], crs: 2154, nodata: -9999, data });
    const filled = fillDepressions(dem);
    expectSameBits(filled, previousFloat32Fill(dem));
    expect(Array.from(filled.data.subarray(width, 2 * width - 1)).slice(1)).toEqual(new Array(width - 2).fill(5));
  });

  it('on the Oléron DEM', async () => {
    const dem = (await readGeoTiffGrid(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'))) as Grid<Float32Array>;
    expect(dem.data).toBeInstanceOf(Float32Array);
    const expected = previousFloat32Fill(dem);
    expectSameBits(fillDepressions(dem), expected);
    expectSameBits(fillDepressions(dem), expected);
  });

  it('reports progress during the flood and stops when aborted, then fills the next DEM as before', async () => {
    const dem = (await readGeoTiffGrid(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'))) as Grid<Float32Array>;
    const fractions: number[] = [];
    fillDepressions(dem, { onProgress: (fraction) => fractions.push(fraction) });
    const during = fractions.filter((fraction) => fraction > 0.05 && fraction < 1);
    expect(during.length).toBeGreaterThanOrEqual(4);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);

    const controller = new AbortController();
    let thrown: unknown;
    try {
      fillDepressions(dem, {
        signal: controller.signal,
        onProgress: (fraction) => {
          if (fraction > 0.05) controller.abort();
        },
      });
    } catch (error) {
      thrown = error;
    }
    expect(isJumeauError(thrown) && thrown.code).toBe('aborted');
    expectSameBits(fillDepressions(dem), previousFloat32Fill(dem));
  });
});
