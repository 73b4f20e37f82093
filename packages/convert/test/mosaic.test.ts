/**
 * mosaic() on the two Oléron DEMs: the national-style DEM (no nodata) and the LittoSIM DEM (−9999 offshore),
 * with both priorities and inputs in two CRSs, against `gdalwarp` given the same inputs in painting order (it
 * paints later inputs over earlier ones where they have values). Provenance is checked cell by cell.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { type Grid, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosaic } from '../src/warp/mosaic.js';
import { compareGrids, createScratchFolder, layoutArguments, readGeoTIFFGrid, runGdalwarp } from './warp-reference.js';

const OLERON_DEM = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
const LITTOSIM_DEM = sharedDataPath('oleron', 'dem_littosim_20m_ngf_l93.tif');
const scratch = createScratchFolder();
const NATIONAL_60M = join(scratch.folder, 'national-60m.tif');
const LITTOSIM_CC46 = join(scratch.folder, 'littosim-cc46.tif');
let oleron: Grid;
let littosim: Grid;
let national: Grid;
let littosimCc46: Grid;

beforeAll(async () => {
  oleron = await readGeoTIFFGrid(OLERON_DEM);
  littosim = await readGeoTIFFGrid(LITTOSIM_DEM);
  // A coarse "national" DEM (60 m) and the local LittoSIM DEM moved to CC46, both made by GDAL itself.
  execFileSync('gdalwarp', ['-q', '-overwrite', '-tr', '60', '60', '-r', 'average', OLERON_DEM, NATIONAL_60M]);
  execFileSync('gdalwarp', [
    '-q',
    '-overwrite',
    '-et',
    '0',
    '-t_srs',
    'EPSG:3946',
    '-tr',
    '20',
    '20',
    '-r',
    'near',
    LITTOSIM_DEM,
    LITTOSIM_CC46,
  ]);
  national = await readGeoTIFFGrid(NATIONAL_60M);
  littosimCc46 = await readGeoTIFFGrid(LITTOSIM_CC46);
});
afterAll(() => scratch.remove());

function isValid(grid: Grid, index: number): boolean {
  const value = grid.data[index] as number;
  return !Number.isNaN(value) && value !== grid.nodata;
}

describe('priority latest: later inputs paint over earlier ones, as gdalwarp does', () => {
  it('Oléron DEM then LittoSIM DEM (same 20 m grid): LittoSIM wherever it has data', async () => {
    const { grid, provenance } = mosaic([oleron, littosim], { priority: 'latest' });
    expect([grid.width, grid.height, grid.crs]).toEqual([631, 906, 2154]);
    expect(provenance.data).toBeInstanceOf(Uint8Array);
    let wrong = 0;
    for (let index = 0; index < grid.data.length; index += 1) {
      const fromLittosim = isValid(littosim, index);
      if (provenance.data[index] !== (fromLittosim ? 1 : 0)) wrong += 1;
      if (grid.data[index] !== (fromLittosim ? littosim.data[index] : oleron.data[index])) wrong += 1;
    }
    expect(wrong).toBe(0);
    const reference = await runGdalwarp([OLERON_DEM, LITTOSIM_DEM], join(scratch.folder, 'latest.tif'), [
      '-r',
      'near',
      '-dstnodata',
      '-9999',
      ...layoutArguments(grid),
    ]);
    expect(compareGrids(grid, reference).maximumDifference).toBe(0);
  });
});

describe('priority finest: the finer acquisition overrides the coarser whatever the order', () => {
  it('LittoSIM 20 m over a 60 m national DEM, bilinear, equals gdalwarp national then LittoSIM', async () => {
    const { grid, provenance } = mosaic([littosim, national], { priority: 'finest', resampling: 'bilinear' });
    expect(grid.transform[1]).toBe(20);
    const reference = await runGdalwarp(NATIONAL_60M, join(scratch.folder, 'finest.tif'), [
      '-r',
      'bilinear',
      '-dstnodata',
      '-9999',
      ...layoutArguments(grid),
    ]);
    // gdalwarp's sources: national first, LittoSIM painted over it.
    const painted = await runGdalwarp([NATIONAL_60M, LITTOSIM_DEM], join(scratch.folder, 'finest-both.tif'), [
      '-r',
      'bilinear',
      '-dstnodata',
      '-9999',
      ...layoutArguments(grid),
    ]);
    const comparison = compareGrids(grid, painted);
    expect(comparison.validityMismatches).toBe(0);
    expect(comparison.maximumDifference).toBeLessThanOrEqual(1e-3);
    let fromLittosim = 0;
    let wrong = 0;
    for (let index = 0; index < grid.data.length; index += 1) {
      const source = provenance.data[index];
      const value = grid.data[index] as number;
      if (source === 0) {
        fromLittosim += 1;
        if (!isValid(littosim, index)) wrong += 1;
      } else if (source === 1) {
        if (!(Math.abs(value - (reference.data[index] as number)) <= 1e-3)) wrong += 1;
      } else if (source !== 255 || value !== -9999) {
        wrong += 1;
      }
    }
    expect(wrong).toBe(0);
    expect(fromLittosim).toBeGreaterThan(0.5 * grid.data.length);
  });

  it('with priority latest the same inputs let the national DEM win wherever it has data', () => {
    const { provenance } = mosaic([littosim, national], { priority: 'latest', resampling: 'bilinear' });
    let fromNational = 0;
    let fromLittosim = 0;
    for (const source of provenance.data) {
      if (source === 1) fromNational += 1;
      else if (source === 0) fromLittosim += 1;
    }
    expect(fromNational).toBeGreaterThan(0.95 * provenance.data.length);
    expect(fromLittosim).toBeLessThan(0.05 * provenance.data.length);
  });
});

describe('inputs in different CRSs are warped to the first one’s (or the given) CRS', () => {
  it('Lambert-93 DEM + LittoSIM in CC46 → Lambert-93, equals gdalwarp of both', async () => {
    const { grid, provenance } = mosaic([oleron, littosimCc46], { priority: 'latest', resampling: 'bilinear', resolution: 20 });
    expect(grid.crs).toBe(2154);
    const painted = await runGdalwarp([OLERON_DEM, LITTOSIM_CC46], join(scratch.folder, 'crs.tif'), [
      '-t_srs',
      'EPSG:2154',
      '-r',
      'bilinear',
      '-dstnodata',
      '-9999',
      ...layoutArguments(grid),
    ]);
    const comparison = compareGrids(grid, painted);
    expect(comparison.validityMismatches).toBe(0);
    expect(comparison.maximumDifference).toBeLessThanOrEqual(1e-3);
    expect(new Set(provenance.data)).toEqual(new Set([0, 1]));
  });

  it('an explicit crs re-projects every input', () => {
    const { grid } = mosaic([oleron, littosim], { crs: 'EPSG:3946', resolution: 25, priority: 'latest' });
    expect(grid.crs).toBe(3946);
    expect(grid.transform[1]).toBe(25);
  });
});

describe('bad input', () => {
  it('refuses an empty list and an unknown priority with input errors', () => {
    expect(() => mosaic([])).toThrowError(/at least one grid/);
    try {
      mosaic([oleron], { priority: 'newest' as never });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
      expect((error as Error).message).toMatch(/priority/);
    }
  });
});
