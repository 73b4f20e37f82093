/**
 * resample() against `gdalwarp -tr` / `-ts` on the same CRS (GDAL 3.6, run live), every method, up and down
 * (kernels widened when downsampling), on the Oléron DEMs, with and without nodata.
 */
import { join } from 'node:path';
import type { Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESAMPLING_METHODS } from '../src/warp/options.js';
import { resample } from '../src/warp/resample.js';
import { GDAL_RESAMPLING, createScratchFolder, expectGdalMatch, layoutArguments, readGeoTIFFGrid, runGdalwarp } from './warp-reference.js';

const OLERON_DEM = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
const LITTOSIM_DEM = sharedDataPath('oleron', 'dem_littosim_20m_ngf_l93.tif');
const scratch = createScratchFolder();
let oleron: Grid;
let littosim: Grid;
beforeAll(async () => {
  oleron = await readGeoTIFFGrid(OLERON_DEM);
  littosim = await readGeoTIFFGrid(LITTOSIM_DEM);
});
afterAll(() => scratch.remove());

describe.each([
  { resolution: 50, name: 'downsampling 20 → 50 m (kernels widened)' },
  { resolution: 40, name: 'downsampling 20 → 40 m (integer ratio, aligned cells)' },
  { resolution: 7, name: 'upsampling 20 → 7 m' },
])('Oléron DEM, $name, equals gdalwarp -tr', ({ resolution }) => {
  it.each(RESAMPLING_METHODS)('%s', async (method) => {
    const resampled = resample(oleron, { resolution, resampling: method });
    expect(resampled.crs).toBe(2154);
    const output = join(scratch.folder, `resample-${resolution}-${method}.tif`);
    const reference = await runGdalwarp(OLERON_DEM, output, [
      '-r',
      GDAL_RESAMPLING[method] as string,
      '-dstnodata',
      'nan',
      ...layoutArguments(resampled),
    ]);
    expectGdalMatch(oleron, resampled, reference, method);
  });
});

describe('LittoSIM DEM with −9999 nodata, 20 → 60 m', () => {
  it.each(RESAMPLING_METHODS)('%s', async (method) => {
    const resampled = resample(littosim, { resolution: 60, resampling: method });
    const output = join(scratch.folder, `resample-littosim-${method}.tif`);
    const reference = await runGdalwarp(LITTOSIM_DEM, output, ['-r', GDAL_RESAMPLING[method] as string, ...layoutArguments(resampled)]);
    expectGdalMatch(littosim, resampled, reference, method);
  });
});

describe('layout', () => {
  it('without bounds keeps the source extent: 20 → 40 m halves the size', () => {
    const resampled = resample(oleron, { resolution: 40, resampling: 'average' });
    expect([resampled.width, resampled.height]).toEqual([Math.trunc(631 / 2 + 0.5), 453]);
    expect(resampled.transform[0]).toBeCloseTo(oleron.transform[0], 6);
    expect(resampled.transform[3]).toBeCloseTo(oleron.transform[3], 6);
  });

  it('width/height equal gdalwarp -ts', async () => {
    const resampled = resample(oleron, { width: 200, height: 300, resampling: 'bilinear' });
    const output = join(scratch.folder, 'resample-ts.tif');
    const reference = await runGdalwarp(OLERON_DEM, output, ['-r', 'bilinear', '-ts', '200', '300', '-dstnodata', 'nan']);
    expectGdalMatch(oleron, resampled, reference, 'bilinear');
  });

  it('average over aligned 2 × 2 blocks is the plain mean of the four cells', () => {
    const resampled = resample(oleron, { resolution: 40, resampling: 'average' });
    const { data } = oleron;
    const at = (column: number, row: number) => data[row * 631 + column] as number;
    for (const [column, row] of [
      [10, 10],
      [150, 200],
      [300, 440],
    ] as const) {
      const mean =
        (at(2 * column, 2 * row) + at(2 * column + 1, 2 * row) + at(2 * column, 2 * row + 1) + at(2 * column + 1, 2 * row + 1)) / 4;
      expect(resampled.data[row * resampled.width + column]).toBeCloseTo(mean, 4);
    }
  });
});
