/**
 * Worker hand-off: a 256 MiB Float32 grid sent to a worker and back through `@jumeau/workers` (transferred)
 * against a bare worker round trip with structured clone and with a transfer list; and pool start-up (first
 * task answered) against a bare `new Worker` answering its first message. In Node (`worker_threads`) and in
 * headless Chromium (playwright-core, page served from 127.0.0.1). The pool's worker is the test worker of
 * @jumeau/workers bundled by esbuild (what an application ships); the bare worker only echoes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Grid } from '@jumeau/core';
import { createWorkerPool } from '@jumeau/workers';
import { type BenchmarkRow, type BenchmarkSuiteResult, formatMilliseconds, formatRate, time } from './harness.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium.config.js';

const GRID_SIDE = 8192; // 8192² Float32 = 256 MiB
const GRID_MEBIBYTES = (GRID_SIDE * GRID_SIDE * 4) / 2 ** 20;
const FIXTURE = new URL('../../packages/workers/test/fixtures/test.worker.ts', import.meta.url);
const PAGE = new URL('../../packages/workers/test/fixtures/benchmark-page.ts', import.meta.url);
const BROWSER_ECHO =
  'self.onmessage = (event) => self.postMessage(event.data, event.data.transfer ? [event.data.grid.data.buffer] : []);\n';
const BARE_ECHO =
  "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (message) => parentPort.postMessage(message, message.transfer ? [message.grid.data.buffer] : []));\n";

type EsbuildLike = { buildSync(options: Record<string, unknown>): unknown };

/** Bundles an entry with esbuild (a dependency of tsx), as an application build would. */
function bundle(entry: URL, outfile: string, platform: 'node' | 'browser'): URL {
  const requireFromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
  const esbuild = requireFromTsx('esbuild') as EsbuildLike;
  // esbuild's ESM output for Node has no `require` for the CommonJS parts of dependencies: give it one.
  const banner =
    platform === 'node'
      ? "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
      : '';
  esbuild.buildSync({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform,
    format: 'esm',
    conditions: ['@jumeau/source'],
    outfile,
    logLevel: 'error',
    banner: { js: banner },
  });
  return pathToFileURL(outfile);
}

function makeGrid(): Grid<Float32Array> {
  const data = new Float32Array(GRID_SIDE * GRID_SIDE);
  for (let index = 0; index < data.length; index += 4096) data[index] = index;
  return {
    width: GRID_SIDE,
    height: GRID_SIDE,
    transform: [0, 1, 0, GRID_SIDE, 0, -1],
    crs: 2154,
    nodata: null,
    verticalDatum: null,
    units: 'm',
    data,
  };
}

function bareRoundTrip(worker: Worker, grid: Grid<Float32Array>, transfer: boolean): Promise<unknown> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage({ grid, transfer }, transfer ? [grid.data.buffer as ArrayBuffer] : []);
  });
}

async function measureHandoff(workerUrl: URL, bareUrl: URL): Promise<BenchmarkRow[]> {
  const pool = createWorkerPool({ url: workerUrl, size: 1 });
  const bare = new Worker(bareUrl);
  const options = { warmup: 1, minimumRuns: 5, maximumRuns: 10, minimumMilliseconds: 0, setup: makeGrid };
  try {
    const jumeau = await time((grid) => pool.run('echoGrid', { grid: grid as Grid<Float32Array> }), options);
    const jumeauCopy = await time((grid) => pool.run('echoGrid', { grid: grid as Grid<Float32Array> }, { transfer: 'none' }), options);
    const clone = await time((grid) => bareRoundTrip(bare, grid as Grid<Float32Array>, false), options);
    const moved = await time((grid) => bareRoundTrip(bare, grid as Grid<Float32Array>, true), options);
    const rate = (milliseconds: number): string =>
      `${formatMilliseconds(milliseconds)} (${formatRate(2 * GRID_MEBIBYTES, milliseconds, 'MiB')})`;
    const task = `${GRID_MEBIBYTES} MiB Float32 grid → worker → back`;
    return [
      row(
        `${task}: pool.run, transfer 'auto' vs bare clone`,
        rate(jumeau.medianMilliseconds),
        rate(clone.medianMilliseconds),
        'worker_threads postMessage, structured clone',
        clone.medianMilliseconds / jumeau.medianMilliseconds,
      ),
      row(
        `${task}: pool.run, transfer 'auto' vs bare transfer`,
        rate(jumeau.medianMilliseconds),
        rate(moved.medianMilliseconds),
        'worker_threads postMessage, transfer list',
        moved.medianMilliseconds / jumeau.medianMilliseconds,
        'pool overhead: zod validation, comlink, envelope',
      ),
      row(
        `${task}: pool.run, transfer 'none' vs bare clone`,
        rate(jumeauCopy.medianMilliseconds),
        rate(clone.medianMilliseconds),
        'worker_threads postMessage, structured clone',
        clone.medianMilliseconds / jumeauCopy.medianMilliseconds,
        'copy once at run(), then moved',
      ),
    ];
  } finally {
    await pool.terminate();
    await bare.terminate();
  }
}

async function measureStartup(workerUrl: URL, bareUrl: URL): Promise<BenchmarkRow> {
  const options = { warmup: 1, minimumRuns: 5, maximumRuns: 10, minimumMilliseconds: 0 };
  const pool = await time(async () => {
    const started = createWorkerPool({ url: workerUrl, size: 1 });
    await started.run('whoAmI', {});
    await started.terminate();
  }, options);
  const bare = await time(async () => {
    const worker = new Worker(bareUrl);
    await new Promise((resolve) => {
      worker.once('message', resolve);
      worker.postMessage({ grid: { data: new Float32Array(1) }, transfer: false });
    });
    await worker.terminate();
  }, options);
  return row(
    'pool start-up: first task answered',
    formatMilliseconds(pool.medianMilliseconds),
    formatMilliseconds(bare.medianMilliseconds),
    'bare new Worker, first message echoed',
    bare.medianMilliseconds / pool.medianMilliseconds,
    'bundled worker (esbuild, ~1 MB: arrow, zod, comlink, core), terminate included in both',
  );
}

function row(task: string, jumeau: string, reference: string, referenceName: string, ratio: number, notes?: string): BenchmarkRow {
  return { task, jumeau, reference, referenceName, ratio, ...(notes ? { notes } : {}) };
}

interface BrowserMeasurements {
  readonly poolTransfer: number;
  readonly bareClone: number;
  readonly bareTransfer: number;
  readonly poolStartup: number;
  readonly bareStartup: number;
}

/** Serves the bundled page and workers from 127.0.0.1 and runs the page's measurements in headless Chromium. */
async function measureInChromium(folder: string): Promise<BrowserMeasurements> {
  bundle(FIXTURE, join(folder, 'test.worker.js'), 'browser');
  bundle(PAGE, join(folder, 'page.js'), 'browser');
  writeFileSync(join(folder, 'bare.worker.js'), BROWSER_ECHO);
  writeFileSync(join(folder, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>');
  const server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0] === '/' ? 'index.html' : (request.url ?? '').slice(1).split('?')[0];
    if (!name || !['index.html', 'page.js', 'test.worker.js', 'bare.worker.js'].includes(name)) return void response.writeHead(404).end();
    // A strict CSP: the runtime must work without eval, inline scripts or remote code.
    const headers = {
      'content-type': name.endsWith('.html') ? 'text/html' : 'text/javascript',
      'content-security-policy': "script-src 'self'; worker-src 'self'",
    };
    response.writeHead(200, headers).end(readFileSync(join(folder, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'runHandoffBenchmark' in globalThis);
    return (await page.evaluate(`runHandoffBenchmark(${GRID_SIDE}, 5)`, undefined, { timeout: 0 } as never)) as BrowserMeasurements;
  } finally {
    await browser.close();
    server.close();
  }
}

function browserRows(measured: BrowserMeasurements): BenchmarkRow[] {
  const rate = (milliseconds: number): string =>
    `${formatMilliseconds(milliseconds)} (${formatRate(2 * GRID_MEBIBYTES, milliseconds, 'MiB')})`;
  const task = `Chromium: ${GRID_MEBIBYTES} MiB Float32 grid → worker → back`;
  const notes = 'headless Chromium, page under a strict CSP (script-src/worker-src self)';
  return [
    row(
      `${task}: pool.run, transfer 'auto' vs bare clone`,
      rate(measured.poolTransfer),
      rate(measured.bareClone),
      'module Worker postMessage, structured clone',
      measured.bareClone / measured.poolTransfer,
      notes,
    ),
    row(
      `${task}: pool.run, transfer 'auto' vs bare transfer`,
      rate(measured.poolTransfer),
      rate(measured.bareTransfer),
      'module Worker postMessage, transfer list',
      measured.bareTransfer / measured.poolTransfer,
      notes,
    ),
    row(
      'Chromium: pool start-up, first task answered',
      formatMilliseconds(measured.poolStartup),
      formatMilliseconds(measured.bareStartup),
      'bare module Worker, first message echoed',
      measured.bareStartup / measured.poolStartup,
      'bundled worker (esbuild), terminate included in both',
    ),
  ];
}

export default async function run(): Promise<BenchmarkSuiteResult> {
  const folder = mkdtempSync(join(tmpdir(), 'jumeau-worker-bench-'));
  try {
    const workerUrl = bundle(FIXTURE, join(folder, 'test.worker.mjs'), 'node');
    const bareUrl = pathToFileURL(join(folder, 'bare.worker.mjs'));
    writeFileSync(bareUrl, BARE_ECHO);
    const rows = [...(await measureHandoff(workerUrl, bareUrl)), await measureStartup(workerUrl, bareUrl)];
    if (existsSync(CHROMIUM_PATH)) rows.push(...browserRows(await measureInChromium(folder)));
    else rows.push({ task: 'Chromium rows', jumeau: '—', reference: '—', referenceName: `no Chromium at ${CHROMIUM_PATH}`, ratio: null });
    return { title: 'Worker hand-off (Node worker_threads and headless Chromium)', rows };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
