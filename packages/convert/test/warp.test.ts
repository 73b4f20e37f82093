/**
 * warp() against the reference: `gdalwarp -et 0` (GDAL 3.6) run live on the same target grid, for every
 * resampling method, on real data: the Oléron DEM (Lambert-93) to WGS84, Web Mercator, CC46 and LAEA Europe;
 * the LittoSIM Oléron DEM (−9999 offshore nodata); the Ventoux SRTM tile (WGS84, Int16, voids) to Lambert-93.
 */
import { join } from 'node:path';
import type { Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESAMPLING_METHODS, type ResamplingMethod } from '../src/warp/options.js';
import { warp } from '../src/warp/warp.js';
import {
  GDAL_RESAMPLING,
  createScratchFolder,
  expectGdalMatch,
  layoutArguments,
  readGeoTIFFGrid,
  readHgtGrid,
  runGdalwarp,
} from './warp-reference.js';

const OLERON_DEM = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
const LITTOSIM_DEM = sharedDataPath('oleron', 'dem_littosim_20m_ngf_l93.tif');
const VENTOUX_HGT = sharedDataPath('ventoux-srtm90', 'N44E005.hgt');

const scratch = createScratchFolder();
let oleron: Grid;
let littosim: Grid;
afterAll(() => scratch.remove());
beforeAll(async () => {
  oleron = await readGeoTIFFGrid(OLERON_DEM);
  littosim = await readGeoTIFFGrid(LITTOSIM_DEM);
});

async function gdalwarpLike(path: string, target: Grid, method: ResamplingMethod, extra: readonly string[] = []): Promise<Grid> {
  const output = join(scratch.folder, `${target.crs}-${method}-${target.width}.tif`);
  return runGdalwarp(path, output, [
    '-t_srs',
    `EPSG:${target.crs}`,
    '-r',
    GDAL_RESAMPLING[method] as string,
    ...extra,
    ...layoutArguments(target),
  ]);
}

describe.each([
  { crs: 4326, resolution: 0.00025, name: 'WGS84, 0.00025°' },
  { crs: 3857, resolution: 28, name: 'Web Mercator, 28 m' },
  { crs: 3946, resolution: 20, name: 'CC46, 20 m' },
  { crs: 3035, resolution: 20, name: 'LAEA Europe, 20 m' },
])('Oléron DEM (Lambert-93, 20 m) → $name equals gdalwarp -et 0', ({ crs, resolution }) => {
  it.each(RESAMPLING_METHODS)('%s', async (method) => {
    const warped = warp(oleron, { crs, resolution, resampling: method });
    expect(warped.crs).toBe(crs);
    const reference = await gdalwarpLike(OLERON_DEM, warped, method, ['-dstnodata', 'nan']);
    const comparison = expectGdalMatch(oleron, warped, reference, method);
    expect(comparison.compared).toBeGreaterThan(((0.9 * 631 * 906 * (20 * 20)) / (crs === 4326 ? 20 * 28 : resolution * resolution)) * 0.8);
  });
});

describe('downsampling widens bilinear and cubic as gdalwarp does (kernel scale < 0.95)', () => {
  it.each([
    { crs: 3035, resolution: 55 },
    { crs: 4326, resolution: 0.001 },
  ])('to EPSG:$crs at $resolution, every method', async ({ crs, resolution }) => {
    for (const method of RESAMPLING_METHODS) {
      const warped = warp(oleron, { crs, resolution, resampling: method });
      const reference = await gdalwarpLike(OLERON_DEM, warped, method, ['-dstnodata', 'nan']);
      expectGdalMatch(oleron, warped, reference, method);
    }
  });
});

describe('the target grid is laid out as gdalwarp lays it out', () => {
  it('without bounds: the suggested extent (same origin and size as gdalwarp -tr alone)', async () => {
    for (const [crs, resolution] of [
      [4326, 0.0003],
      [3035, 25],
    ] as const) {
      const warped = warp(oleron, { crs, resolution, resampling: 'bilinear' });
      const output = join(scratch.folder, `default-extent-${crs}.tif`);
      const reference = await runGdalwarp(OLERON_DEM, output, [
        '-t_srs',
        `EPSG:${crs}`,
        '-tr',
        String(resolution),
        String(resolution),
        '-r',
        'bilinear',
        '-dstnodata',
        'nan',
      ]);
      expect([warped.width, warped.height]).toEqual([reference.width, reference.height]);
      expect(Math.abs(warped.transform[0] - reference.transform[0])).toBeLessThan(resolution * 1e-6);
      expect(Math.abs(warped.transform[3] - reference.transform[3])).toBeLessThan(resolution * 1e-6);
    }
  });

  it('bounds and an [x, y] resolution: origin at the top-left, size rounded like -te -tr', () => {
    const warped = warp(oleron, { crs: 3946, bounds: [1360000, 5180000, 1370010, 5190000], resolution: [20, 25] });
    expect(warped.transform).toEqual([1360000, 20, 0, 5190000, 0, -25]);
    expect([warped.width, warped.height]).toEqual([Math.trunc(10010 / 20 + 0.5), 400]);
  });

  it('width/height (gdalwarp -ts) split the bounds evenly', async () => {
    const warped = warp(oleron, { crs: 3857, width: 300, height: 420, resampling: 'cubic' });
    expect([warped.width, warped.height]).toEqual([300, 420]);
    const reference = await gdalwarpLike(OLERON_DEM, warped, 'cubic', ['-dstnodata', 'nan']);
    expectGdalMatch(oleron, warped, reference, 'cubic');
  });
});

describe.each([
  { crs: 4326, resolution: 0.00025 },
  { crs: 3946, resolution: 30 },
])('nodata (LittoSIM DEM, −9999 offshore) → EPSG:$crs: excluded from every kernel as gdalwarp does', ({ crs, resolution }) => {
  it.each(RESAMPLING_METHODS)('%s', async (method) => {
    const warped = warp(littosim, { crs, resolution, resampling: method });
    expect(warped.nodata).toBe(-9999);
    const reference = await gdalwarpLike(LITTOSIM_DEM, warped, method);
    expect(reference.nodata).toBe(-9999);
    expectGdalMatch(littosim, warped, reference, method);
    // No value is pulled towards −9999 by a nodata neighbour (the LittoSIM grid's valid cells are ≥ −16 m).
    for (const value of warped.data) if (value !== -9999) expect(value).toBeGreaterThan(-30);
  });
});

describe('Ventoux SRTM 3″ tile (WGS84, Int16, voids) → Lambert-93 90 m, a window of the tile', () => {
  it.each(RESAMPLING_METHODS)('%s', async (method) => {
    const srtm = readHgtGrid(VENTOUX_HGT, 44, 5);
    const warped = warp(srtm, { crs: 2154, bounds: [860395, 6324372, 907015, 6370182], resolution: 90, resampling: method });
    expect(warped.data).toBeInstanceOf(Int16Array);
    expect([warped.width, warped.height]).toEqual([518, 509]);
    const reference = await gdalwarpLike(VENTOUX_HGT, warped, method);
    expectGdalMatch(srtm, warped, reference, method);
    const summit = warped.data.reduce((maximum, value) => Math.max(maximum, value), -Infinity);
    expect(summit).toBeGreaterThan(1850);
    expect(summit).toBeLessThanOrEqual(1912);
  });
});
