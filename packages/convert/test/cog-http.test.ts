/**
 * Remote reads over HTTP range requests, against a server on 127.0.0.1 started by the test: a window or an
 * overview of a COG fetches only part of the file (bytes served are counted), values equal GDAL's, and HTTP
 * failures are typed (`http`, `network`).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpSource, readGeoTIFF, readGeoTIFFInfo, writeCOG } from '../src/index.js';
import { readGeoTIFFFile } from '../src/node/index.js';
import { gdal, gdalValues, gridBytes, makeTempDirectory } from './geotiff-reference.js';
import { answerRange, expectJumeauError, requestedRange, resetCounters } from './range-server.js';

const temp = makeTempDirectory('jumeau-cog-http-');
const served = { bytes: 0, requests: 0 };
const busyAnswers = new Map<string, number>();
let server: Server;
let base = '';
let cogPath = '';
let cogBytes: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  const resampled = join(temp.directory, 'dem-3000.tif');
  gdal('gdal_translate', '-q', '-outsize', '3000', '3000', '-r', 'bilinear', sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'), resampled);
  cogPath = join(temp.directory, 'dem-3000-cog.tif');
  gdal('gdal_translate', '-q', '-of', 'COG', '-co', 'COMPRESS=DEFLATE', '-co', 'PREDICTOR=YES', '-co', 'BLOCKSIZE=256', resampled, cogPath);
  cogBytes = readFileSync(cogPath);
  server = createServer((request, response) => {
    served.requests += 1;
    if (request.url === '/missing.tif') return void response.writeHead(404).end('not found');
    if (request.url === '/hang.tif') return; // never answers
    if (request.url === '/reset.tif') return void request.socket.destroy();
    // Busy answers before the file: `/busy-<status>-<count>.tif` answers <status> <count> times, then serves.
    const busy = /^\/busy-(\d+)-(\d+)\.tif$/.exec(request.url ?? '');
    if (busy) {
      const key = request.url as string;
      const answered = (busyAnswers.get(key) ?? 0) + 1;
      busyAnswers.set(key, answered);
      if (answered <= Number(busy[2])) return void response.writeHead(Number(busy[1]), { 'Retry-After': '0' }).end('busy');
    }
    const body = request.url === '/jumeau.tif' ? jumeauCog : cogBytes;
    answerRange(response, body, request.url === '/no-range.tif' ? null : requestedRange(request, body.length), served);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  jumeauCog = Buffer.from(await writeCOG(await readGeoTIFFFile(resampled), { blockSize: 256 }));
});

let jumeauCog: Buffer = Buffer.alloc(0);

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  temp.remove();
});

describe('range reads of a COG over HTTP', () => {
  it('the header costs one request of 64 KiB', async () => {
    resetCounters(served);
    const info = await readGeoTIFFInfo(`${base}/gdal.tif`);
    expect(info).toMatchObject({ width: 3000, height: 3000, crs: 2154, compression: 'deflate', predictor: 3 });
    expect(served.requests).toBe(1);
    expect(served.bytes).toBe(65_536);
  });

  it('a window fetches a small part of the file and equals GDAL', async () => {
    resetCounters(served);
    const window = { column: 1200, row: 1500, width: 400, height: 300 };
    const grid = await readGeoTIFF(`${base}/gdal.tif`, { window });
    expect(gridBytes(grid).equals(gdalValues(cogPath, 1, null, [1200, 1500, 400, 300]))).toBe(true);
    // 9 of the 144 full-resolution tiles (6.25 %) plus the 64 KiB header.
    expect(served.bytes).toBeLessThan(cogBytes.length * 0.08);
    expect(served.requests).toBeLessThanOrEqual(1 + 3);
  });

  it('an overview fetches only its blocks, for GDAL’s COG and for Jumeau’s', async () => {
    for (const [name, size] of [
      ['gdal.tif', cogBytes.length],
      ['jumeau.tif', jumeauCog.length],
    ] as const) {
      resetCounters(served);
      const grid = await readGeoTIFF(`${base}/${name}`, { overview: 3 });
      expect(grid.width).toBe(375);
      expect(served.bytes).toBeLessThan(size * 0.05);
      const local = await readGeoTIFF(new Uint8Array(name === 'gdal.tif' ? cogBytes : jumeauCog), { overview: 3 });
      expect(gridBytes(grid).equals(gridBytes(local))).toBe(true);
    }
  });

  it('a bounds read with a resolution reads the matching overview window', async () => {
    resetCounters(served);
    const grid = await readGeoTIFF(`${base}/jumeau.tif`, { bounds: [368000, 6536000, 372000, 6540000], resolution: 20 });
    expect(Math.abs(grid.transform[1])).toBeLessThanOrEqual(20);
    expect(Math.abs(grid.transform[1])).toBeGreaterThan(10);
    expect(served.bytes).toBeLessThan(jumeauCog.length * 0.2);
  });

  it('a server that ignores Range serves the whole file once, read correctly', async () => {
    resetCounters(served);
    const grid = await readGeoTIFF(`${base}/no-range.tif`, { window: { column: 0, row: 0, width: 100, height: 100 } });
    expect(served.requests).toBe(1);
    expect(gridBytes(grid).equals(gdalValues(cogPath, 1, null, [0, 0, 100, 100]))).toBe(true);
  });

  it('openHttpSource counts what it fetched', async () => {
    const source = await openHttpSource(`${base}/gdal.tif`, { headerBytes: 4096 });
    await readGeoTIFF(source, { window: { column: 0, row: 0, width: 10, height: 10 } });
    expect(source.statistics.requests).toBeGreaterThan(1);
    expect(source.statistics.bytesFetched).toBeLessThan(cogBytes.length * 0.02);
  });
});

describe('HTTP failures', () => {
  const expectCode = expectJumeauError;

  it('HTTP 404 is an http error with the status', async () => {
    await expectCode(readGeoTIFF(`${base}/missing.tif`), 'http', /HTTP 404/);
  });

  it('a server that never answers is a network error after the timeout', async () => {
    await expectCode(readGeoTIFF(`${base}/hang.tif`, { timeoutMilliseconds: 300 }), 'network', /timed out after 300 ms/);
  });

  it('429, 502, 503 and 504 are asked again (Retry-After honoured), up to `retries` times; 500 is not', async () => {
    for (const status of [429, 502, 503, 504]) {
      const source = await openHttpSource(`${base}/busy-${status}-2.tif`);
      expect(source.statistics.requests, `HTTP ${status}`).toBe(3);
      expect((await readGeoTIFF(source)).width).toBe(3000);
    }
    await expectCode(openHttpSource(`${base}/busy-503-3.tif`), 'http', /HTTP 503/);
    await expectCode(openHttpSource(`${base}/busy-429-1.tif`, { retries: 0 }), 'http', /HTTP 429/);
    await expectCode(openHttpSource(`${base}/busy-500-1.tif`), 'http', /HTTP 500/);
    await expectCode(openHttpSource(`${base}/gdal.tif`, { retries: -1 }), 'input', /retries must be an integer/);
    const controller = new AbortController();
    const slowRetry = openHttpSource(`${base}/busy-503-1.tif`, { signal: controller.signal });
    controller.abort();
    await expectCode(slowRetry, 'aborted', /./);
  });

  it('a reset connection and a closed port are network errors', async () => {
    await expectCode(readGeoTIFF(`${base}/reset.tif`), 'network', /Cannot fetch/);
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    await expectCode(readGeoTIFF(`http://127.0.0.1:${port}/x.tif`), 'network', /Cannot fetch/);
  });
});
