/**
 * readGeoTIFF with `{ pool }` in Chromium: blocks decoded in module Workers (@jumeau/workers, DEFLATE through the
 * worker's DecompressionStream) give the same bits as the page's own decoder — whole, by bounds, by overview, for
 * predictors 3, 2 and 1 and for LZW — with the job buffers moved, not copied; a corrupt tile is the same `format`
 * error, a worker that cannot start is `worker-crashed`, an abort is `aborted`. Timings are logged, never asserted.
 */
import { type Grid, type GridArray, createGrid, cropGrid, isJumeauError } from '@jumeau/core';
import { type WorkerPool, createWorkerPool } from '@jumeau/workers';
import { afterAll, describe, expect, it } from 'vitest';
import { type GeoTIFFTasks, type ReadGeoTIFFOptions, geotiffTasks, readGeoTIFF, readGeoTIFFInfo, writeCOG } from '../src/index.js';
import type { BlockJob } from '../src/raster/decode-blocks.js';
import { geoKeyDirectoryFor } from '../src/raster/geokeys.js';
import { FIELD_TYPE, TAG } from '../src/raster/tiff-tags.js';
import { type IfdEntry, measureIfd, writeIfd } from '../src/raster/tiff-writer.js';

const workerUrl = new URL('../src/raster/geotiff.worker.ts', import.meta.url);
const workers = createWorkerPool({ url: workerUrl, tasks: geotiffTasks, size: 2 });
afterAll(() => workers.terminate());

const ORIGIN_X_METRES = 364927.14666668;
const ORIGIN_Y_METRES = 6550092.5655556;
const CELL_SIZE_METRES = 20;
const NODATA = -9999;

/** A smooth relief with a band of nodata on the left, Float32 (or Int16, decimetres, for predictor 2). */
function terrain(width: number, height: number, dataType: 'float32' | 'int16' = 'float32'): Grid {
  const transform = [ORIGIN_X_METRES, CELL_SIZE_METRES, 0, ORIGIN_Y_METRES, 0, -CELL_SIZE_METRES] as const;
  const grid = createGrid({ width, height, transform: [...transform], crs: 2154, nodata: NODATA, units: 'm', dataType });
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      const metres = 20 * Math.sin(column / 37) * Math.cos(row / 23) + row / 50;
      grid.data[row * width + column] = column < 40 ? NODATA : dataType === 'int16' ? Math.round(metres * 10) : Math.fround(metres);
    }
  }
  return grid;
}

/**
 * The pool, counting its runs and the jobs whose two buffers were moved (detached in the page) by `run`; `afterRun`
 * is called once each job is in the pool's hands.
 */
function countingPool(inner: WorkerPool<GeoTIFFTasks>, afterRun: () => void = () => undefined) {
  const counts = { runs: 0, movedJobs: 0 };
  const pool: WorkerPool<GeoTIFFTasks> = {
    mode: inner.mode,
    size: inner.size,
    start: () => inner.start(),
    terminate: () => inner.terminate(),
    run: (name, input, options) => {
      counts.runs += 1;
      const job = input as BlockJob;
      const result = inner.run(name, input, options);
      if (job.input.byteLength === 0 && job.output.byteLength === 0) counts.movedJobs += 1;
      afterRun();
      return result;
    },
  };
  return { pool, counts };
}

/** Index of the first differing byte of two grids' cells, -1 when bit-identical (NaN payloads included). */
function firstDifferentByte(expected: GridArray, actual: GridArray): number {
  const left = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  const right = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  if (left.length !== right.length) return Math.min(left.length, right.length);
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) return index;
  return -1;
}

/** Reads with and without the pool: the pool must have run, moved every job and given the same bits. */
async function expectSameThroughPool(bytes: Uint8Array, options: ReadGeoTIFFOptions = {}): Promise<Grid> {
  const inPage = await readGeoTIFF(bytes, options);
  const { pool, counts } = countingPool(workers);
  const inWorkers = await readGeoTIFF(bytes, { ...options, pool });
  expect(counts.runs).toBeGreaterThanOrEqual(2);
  expect(counts.movedJobs).toBe(counts.runs);
  expect([inWorkers.width, inWorkers.height, inWorkers.transform]).toEqual([inPage.width, inPage.height, inPage.transform]);
  expect(firstDifferentByte(inPage.data, inWorkers.data)).toBe(-1);
  return inWorkers;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * TIFF LZW made of literal codes only (9 bits, MSB first), a Clear code every 250 bytes so the code width never grows:
 * valid for every LZW decoder, not compressed — enough to send LZW blocks through the workers.
 */
function encodeLiteralLzw(bytes: Uint8Array): Uint8Array {
  const codeCount = bytes.length + Math.ceil(bytes.length / 250) + 1;
  const output = new Uint8Array(Math.ceil((codeCount * 9) / 8) + 1);
  let bit = 0;
  const writeCode = (code: number): void => {
    for (let shift = 8; shift >= 0; shift -= 1, bit += 1) {
      if ((code >> shift) & 1) output[bit >> 3] = (output[bit >> 3] as number) | (0x80 >> (bit & 7));
    }
  };
  for (let index = 0; index < bytes.length; index += 1) {
    if (index % 250 === 0) writeCode(256);
    writeCode(bytes[index] as number);
  }
  writeCode(257);
  return output;
}

/** A tiled Float32 GeoTIFF without predictor (writeCOG always writes DEFLATE + predictor 3): DEFLATE or LZW tiles. */
async function writeTiledTiff(grid: Grid, compression: 5 | 8, blockSize: number): Promise<Uint8Array> {
  const across = Math.ceil(grid.width / blockSize);
  const down = Math.ceil(grid.height / blockSize);
  const tiles: Uint8Array[] = [];
  for (let tileRow = 0; tileRow < down; tileRow += 1) {
    for (let tileColumn = 0; tileColumn < across; tileColumn += 1) {
      const cells = new Float32Array(blockSize * blockSize).fill(NODATA);
      for (let row = 0; row < blockSize && tileRow * blockSize + row < grid.height; row += 1) {
        const start = (tileRow * blockSize + row) * grid.width + tileColumn * blockSize;
        const end = Math.min(start + blockSize, (tileRow * blockSize + row + 1) * grid.width);
        cells.set(grid.data.subarray(start, end), row * blockSize);
      }
      const raw = new Uint8Array(cells.buffer);
      tiles.push(compression === 5 ? encodeLiteralLzw(raw) : await deflate(raw));
    }
  }
  const entries = (offsets: number[]): IfdEntry[] => [
    { tag: TAG.imageWidth, type: FIELD_TYPE.long, values: [grid.width] },
    { tag: TAG.imageLength, type: FIELD_TYPE.long, values: [grid.height] },
    { tag: TAG.bitsPerSample, type: FIELD_TYPE.short, values: [32] },
    { tag: TAG.compression, type: FIELD_TYPE.short, values: [compression] },
    { tag: TAG.photometricInterpretation, type: FIELD_TYPE.short, values: [1] },
    { tag: TAG.samplesPerPixel, type: FIELD_TYPE.short, values: [1] },
    { tag: TAG.predictor, type: FIELD_TYPE.short, values: [1] },
    { tag: TAG.tileWidth, type: FIELD_TYPE.long, values: [blockSize] },
    { tag: TAG.tileLength, type: FIELD_TYPE.long, values: [blockSize] },
    { tag: TAG.tileOffsets, type: FIELD_TYPE.long, values: offsets },
    { tag: TAG.tileByteCounts, type: FIELD_TYPE.long, values: tiles.map((tile) => tile.byteLength) },
    { tag: TAG.sampleFormat, type: FIELD_TYPE.short, values: [3] },
    { tag: TAG.modelPixelScale, type: FIELD_TYPE.double, values: [CELL_SIZE_METRES, CELL_SIZE_METRES, 0] },
    { tag: TAG.modelTiepoint, type: FIELD_TYPE.double, values: [0, 0, 0, ORIGIN_X_METRES, ORIGIN_Y_METRES, 0] },
    { tag: TAG.geoKeyDirectory, type: FIELD_TYPE.short, values: geoKeyDirectoryFor(2154) },
    { tag: TAG.gdalNodata, type: FIELD_TYPE.ascii, values: String(NODATA) },
  ];
  const headerBytes = 8;
  const dataStart = headerBytes + measureIfd(entries(tiles.map(() => 0)), false);
  const offsets: number[] = [];
  let position = dataStart;
  for (const tile of tiles) {
    offsets.push(position);
    position += tile.byteLength;
  }
  const output = new Uint8Array(position);
  const view = new DataView(output.buffer);
  output.set([0x49, 0x49]);
  view.setUint16(2, 42, true);
  view.setUint32(4, headerBytes, true);
  writeIfd(view, headerBytes, entries(offsets), 0, false);
  tiles.forEach((tile, index) => {
    output.set(tile, offsets[index] as number);
  });
  return output;
}

describe('readGeoTIFF with a pool of Web Workers', () => {
  const grid = terrain(1500, 1200);
  const written = writeCOG(grid, { blockSize: 256 });

  it('runs in Chromium with module Workers', () => {
    expect(typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node).not.toBe('string');
    expect(workers.mode).toBe('worker');
  });

  it('decodes a 1500 × 1200 Float32 COG (DEFLATE, predictor 3) bit for bit as the page does, whole', async () => {
    const bytes = await written;
    expect(await readGeoTIFFInfo(bytes)).toMatchObject({ compression: 'deflate', predictor: 3, tiled: true });
    const whole = await expectSameThroughPool(bytes);
    expect(firstDifferentByte(grid.data, whole.data)).toBe(-1);
  });

  it('by bounds and by overview', async () => {
    const bytes = await written;
    const window = { column: 200, row: 150, width: 1100, height: 900 };
    const minX = ORIGIN_X_METRES + window.column * CELL_SIZE_METRES + 0.5;
    const maxY = ORIGIN_Y_METRES - window.row * CELL_SIZE_METRES - 0.5;
    const maxX = ORIGIN_X_METRES + (window.column + window.width) * CELL_SIZE_METRES - 0.5;
    const minY = ORIGIN_Y_METRES - (window.row + window.height) * CELL_SIZE_METRES + 0.5;
    const byBounds = await expectSameThroughPool(bytes, { bounds: [minX, minY, maxX, maxY] });
    expect([byBounds.width, byBounds.height]).toEqual([window.width, window.height]);
    expect(firstDifferentByte(cropGrid(grid, window).data, byBounds.data)).toBe(-1);
    const overview = await expectSameThroughPool(bytes, { overview: 1 });
    expect([overview.width, overview.height]).toEqual([750, 600]);
  });

  it('decodes Int16 with predictor 2, Float32 without predictor (DEFLATE) and LZW the same way', async () => {
    const elevations = terrain(1500, 1200, 'int16');
    const int16 = await writeCOG(elevations, { blockSize: 256, overviewCount: 0 });
    expect(await readGeoTIFFInfo(int16)).toMatchObject({ dataType: 'int16', predictor: 2 });
    expect(firstDifferentByte(elevations.data, (await expectSameThroughPool(int16)).data)).toBe(-1);
    for (const [compression, name] of [
      [8, 'deflate'],
      [5, 'lzw'],
    ] as const) {
      const bytes = await writeTiledTiff(grid, compression, 256);
      expect(await readGeoTIFFInfo(bytes)).toMatchObject({ compression: name, predictor: 1, tiled: true });
      expect(firstDifferentByte(grid.data, (await expectSameThroughPool(bytes)).data)).toBe(-1);
    }
  });

  it('reports a corrupt tile decoded in a worker as the format error of the page', async () => {
    const corrupt = (await written).slice();
    // The last bytes of the file are the last full-resolution tile.
    corrupt.fill(0x55, corrupt.length - 200, corrupt.length - 20);
    const inPage = await caught(readGeoTIFF(corrupt));
    const { pool, counts } = countingPool(workers);
    const inWorkers = await caught(readGeoTIFF(corrupt, { pool }));
    expect(counts.runs).toBeGreaterThanOrEqual(2);
    expect(isJumeauError(inPage, 'format'), String(inPage)).toBe(true);
    expect(isJumeauError(inWorkers, 'format'), String(inWorkers)).toBe(true);
    expect((inWorkers as Error).message).toBe((inPage as Error).message);
  });

  it('rejects with worker-crashed when the workers cannot start', async () => {
    const missing = createWorkerPool({ url: new URL('./missing-geotiff.worker.ts', import.meta.url), tasks: geotiffTasks, size: 1 });
    try {
      const error = await caught(readGeoTIFF(await written, { pool: missing }));
      expect(isJumeauError(error, 'worker-crashed'), String(error)).toBe(true);
    } finally {
      await missing.terminate();
    }
  });

  it('rejects with aborted when the read is cancelled while workers decode, and the pool recovers', async () => {
    const bytes = await written;
    const controller = new AbortController();
    const { pool, counts } = countingPool(workers, () => controller.abort());
    const error = await caught(readGeoTIFF(bytes, { pool, signal: controller.signal }));
    expect(counts.runs).toBeGreaterThanOrEqual(1);
    expect(isJumeauError(error, 'aborted'), String(error)).toBe(true);
    await expectSameThroughPool(bytes);
  });

  it('rejects a pool option that is not a pool', async () => {
    const error = await caught(readGeoTIFF(await written, { pool: {} as WorkerPool<GeoTIFFTasks> }));
    expect(isJumeauError(error, 'input'), String(error)).toBe(true);
  });

  it('logs the wall time of a 4096 × 4096 Float32 DEFLATE read with and without the pool (informative)', { timeout: 180_000 }, async () => {
    const started = performance.now();
    const bytes = await writeCOG(terrain(4096, 4096), { blockSize: 512, overviewCount: 0 });
    const writeMilliseconds = performance.now() - started;
    const time = async (options: ReadGeoTIFFOptions): Promise<number> => {
      const start = performance.now();
      await readGeoTIFF(bytes, options);
      return performance.now() - start;
    };
    const inPage = [await time({}), await time({})];
    const inWorkers = [await time({ pool: workers }), await time({ pool: workers })];
    const format = (values: number[]) => values.map((value) => `${value.toFixed(0)} ms`).join(', ');
    console.info(
      `4096 × 4096 Float32 DEFLATE predictor 3 (${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB, written in ${writeMilliseconds.toFixed(0)} ms): ` +
        `page ${format(inPage)}; pool of ${workers.size} workers ${format(inWorkers)}`,
    );
  });
});
