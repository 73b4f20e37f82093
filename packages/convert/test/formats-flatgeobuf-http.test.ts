/**
 * FlatGeobuf read by HTTP range requests, against a server on 127.0.0.1 started by the test that serves the 24 746
 * Oléron buildings written by `writeFlatGeobuf` and by `ogr2ogr` (GDAL's index): a box read remotely returns exactly
 * the features `readFlatGeobuf(bytes, { bbox })` returns, fetches a small part of the file for a small box in a
 * bounded number of requests, and corrupt files, HTTP failures and aborts are typed errors.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type FeatureTable, featureTableToGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesSource, loadFeatureTable, readFlatGeobuf, writeFlatGeobuf } from '../src/index.js';
import { makeTempDirectory } from './geotiff-reference.js';
import { answerRange, expectJumeauError, requestedRange, resetCounters } from './range-server.js';
import { COMMUNES_17, readLambert93, run, toLambert93GeoJSON } from './vector-fixtures.js';

type Box = [number, number, number, number];

const BUILDINGS = sharedDataPath('oleron', 'buildings_bdtopo2015_approx_l93.gpkg');
/** Levels of the R-tree of 24 746 features with 16 children per node: 24 746, 1 547, 97, 7, 1. */
const INDEX_LEVELS = 5;
const BOXES: Record<string, Box> = {
  'outside the extent': [0, 0, 1000, 1000],
  'small, 800 m, dense': [369200, 6543200, 370000, 6544000],
  'small, across the middle of the extent': [370400, 6539500, 371500, 6540500], // x = 370 943 m splits the Hilbert curve
  'whole extent': [360000, 6530000, 380000, 6555000],
};

const temp = makeTempDirectory('jumeau-fgb-http-');
const files = new Map<string, Uint8Array>();
const served = { bytes: 0, requests: 0 };
let server: Server;
let base = '';
let flakyFailures = 0;
let flakyStatus = 500;

beforeAll(async () => {
  const buildings = await loadFeatureTable(new Uint8Array(readFileSync(BUILDINGS)));
  const jumeau = writeFlatGeobuf(buildings);
  const gdalPath = join(temp.directory, 'gdal.fgb');
  run('ogr2ogr', ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=YES', gdalPath, BUILDINGS]);
  files.set('/jumeau.fgb', jumeau);
  files.set('/gdal.fgb', new Uint8Array(readFileSync(gdalPath)));
  files.set('/unindexed.fgb', writeFlatGeobuf(readLambert93(toLambert93GeoJSON(COMMUNES_17, 'communes-17')), { spatialIndex: false }));
  files.set('/truncated-index.fgb', jumeau.slice(0, 200_000));
  files.set('/truncated-features.fgb', jumeau.slice(0, Math.floor(jumeau.length * 0.6)));
  const badMagic = jumeau.slice();
  badMagic[0] = 0x00;
  files.set('/bad-magic.fgb', badMagic);
  server = createServer((request, response) => {
    served.requests += 1;
    const path = request.url ?? '';
    if (path === '/flaky.fgb' && flakyFailures > 0) {
      flakyFailures -= 1;
      return void response.writeHead(flakyStatus, { 'Retry-After': '0' }).end('busy');
    }
    const body = files.get(path === '/flaky.fgb' || path === '/slow.fgb' ? '/jumeau.fgb' : path);
    if (!body) return void response.writeHead(404).end('not found');
    const range = requestedRange(request, body.length);
    const answer = () => answerRange(response, body, range, served);
    // The slow file answers its opening request at once, every later range after 10 s.
    if (path === '/slow.fgb' && range && range[0] > 0) setTimeout(() => response.destroyed || answer(), 10_000).unref();
    else answer();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
  temp.remove();
});

function fileBytes(name: string): Uint8Array {
  return files.get(`/${name}`) as Uint8Array;
}

/** Byte offset of the index: 8 magic bytes, the header's length, the header. */
function indexStartOf(bytes: Uint8Array): number {
  return 12 + new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
}

/** Every feature with its properties and coordinates, as GeoJSON: equal tables give equal values. */
function asGeoJSON(table: FeatureTable): unknown {
  return featureTableToGeoJSON(table);
}

describe('readFlatGeobuf over HTTP range requests', () => {
  for (const name of ['jumeau.fgb', 'gdal.fgb']) {
    it(`${name}: every box returns the features the in-memory read returns`, async () => {
      for (const [label, bbox] of Object.entries(BOXES)) {
        const local = await readFlatGeobuf(fileBytes(name), { bbox });
        resetCounters(served);
        const remote = await readFlatGeobuf(`${base}/${name}`, { bbox });
        expect(remote.numRows, label).toBe(local.numRows);
        expect(asGeoJSON(remote), label).toEqual(asGeoJSON(local));
        expect(served.requests, label).toBeLessThanOrEqual(INDEX_LEVELS + 3);
        if (label === 'whole extent') expect(remote.numRows).toBe(24_746);
      }
    });
  }

  it('a small box fetches a small part of the file', async () => {
    for (const name of ['jumeau.fgb', 'gdal.fgb']) {
      const size = fileBytes(name).length;
      for (const label of ['small, 800 m, dense', 'small, across the middle of the extent']) {
        resetCounters(served);
        const table = await readFlatGeobuf(`${base}/${name}`, { bbox: BOXES[label] });
        const share = table.numRows / 24_746;
        expect(share, label).toBeGreaterThan(0.01);
        expect(share, label).toBeLessThan(0.05);
        expect(served.bytes, `${name}, ${label}`).toBeLessThan(size * 0.25);
        console.info(
          `${name}, ${label}: ${table.numRows} features (${(100 * share).toFixed(1)} %), ${served.requests} requests, ` +
            `${served.bytes} of ${size} bytes (${((100 * served.bytes) / size).toFixed(1)} %)`,
        );
      }
    }
  });

  it('a box outside the file costs the opening request only', async () => {
    resetCounters(served);
    const table = await readFlatGeobuf(`${base}/jumeau.fgb`, { bbox: BOXES['outside the extent'] });
    expect(table.numRows).toBe(0);
    expect(served.requests).toBe(1);
  });

  it('without a box the whole file comes in one request, read as bytes are', async () => {
    resetCounters(served);
    const remote = await readFlatGeobuf(`${base}/unindexed.fgb`);
    expect(served.requests).toBe(1);
    expect(asGeoJSON(remote)).toEqual(asGeoJSON(await readFlatGeobuf(fileBytes('unindexed.fgb'))));
  });

  it('a file without an index is read whole and its features tested one by one', async () => {
    const bbox: Box = [400000, 6500000, 420000, 6520000];
    resetCounters(served);
    const remote = await readFlatGeobuf(`${base}/unindexed.fgb`, { bbox });
    const local = await readFlatGeobuf(fileBytes('unindexed.fgb'), { bbox });
    expect(local.numRows).toBeGreaterThan(0);
    expect(asGeoJSON(remote)).toEqual(asGeoJSON(local));
    expect(served.bytes).toBeGreaterThanOrEqual(fileBytes('unindexed.fgb').length);
  });

  it('leaves out of file order: sizes are read first, the features are the same', async () => {
    const bytes = fileBytes('jumeau.fgb');
    const swapped = bytes.slice();
    const leafStart = indexStartOf(bytes) + (26_398 - 24_746) * 40;
    // Siblings swapped two by two: parent boxes stay right, every other leaf points before the one before it.
    for (let leaf = 0; leaf + 1 < 24_746; leaf += 2) {
      const at = leafStart + leaf * 40;
      swapped.set(bytes.subarray(at + 40, at + 80), at);
      swapped.set(bytes.subarray(at, at + 40), at + 40);
    }
    for (const label of ['small, 800 m, dense', 'small, across the middle of the extent']) {
      const bbox = BOXES[label] as Box;
      const remote = await readFlatGeobuf(bytesSource(swapped), { bbox });
      expect(asGeoJSON(remote), label).toEqual(asGeoJSON(await readFlatGeobuf(bytes, { bbox })));
    }
  });

  it('a ByteSource is read by ranges too', async () => {
    const bbox = BOXES['small, 800 m, dense'] as Box;
    const source = bytesSource(fileBytes('gdal.fgb'));
    const reads: number[] = [];
    const counting = {
      ...source,
      read(offset: number, length: number) {
        reads.push(length);
        return source.read(offset, length);
      },
    };
    const remote = await readFlatGeobuf(counting, { bbox });
    expect(asGeoJSON(remote)).toEqual(asGeoJSON(await readFlatGeobuf(fileBytes('gdal.fgb'), { bbox })));
    expect(reads.reduce((sum, length) => sum + length, 0)).toBeLessThan(fileBytes('gdal.fgb').length * 0.25);
  });
});

describe('corrupt files and failures', () => {
  const expectCode = expectJumeauError;
  const whole = BOXES['whole extent'] as Box;

  it('bad magic bytes and truncated files are format errors', async () => {
    await expectCode(readFlatGeobuf(`${base}/bad-magic.fgb`, { bbox: whole }), 'format', /magic/);
    await expectCode(readFlatGeobuf(`${base}/truncated-index.fgb`, { bbox: whole }), 'format', /24746 features/);
    await expectCode(readFlatGeobuf(`${base}/truncated-features.fgb`, { bbox: whole }), 'format', /past the end of the file/);
  });

  it('an index node pointing outside its level and an absurd feature size are format errors', async () => {
    const bytes = fileBytes('jumeau.fgb');
    const indexStart = indexStartOf(bytes);
    const badNode = bytes.slice();
    new DataView(badNode.buffer).setBigUint64(indexStart + 32, 10n ** 12n, true);
    await expectCode(readFlatGeobuf(bytesSource(badNode), { bbox: whole }), 'format', /outside its child level/);
    const featuresStart = indexStart + 26_398 * 40; // 24 746 + 1 547 + 97 + 7 + 1 nodes
    const badSize = bytes.slice();
    new DataView(badSize.buffer).setUint32(featuresStart, 0xffff_fff0, true);
    await expectCode(readFlatGeobuf(bytesSource(badSize), { bbox: whole }), 'format', /declares 4294967280 bytes/);
  });

  it('a local path or an unknown object is an input error', async () => {
    await expectCode(readFlatGeobuf('/tmp/batiments.fgb', { bbox: whole }), 'input', /http/);
    await expectCode(readFlatGeobuf({} as never), 'input', /Cannot read a FlatGeobuf file/);
  });

  it('HTTP 503 is asked again (2 retries by default, `retries: 0` fails at once)', async () => {
    flakyStatus = 503;
    flakyFailures = 2;
    const bbox = BOXES['small, 800 m, dense'] as Box;
    const expected = asGeoJSON(await readFlatGeobuf(fileBytes('jumeau.fgb'), { bbox }));
    expect(asGeoJSON(await readFlatGeobuf(`${base}/flaky.fgb`, { bbox }))).toEqual(expected);
    flakyFailures = 1;
    await expectCode(readFlatGeobuf(`${base}/flaky.fgb`, { bbox, retries: 0 }), 'http', /HTTP 503/);
    flakyFailures = 0;
    flakyStatus = 500;
  });

  it('HTTP 500 is an http error naming the status, and the next read succeeds', async () => {
    flakyFailures = 1;
    await expectCode(readFlatGeobuf(`${base}/flaky.fgb`, { bbox: whole }), 'http', /HTTP 500/);
    const bbox = BOXES['small, 800 m, dense'] as Box;
    const table = await readFlatGeobuf(`${base}/flaky.fgb`, { bbox });
    expect(asGeoJSON(table)).toEqual(asGeoJSON(await readFlatGeobuf(fileBytes('jumeau.fgb'), { bbox })));
  });

  it('an abort before or during the reads is an aborted error', async () => {
    await expectCode(readFlatGeobuf(`${base}/jumeau.fgb`, { bbox: whole, signal: AbortSignal.abort() }), 'aborted', /aborted/);
    const controller = new AbortController();
    const reading = readFlatGeobuf(`${base}/slow.fgb`, { bbox: BOXES['small, 800 m, dense'], signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left the map')), 300);
    await expectCode(reading, 'aborted', /user left the map/);
  });
});
