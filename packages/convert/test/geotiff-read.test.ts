/**
 * readGeoTIFF / readGeoTIFFFile against GDAL, cell for cell: the real rasters of ../shared, then variants of them
 * generated with gdal_translate in a temp dir (codecs, predictors, tiling, data types, byte order, BigTIFF,
 * interleaving, pixel-is-point, overviews) and windows read by python3-gdal.
 */
import { join } from 'node:path';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGeoTIFF, readGeoTIFFInfo } from '../src/index.js';
import { readGeoTIFFFile, readGeoTIFFFileInfo } from '../src/node/index.js';
import { epsgOfWkt, fileBytes, gdal, gdalInfo, gdalValues, gridBytes, makeTempDirectory } from './geotiff-reference.js';

const REAL_RASTERS = [
  ['oleron', 'dem_20m_ngf_l93.tif'],
  ['oleron', 'dem_littosim_20m_ngf_l93.tif'],
  ['oleron', 'manning_rugosity_20m_l93.tif'],
  ['dieppe-littosim', 'dieppe_littosim_dem_20m_l93.tif'],
  ['charente-estuary', 'charente_estuary_dem_20m_l93.tif'],
  ['ventoux-srtm90', 'ventoux_srtm90_l93_90m.tif'],
  ['ventoux-bdforet-v2', 'ventoux_bdforet_v2_essence_90m_l93.tif'],
] as const;

describe('readGeoTIFF on the real rasters of ../shared', () => {
  for (const [folder, file] of REAL_RASTERS) {
    it(`${folder}/${file} equals GDAL cell for cell, with GDAL's georeference`, async () => {
      const path = sharedDataPath(folder, file);
      const grid = await readGeoTIFFFile(path);
      const reference = gdalInfo(path);
      expect([grid.width, grid.height]).toEqual(reference.size);
      expect(grid.transform).toEqual(reference.geoTransform);
      expect(grid.crs).toBe(epsgOfWkt(reference.coordinateSystem?.wkt ?? ''));
      expect(grid.nodata).toBe(reference.bands[0]?.noDataValue ?? null);
      expect(gridBytes(grid).equals(gdalValues(path))).toBe(true);
    });
  }

  it('reads the same from bytes as from the path, and the LittoSIM DEM keeps its −9999 offshore cells', async () => {
    const path = sharedDataPath('oleron', 'dem_littosim_20m_ngf_l93.tif');
    const fromBytes = await readGeoTIFF(fileBytes(path));
    const fromFile = await readGeoTIFFFile(path);
    expect(gridBytes(fromBytes).equals(gridBytes(fromFile))).toBe(true);
    expect(fromBytes.nodata).toBe(-9999);
    expect(Array.from(fromBytes.data).filter((value) => value === -9999).length).toBeGreaterThan(1000);
  });
});

describe('readGeoTIFF on gdal_translate variants', () => {
  const temp = makeTempDirectory('jumeau-geotiff-read-');
  const dem = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
  const srtm = sharedDataPath('ventoux-srtm90', 'ventoux_srtm90_l93_90m.tif');
  const variant = (name: string, source: string, ...options: string[]): string => {
    const path = join(temp.directory, `${name}.tif`);
    gdal('gdal_translate', '-q', ...options, source, path);
    return path;
  };
  afterAll(() => temp.remove());

  const cases: [string, string, string[]][] = [
    ['none-striped', dem, ['-co', 'COMPRESS=NONE']],
    ['none-tiled-bigendian', dem, ['-co', 'TILED=YES', '-co', 'ENDIANNESS=BIG']],
    ['deflate-p1-striped', dem, ['-co', 'COMPRESS=DEFLATE', '-co', 'BLOCKYSIZE=7']],
    [
      'deflate-p3-tiled-128',
      dem,
      ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128'],
    ],
    ['deflate-p3-bigendian', dem, ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'ENDIANNESS=BIG']],
    ['lzw-p1-tiled', dem, ['-co', 'COMPRESS=LZW', '-co', 'TILED=YES']],
    ['lzw-p3-striped', dem, ['-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=3']],
    ['zstd-p3-tiled', dem, ['-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=3', '-co', 'TILED=YES']],
    ['zstd-p1-striped', dem, ['-co', 'COMPRESS=ZSTD']],
    ['packbits-striped', dem, ['-co', 'COMPRESS=PACKBITS']],
    ['float64-deflate-p3', dem, ['-ot', 'Float64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'TILED=YES']],
    ['float64-lzw-bigendian', dem, ['-ot', 'Float64', '-co', 'COMPRESS=LZW', '-co', 'ENDIANNESS=BIG']],
    ['int16-deflate-p2-striped', srtm, ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2']],
    ['int16-lzw-p2-bigendian', srtm, ['-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'ENDIANNESS=BIG', '-co', 'TILED=YES']],
    ['int16-packbits-tiled', srtm, ['-co', 'COMPRESS=PACKBITS', '-co', 'TILED=YES']],
    ['int32-zstd-p2', srtm, ['-ot', 'Int32', '-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=2', '-co', 'TILED=YES']],
    ['uint16-deflate-p2', srtm, ['-ot', 'UInt16', '-a_nodata', '0', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=2']],
    [
      'uint8-lzw-p2',
      srtm,
      ['-ot', 'Byte', '-scale', '0', '2000', '0', '254', '-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=2', '-co', 'TILED=YES'],
    ],
    ['bigtiff-deflate', dem, ['-co', 'BIGTIFF=YES', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES']],
    ['bigtiff-striped-bigendian', srtm, ['-co', 'BIGTIFF=YES', '-co', 'ENDIANNESS=BIG', '-co', 'COMPRESS=LZW']],
    ['cog-deflate-p3', dem, ['-of', 'COG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=YES', '-co', 'BLOCKSIZE=256']],
  ];
  for (const [name, source, options] of cases) {
    it(`${name} equals GDAL`, async () => {
      const path = variant(name, source, ...options);
      const grid = await readGeoTIFFFile(path);
      expect(grid.transform).toEqual(gdalInfo(path).geoTransform);
      expect(gridBytes(grid).equals(gdalValues(path))).toBe(true);
    });
  }

  it('describes a file as gdalinfo does (compression, predictor, tiling, byte order, BigTIFF)', async () => {
    const path = variant(
      'info',
      srtm,
      '-co',
      'BIGTIFF=YES',
      '-co',
      'ENDIANNESS=BIG',
      '-co',
      'COMPRESS=ZSTD',
      '-co',
      'PREDICTOR=2',
      '-co',
      'TILED=YES',
      '-co',
      'BLOCKXSIZE=64',
      '-co',
      'BLOCKYSIZE=32',
    );
    const info = await readGeoTIFFFileInfo(path);
    expect(info).toMatchObject({ width: 518, height: 509, dataType: 'int16', compression: 'zstd', predictor: 2, tiled: true });
    expect(info).toMatchObject({ blockWidth: 64, blockHeight: 32, bigTiff: true, littleEndian: false, nodata: -32768, crs: 2154 });
  });

  it('reads band 2 of pixel-interleaved and of band-separate 3-band files', async () => {
    for (const interleave of ['PIXEL', 'BAND']) {
      const vrt = join(temp.directory, `three-${interleave}.vrt`);
      gdal(
        'gdalbuildvrt',
        '-q',
        '-separate',
        vrt,
        sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'),
        sharedDataPath('oleron', 'manning_rugosity_20m_l93.tif'),
        sharedDataPath('oleron', 'dem_littosim_20m_ngf_l93.tif'),
      );
      const path = variant(
        `three-${interleave}`,
        vrt,
        '-co',
        `INTERLEAVE=${interleave}`,
        '-co',
        'COMPRESS=DEFLATE',
        '-co',
        'PREDICTOR=3',
        '-co',
        'TILED=YES',
      );
      expect((await readGeoTIFFFileInfo(path)).bandCount).toBe(3);
      const band2 = await readGeoTIFFFile(path, { band: 2 });
      expect(gridBytes(band2).equals(gdalValues(path, 2))).toBe(true);
      const band3 = await readGeoTIFFFile(path, { band: 3, window: { column: 100, row: 50, width: 300, height: 200 } });
      expect(gridBytes(band3).equals(gdalValues(path, 3, null, [100, 50, 300, 200]))).toBe(true);
    }
  });

  it('shifts pixel-is-point files by half a cell, as GDAL does', async () => {
    const path = variant('point', dem, '-mo', 'AREA_OR_POINT=Point', '-co', 'COMPRESS=LZW');
    const info = await readGeoTIFFFileInfo(path);
    expect(info.rasterType).toBe('point');
    expect(info.transform).toEqual(gdalInfo(path).geoTransform);
  });

  it('reads the EPSG:4326 SRTM tile (big-endian Int16 converted by GDAL) with a geographic CRS', async () => {
    const path = variant(
      'srtm-4326',
      sharedDataPath('ventoux-srtm90', 'N44E005.hgt'),
      '-co',
      'ENDIANNESS=BIG',
      '-co',
      'TILED=YES',
      '-co',
      'COMPRESS=DEFLATE',
      '-co',
      'PREDICTOR=2',
    );
    const grid = await readGeoTIFFFile(path);
    expect(grid.crs).toBe(4326);
    expect([grid.width, grid.height]).toEqual([1201, 1201]);
    for (const [actual, expected] of grid.transform.map((value, index) => [value, gdalInfo(path).geoTransform[index]])) {
      expect(actual).toBeCloseTo(expected as number, 12);
    }
    expect(gridBytes(grid).equals(gdalValues(path))).toBe(true);
  });

  describe('windows, bounds and overviews', () => {
    let cog = '';
    beforeAll(() => {
      const big = variant('dem-2560', dem, '-outsize', '2560', '2560', '-r', 'bilinear');
      cog = variant(
        'dem-2560-cog',
        big,
        '-of',
        'COG',
        '-co',
        'COMPRESS=DEFLATE',
        '-co',
        'PREDICTOR=YES',
        '-co',
        'BLOCKSIZE=256',
        '-co',
        'RESAMPLING=AVERAGE',
      );
    });

    it('a cell window equals GDAL ReadAsArray of the same window', async () => {
      const grid = await readGeoTIFFFile(cog, { window: { column: 1000, row: 333, width: 700, height: 257 } });
      expect(gridBytes(grid).equals(gdalValues(cog, 1, null, [1000, 333, 700, 257]))).toBe(true);
      const full = gdalInfo(cog).geoTransform;
      expect(grid.transform[0]).toBeCloseTo((full[0] as number) + 1000 * (full[1] as number), 6);
      expect(grid.transform[3]).toBeCloseTo((full[3] as number) + 333 * (full[5] as number), 6);
    });

    it('bounds on cell edges read the cells gdal_translate -projwin reads', async () => {
      const info = await readGeoTIFFFileInfo(cog);
      const [x0, cellX, , y0, , cellY] = info.transform ?? [];
      const minX = (x0 as number) + 300 * (cellX as number);
      const maxX = (x0 as number) + 777 * (cellX as number);
      const maxY = (y0 as number) + 120 * (cellY as number);
      const minY = (y0 as number) + 901 * (cellY as number);
      const grid = await readGeoTIFFFile(cog, { bounds: [minX, minY, maxX, maxY] });
      const clip = join(temp.directory, 'projwin.tif');
      gdal('gdal_translate', '-q', '-projwin', String(minX), String(maxY), String(maxX), String(minY), cog, clip);
      expect([grid.width, grid.height]).toEqual(gdalInfo(clip).size);
      expect(grid.transform).toEqual(gdalInfo(clip).geoTransform);
      expect(gridBytes(grid).equals(gdalValues(clip))).toBe(true);
    });

    it('bounds off cell edges read the smallest window of whole cells covering them', async () => {
      const bounds = [368000, 6536000, 372500, 6541234] as const;
      const grid = await readGeoTIFFFile(cog, { bounds });
      const [x0, cellX, , y0, , cellY] = grid.transform;
      const x1 = x0 + grid.width * cellX;
      const y1 = y0 + grid.height * cellY;
      expect(x0 <= bounds[0] && x0 + cellX > bounds[0] && x1 >= bounds[2] && x1 - cellX < bounds[2]).toBe(true);
      expect(y0 >= bounds[3] && y0 + cellY < bounds[3] && y1 <= bounds[1] && y1 - cellY > bounds[1]).toBe(true);
      const full = gdalInfo(cog).geoTransform;
      const column = Math.round((x0 - (full[0] as number)) / (full[1] as number));
      const row = Math.round((y0 - (full[3] as number)) / (full[5] as number));
      expect(gridBytes(grid).equals(gdalValues(cog, 1, null, [column, row, grid.width, grid.height]))).toBe(true);
    });

    it('every overview equals GDAL’s read of it; resolution picks the coarsest level not coarser than asked', async () => {
      const info = await readGeoTIFFFileInfo(cog);
      expect(info.overviews.map((overview) => [overview.width, overview.height])).toEqual(
        gdalInfo(cog).bands[0]?.overviews?.map((overview) => overview.size),
      );
      for (const overview of info.overviews) {
        const grid = await readGeoTIFFFile(cog, { overview: overview.level });
        expect(gridBytes(grid).equals(gdalValues(cog, 1, overview.level - 1))).toBe(true);
      }
      const fullCell = Math.abs(info.transform?.[1] ?? 0);
      const chosen = await readGeoTIFFFile(cog, { resolution: fullCell * 4.5 });
      expect(chosen.width).toBe(info.overviews[1]?.width);
      expect(Math.abs(chosen.transform[1])).toBeCloseTo(info.overviews[1]?.cellSizeX ?? 0, 9);
      const finest = await readGeoTIFFFile(cog, { resolution: fullCell / 2 });
      expect(finest.width).toBe(2560);
    });

    it('a window of an overview is the same cells as the overview cropped', async () => {
      const overview = await readGeoTIFFFile(cog, { overview: 2 });
      const window = await readGeoTIFFFile(cog, { overview: 2, window: { column: 800, row: 400, width: 1200, height: 800 } });
      expect([window.width, window.height]).toEqual([300, 200]);
      for (let row = 0; row < window.height; row += 1) {
        for (let column = 0; column < window.width; column += 13) {
          expect(window.data[row * window.width + column]).toBe(overview.data[(row + 100) * overview.width + column + 200]);
        }
      }
    });

    it('readGeoTIFFInfo from bytes reports what gdalinfo reports', async () => {
      const info = await readGeoTIFFInfo(fileBytes(cog));
      expect(info).toMatchObject({ compression: 'deflate', predictor: 3, tiled: true, blockWidth: 256, crs: 2154, nodata: -9999 });
      expect(info.transform).toEqual(gdalInfo(cog).geoTransform);
    });
  });
});
