/**
 * writeCOG against GDAL: GDAL's validate_cloud_optimized_geotiff.py must accept the files, gdalinfo must report
 * LAYOUT=COG, the CRS, transform, nodata, units and statistics of the source, and python3-gdal must read the same
 * values at full resolution and in every overview as Jumeau's reader. Plus a fast-check round trip.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Grid, type GridDataType, createGrid, cropGrid, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readGeoTIFF, readGeoTIFFInfo, writeCOG } from '../src/index.js';
import { readGeoTIFFFile, writeCOGFile } from '../src/node/index.js';
import { COG_VALIDATOR, PYTHON, epsgOfWkt, gdal, gdalInfo, gdalValues, gridBytes, makeTempDirectory } from './geotiff-reference.js';

const temp = makeTempDirectory('jumeau-cog-write-');
afterAll(() => temp.remove());

function validateCog(path: string): string {
  return execFileSync(PYTHON, [COG_VALIDATOR, path], { encoding: 'utf8' });
}

async function writeAndCheck(grid: Grid, name: string, options: Parameters<typeof writeCOG>[1] = {}): Promise<string> {
  const path = join(temp.directory, `${name}.tif`);
  writeFileSync(path, await writeCOG(grid, options));
  expect(validateCog(path)).toContain('is a valid cloud optimized GeoTIFF');
  const info = gdalInfo(path);
  expect(info.metadata.IMAGE_STRUCTURE?.LAYOUT).toBe('COG');
  expect(info.metadata.IMAGE_STRUCTURE?.COMPRESSION).toBe('DEFLATE');
  // gdalinfo -json prints 15 significant digits.
  for (const [index, value] of info.geoTransform.entries()) expect(value).toBeCloseTo(grid.transform[index] as number, 12);
  expect(epsgOfWkt(info.coordinateSystem?.wkt ?? '')).toBe(grid.crs);
  expect(info.bands[0]?.noDataValue ?? null).toBe(grid.nodata);
  expect(gdalValues(path).equals(gridBytes(grid))).toBe(true);
  return path;
}

describe('writeCOG on the real rasters', () => {
  it('Oléron DEM (Float32, predictor 3): valid COG, same values and statistics as the source for GDAL', async () => {
    const source = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
    const grid = await readGeoTIFFFile(source);
    const path = await writeAndCheck({ ...grid, units: 'm', verticalDatum: 'NGF-IGN69' }, 'oleron-dem', { blockSize: 256 });
    const statistics = (file: string) => {
      const band = gdalInfo(file, '-stats', '--config', 'GDAL_PAM_ENABLED', 'NO').bands[0];
      return [band?.minimum, band?.maximum, band?.mean, band?.stdDev];
    };
    expect(statistics(path)).toEqual(statistics(source));
    const info = gdalInfo(path);
    expect(info.bands[0]?.unit).toBe('m');
    expect(info.metadata['']?.VERTICAL_DATUM).toBe('NGF-IGN69');
    expect(info.bands[0]?.overviews?.map((overview) => overview.size)).toEqual([
      [316, 453],
      [158, 227],
    ]);
    const jumeauInfo = await readGeoTIFFInfo(
      new Uint8Array(await writeCOG({ ...grid, units: 'm', verticalDatum: 'NGF-IGN69' }, { blockSize: 256 })),
    );
    expect(jumeauInfo).toMatchObject({ units: 'm', verticalDatum: 'NGF-IGN69', predictor: 3, compression: 'deflate', tiled: true });
  });

  it('LittoSIM DEM with −9999 offshore: overviews average only valid cells, GDAL reads each overview as Jumeau does', async () => {
    const grid = await readGeoTIFFFile(sharedDataPath('oleron', 'dem_littosim_20m_ngf_l93.tif'));
    const path = await writeAndCheck(grid, 'littosim', { blockSize: 128 });
    const info = await readGeoTIFFInfo(new Uint8Array(readFileSync(path)));
    expect(info.overviews.length).toBe(3);
    const overview = await readGeoTIFFFile(path, { overview: 1 });
    for (const level of info.overviews) {
      const ours = await readGeoTIFFFile(path, { overview: level.level });
      expect(gdalValues(path, 1, level.level - 1).equals(gridBytes(ours))).toBe(true);
    }
    // Independent check of the average of valid cells on every complete 2 × 2 block of level 1.
    let mixed = 0;
    for (let row = 0; row < Math.floor(grid.height / 2); row += 1) {
      for (let column = 0; column < Math.floor(grid.width / 2); column += 1) {
        const values = [0, 1, grid.width, grid.width + 1].map((step) => grid.data[row * 2 * grid.width + column * 2 + step] as number);
        const valid = values.filter((value) => value !== -9999);
        const expected = valid.length === 0 ? -9999 : valid.reduce((sum, value) => sum + value, 0) / valid.length;
        if (valid.length > 0 && valid.length < 4) mixed += 1;
        expect(overview.data[row * overview.width + column]).toBe(Math.fround(expected));
      }
    }
    expect(mixed).toBeGreaterThan(10);
  });

  it('Ventoux SRTM (Int16, predictor 2, nodata −32768) and BD Forêt (Byte) with nearest overviews', async () => {
    const srtm = await readGeoTIFFFile(sharedDataPath('ventoux-srtm90', 'ventoux_srtm90_l93_90m.tif'));
    const srtmPath = await writeAndCheck(srtm, 'srtm', { blockSize: 128, overviewResampling: 'nearest' });
    expect((await readGeoTIFFInfo(new Uint8Array(readFileSync(srtmPath)))).predictor).toBe(2);
    const nearest = await readGeoTIFFFile(srtmPath, { overview: 1 });
    expect(nearest.data[10 * nearest.width + 20]).toBe(srtm.data[20 * srtm.width + 40]);
    const forest = await readGeoTIFFFile(sharedDataPath('ventoux-bdforet-v2', 'ventoux_bdforet_v2_essence_90m_l93.tif'));
    await writeAndCheck(forest, 'bdforet', { blockSize: 256, overviewResampling: 'nearest' });
  });

  it('the EPSG:4326 SRTM tile gets geographic GeoKeys', async () => {
    const tif = join(temp.directory, 'srtm-4326-source.tif');
    gdal('gdal_translate', '-q', sharedDataPath('ventoux-srtm90', 'N44E005.hgt'), tif);
    const grid = await readGeoTIFFFile(tif);
    const path = await writeAndCheck(grid, 'srtm-4326');
    expect(gdalInfo(path).coordinateSystem?.wkt).toMatch(/^GEOGCRS\["WGS 84"/);
  });

  it('writes BigTIFF on request, still a valid COG', async () => {
    const grid = await readGeoTIFFFile(sharedDataPath('charente-estuary', 'charente_estuary_dem_20m_l93.tif'));
    const path = await writeAndCheck(grid, 'bigtiff', { bigTiff: true, blockSize: 256 });
    expect((await readGeoTIFFInfo(new Uint8Array(readFileSync(path)))).bigTiff).toBe(true);
    expect(validateCog(path)).not.toContain('error');
  });

  it('writeCOGFile writes what writeCOG returns; a rotated transform goes to ModelTransformation', async () => {
    const grid = createGrid({
      width: 40,
      height: 30,
      transform: [1000, 10, 2, 5000, 1, -10],
      crs: 2154,
      dataType: 'float32',
      nodata: null,
    });
    for (let index = 0; index < grid.data.length; index += 1) grid.data[index] = Math.sin(index) * 100;
    const path = join(temp.directory, 'rotated.tif');
    const bytes = await writeCOGFile(grid, path);
    expect(bytes).toBe((await writeCOG(grid)).byteLength);
    expect(gdalInfo(path).geoTransform).toEqual([1000, 10, 2, 5000, 1, -10]);
    expect(gdalValues(path).equals(gridBytes(grid))).toBe(true);
  });

  it('refuses bad options and grids with a typed input error', async () => {
    const grid = createGrid({ width: 4, height: 4, transform: [0, 1, 0, 4, 0, -1], crs: 2154 });
    await expect(writeCOG(grid, { blockSize: 100 })).rejects.toSatisfy(
      (error) => isJumeauError(error, 'input') && /blockSize/.test(String(error)),
    );
    await expect(writeCOG(grid, { compressionLevel: 12 })).rejects.toSatisfy((error) => isJumeauError(error, 'input'));
    await expect(writeCOG({ ...grid, width: 5 })).rejects.toSatisfy(
      (error) => isJumeauError(error, 'input') && /16 values/.test(String(error)),
    );
  });
});

describe('writeCOG → readGeoTIFF round trip (property)', () => {
  const types: GridDataType[] = ['float32', 'float64', 'int16', 'int32', 'uint8', 'uint16'];
  it('returns the same cells, for every data type, size, block size and window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...types),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.constantFrom(16, 32, 48),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        async (dataType, width, height, blockSize, seed, bigTiff) => {
          const grid = createGrid({ width, height, transform: [700000, 5, 0, 6600000, 0, -5], crs: 2154, dataType, nodata: null });
          let state = seed;
          for (let index = 0; index < grid.data.length; index += 1) {
            state = (state * 1103515245 + 12345) % 2147483648;
            grid.data[index] = dataType.startsWith('float')
              ? (state / 2147483648 - 0.5) * 1e4
              : (state % 60000) - (dataType.startsWith('int') ? 30000 : 0);
          }
          const bytes = await writeCOG(grid, { blockSize, bigTiff });
          const back = await readGeoTIFF(bytes);
          expect(back.data).toEqual(grid.data);
          const window = {
            column: Math.floor(width / 3),
            row: Math.floor(height / 4),
            width: Math.ceil(width / 2),
            height: Math.ceil(height / 2),
          };
          expect((await readGeoTIFF(bytes, { window })).data).toEqual(cropGrid(grid, window).data);
        },
      ),
      { numRuns: 60 },
    );
  });
});
