/**
 * GeoTIFF blocks decoded on worker threads (readGeoTIFFParallel, readGeoTIFFFile): the same cells as GDAL and as
 * the calling-thread reader for every codec and predictor, buffers moved (not copied) to the workers, sparse
 * blocks filled in recycled buffers, typed errors from inside a worker, cancellation and bad options.
 */
import { join } from 'node:path';
import { type JumeauErrorCode, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, describe, expect, it } from 'vitest';
import { readGeoTIFF } from '../src/index.js';
import { readGeoTIFFFile, readGeoTIFFParallel } from '../src/node/index.js';
import { allocateTouched, blockWorkerPool } from '../src/node/raster/block-worker-pool.js';
import type { BlockJobRunner } from '../src/raster/block-jobs.js';
import type { BlockJob } from '../src/raster/decode-blocks.js';
import { readGeoTIFFWith } from '../src/raster/read-geotiff.js';
import { fileBytes, gdal, gdalValues, gridBytes, makeTempDirectory } from './geotiff-reference.js';

const temp = makeTempDirectory('jumeau-geotiff-workers-');
afterAll(() => temp.remove());
const dem = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
const srtm = sharedDataPath('ventoux-srtm90', 'ventoux_srtm90_l93_90m.tif');

function variant(name: string, source: string, ...options: string[]): string {
  const path = join(temp.directory, `${name}.tif`);
  gdal('gdal_translate', '-q', ...options, source, path);
  return path;
}

async function expectJumeauError(promise: Promise<unknown>, code: JumeauErrorCode, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isJumeauError(error, code), `expected a ${code} JumeauError, got ${String(error)}`).toBe(true);
  expect(String((error as Error).message)).toMatch(message);
}

/**
 * The 2-thread pool, counting the jobs it runs and keeping them (to check their buffers moved); `allocate`: the
 * pool's page toucher, one that fails, or none (outputs allocated on the calling thread).
 */
function countingRunner(
  allocate: 'pool' | 'failing' | 'none' = 'none',
): BlockJobRunner & { readonly jobs: BlockJob[]; readonly allocations: number[] } {
  const pool = blockWorkerPool(2);
  const jobs: BlockJob[] = [];
  const allocations: number[] = [];
  const allocator = {
    pool: (bytes: number) => {
      allocations.push(bytes);
      return (pool.allocate as (bytes: number) => Promise<ArrayBuffer>)(bytes);
    },
    failing: (bytes: number) => {
      allocations.push(bytes);
      return Promise.reject(new Error('no thread'));
    },
    none: undefined,
  }[allocate];
  return {
    threads: pool.threads,
    minimumBytes: 0,
    jobs,
    allocations,
    run(job) {
      jobs.push(job);
      return pool.run(job);
    },
    ...(allocator ? { allocate: allocator } : {}),
  };
}

describe('blocks decoded on worker threads', () => {
  const cases: [string, string, string[]][] = [
    [
      'deflate-p3-tiled-128',
      dem,
      ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128'],
    ],
    ['deflate-p1-striped-7', dem, ['-co', 'COMPRESS=DEFLATE', '-co', 'BLOCKYSIZE=7']],
    ['deflate-p3-bigendian', dem, ['-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'ENDIANNESS=BIG', '-co', 'BLOCKYSIZE=16']],
    ['float64-deflate-p3', dem, ['-ot', 'Float64', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'TILED=YES']],
    ['lzw-p3-striped', dem, ['-co', 'COMPRESS=LZW', '-co', 'PREDICTOR=3', '-co', 'BLOCKYSIZE=32']],
    [
      'zstd-p3-tiled',
      dem,
      ['-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=3', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128'],
    ],
    ['packbits-striped', dem, ['-co', 'COMPRESS=PACKBITS', '-co', 'BLOCKYSIZE=16']],
    [
      'int16-deflate-p2-tiled',
      srtm,
      [
        '-outsize',
        '400%',
        '400%',
        '-co',
        'COMPRESS=DEFLATE',
        '-co',
        'PREDICTOR=2',
        '-co',
        'TILED=YES',
        '-co',
        'BLOCKXSIZE=64',
        '-co',
        'BLOCKYSIZE=64',
      ],
    ],
    [
      'uint16-deflate-p2',
      srtm,
      [
        '-outsize',
        '400%',
        '400%',
        '-ot',
        'UInt16',
        '-a_nodata',
        '0',
        '-co',
        'COMPRESS=DEFLATE',
        '-co',
        'PREDICTOR=2',
        '-co',
        'BLOCKYSIZE=8',
      ],
    ],
  ];
  for (const [name, source, options] of cases) {
    it(`${name}: equals GDAL and the calling-thread reader, in several jobs whose buffers moved`, async () => {
      const path = variant(name, source, ...options);
      const runner = countingRunner();
      const grid = await readGeoTIFFWith(fileBytes(path), {}, runner);
      expect(runner.jobs.length).toBeGreaterThanOrEqual(2);
      for (const job of runner.jobs) {
        expect(job.input.buffer.byteLength).toBe(0);
        expect(job.output.byteLength).toBe(0);
      }
      expect(gridBytes(grid).equals(gdalValues(path))).toBe(true);
      expect(gridBytes(grid).equals(gridBytes(await readGeoTIFF(fileBytes(path))))).toBe(true);
    });
  }

  it('the output comes from the page toucher thread, or from the calling thread when that fails: the same cells', async () => {
    const path = variant('toucher', dem, '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128');
    const expected = gdalValues(path);
    for (const allocate of ['pool', 'failing'] as const) {
      const runner = countingRunner(allocate);
      const grid = await readGeoTIFFWith(fileBytes(path), {}, runner);
      expect(runner.allocations).toEqual([631 * 906 * 4]);
      expect(grid.data.buffer).toBeInstanceOf(ArrayBuffer);
      expect(gridBytes(grid).equals(expected)).toBe(true);
    }
  });

  it('the page toucher thread moves a zero-filled buffer of the size asked', async () => {
    const buffers = await Promise.all([allocateTouched(5 << 20), allocateTouched(4097)]);
    expect(buffers.map((buffer) => buffer.byteLength)).toEqual([5 << 20, 4097]);
    for (const buffer of buffers) expect(new Uint8Array(buffer).every((value) => value === 0)).toBe(true);
  });

  it('reads band 2 of a pixel-interleaved and of a band-separate 3-band file as GDAL does', async () => {
    for (const interleave of ['PIXEL', 'BAND']) {
      const path = join(temp.directory, `rgb-${interleave}.tif`);
      const big = variant('srtm-4x', srtm, '-outsize', '400%', '400%');
      gdal(
        'gdal_merge.py',
        '-q',
        '-separate',
        '-co',
        `INTERLEAVE=${interleave}`,
        '-co',
        'COMPRESS=DEFLATE',
        '-co',
        'PREDICTOR=2',
        '-o',
        path,
        big,
        big,
        big,
      );
      const runner = countingRunner();
      const grid = await readGeoTIFFWith(fileBytes(path), { band: 2 }, runner);
      expect(runner.jobs.length).toBeGreaterThanOrEqual(2);
      expect(gridBytes(grid).equals(gdalValues(path, 2))).toBe(true);
    }
  });

  it('a window crossing blocks equals GDAL ReadAsArray of the same window', async () => {
    const path = variant(
      'window',
      dem,
      '-co',
      'COMPRESS=DEFLATE',
      '-co',
      'PREDICTOR=3',
      '-co',
      'TILED=YES',
      '-co',
      'BLOCKXSIZE=64',
      '-co',
      'BLOCKYSIZE=64',
    );
    const window = { column: 37, row: 101, width: 517, height: 611 };
    const grid = await readGeoTIFFFile(path, { window, threads: 2 });
    expect(gridBytes(grid).equals(gdalValues(path, 1, null, [37, 101, 517, 611]))).toBe(true);
  });

  it('sparse blocks of a huge file read as nodata, also in recycled job buffers', async () => {
    const path = join(temp.directory, 'sparse.tif');
    gdal(
      'gdal_create',
      '-q',
      '-outsize',
      '60000',
      '50000',
      '-ot',
      'Float32',
      '-a_srs',
      'EPSG:2154',
      '-a_ullr',
      '0',
      '7000000',
      '600000',
      '6500000',
      '-a_nodata',
      '-9999',
      '-co',
      'TILED=YES',
      '-co',
      'SPARSE_OK=TRUE',
      '-co',
      'COMPRESS=DEFLATE',
      path,
    );
    // A first read leaves decoded cells in the recycled buffers; the sparse read must overwrite them all.
    await readGeoTIFFFile(variant('recycle', dem, '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES'), { threads: 2 });
    const grid = await readGeoTIFFFile(path, { window: { column: 30_000, row: 20_000, width: 1500, height: 1200 }, threads: 2 });
    expect(grid.data.every((value) => value === -9999)).toBe(true);
    await expectJumeauError(readGeoTIFFParallel(fileBytes(path), { threads: 2 }), 'too-large', /60000 × 50000/);
  });
});

describe('errors on worker threads', () => {
  it('a corrupt DEFLATE block is a format error naming the block, thrown inside a worker', async () => {
    const path = variant('corrupt', dem, '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-co', 'BLOCKXSIZE=128', '-co', 'BLOCKYSIZE=128');
    const bytes = fileBytes(path).slice();
    const clean = await readGeoTIFF(bytes);
    expect(clean.width).toBe(631);
    // Overwrite the middle of the file (inside a tile's DEFLATE stream) with garbage.
    bytes.fill(0xff, Math.floor(bytes.byteLength / 2), Math.floor(bytes.byteLength / 2) + 64);
    const runner = countingRunner();
    await expectJumeauError(readGeoTIFFWith(bytes, {}, runner), 'format', /Corrupt deflate data in block \d+ of bytes/);
    expect(runner.jobs.length).toBeGreaterThanOrEqual(1);
    // The workers' reused zlib context is replaced after the error: the clean file decodes as before.
    const again = await readGeoTIFFWith(fileBytes(path), {}, countingRunner('pool'));
    expect(gridBytes(again).equals(gridBytes(clean))).toBe(true);
  });

  it('an aborted signal stops the read; threads must be an integer ≥ 0', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    await expectJumeauError(readGeoTIFFParallel(fileBytes(dem), { threads: 2, signal: controller.signal }), 'aborted', /user left/);
    await expectJumeauError(readGeoTIFFParallel(fileBytes(dem), { threads: -1 }), 'input', /threads must be an integer ≥ 0, got -1/);
    await expectJumeauError(readGeoTIFFParallel(fileBytes(dem), { threads: 1.5 }), 'input', /threads/);
  });

  it('readGeoTIFF in Node decodes a large window on the default pool, a small one on the calling thread', async () => {
    const large = variant('large', dem, '-outsize', '200%', '200%', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES');
    const small = variant('small', dem, '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES');
    const pool = blockWorkerPool();
    const run = pool.run;
    const jobs: BlockJob[] = [];
    pool.run = (job) => {
      jobs.push(job);
      return run.call(pool, job);
    };
    try {
      const grid = await readGeoTIFF(fileBytes(large));
      expect(jobs.length).toBeGreaterThanOrEqual(2);
      expect(gridBytes(grid).equals(gdalValues(large))).toBe(true);
      const before = jobs.length;
      expect(gridBytes(await readGeoTIFF(fileBytes(small))).equals(gdalValues(small))).toBe(true);
      expect(jobs.length).toBe(before);
    } finally {
      pool.run = run;
    }
  });

  it('threads: 0 reads on the calling thread, the same cells', async () => {
    const path = variant('calling', dem, '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=3', '-co', 'TILED=YES');
    const grid = await readGeoTIFFFile(path, { threads: 0 });
    expect(gridBytes(grid).equals(gdalValues(path))).toBe(true);
  });
});
