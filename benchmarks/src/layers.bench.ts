/**
 * @jumeau/layers in headless Chromium (software GL: SwiftShader — compare ratios, not absolute times):
 * frame times of GridMeshLayer on 1 M Lambert-93 cells vs deck.gl's BitmapLayer of the same grid coloured on the
 * CPU (the usual, inexact way), and BuildingsLayer (Arrow, binary attributes) on 100 k footprints vs deck.gl's
 * SolidPolygonLayer over GeoJSON objects. The page is packages/layers/bench/, served by Vite (through vitest).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createViteServer } from 'vitest/node';
import { type BenchmarkRow, type BenchmarkSuiteResult, formatMilliseconds } from './harness.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium.config.js';

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../..');
const shared = resolve(process.env.JUMEAU_SHARED_DIR ?? join(repository, '../shared'));

interface Measure {
  firstFrameMilliseconds: number;
  frameMilliseconds: number;
}
interface PageResult {
  coveredGrid: number;
  coveredGridReference: number;
  tableMilliseconds: number;
  covered: number;
  coveredReference: number;
  gridJumeau: Measure;
  gridReference: Measure;
  buildingsJumeau: Measure;
  buildingsReference: Measure;
  renderer: string;
}

/** What a reader needs to trust the figures on a shared machine: wall time, CPU time, load average. */
interface RunCost {
  wallSeconds: number;
  rendererTaskSeconds: number;
  nodeCpuSeconds: number;
  loadBefore: string;
  loadAfter: string;
}

function rows(result: PageResult, cost: RunCost): BenchmarkRow[] {
  // A frame time of a frame that drew nothing is meaningless: refuse to report it.
  const drawn = [result.coveredGrid, result.coveredGridReference, result.covered, result.coveredReference];
  if (drawn.some((count) => count === 0)) {
    throw new Error(
      `A measured frame drew no pixels (grid ${drawn[0]} / ${drawn[1]}, buildings ${drawn[2]} / ${drawn[3]}): the page's synchronous redraw does not render yet; numbers withheld`,
    );
  }
  const notes =
    `headless Chromium, ${result.renderer} (SwiftShader software GL): relative numbers only; whole run ${cost.wallSeconds.toFixed(1)} s wall, ` +
    `${cost.rendererTaskSeconds.toFixed(1)} s renderer main-thread CPU (CDP TaskDuration), ${cost.nodeCpuSeconds.toFixed(1)} s Node CPU; ` +
    `load average ${cost.loadBefore} → ${cost.loadAfter}`;
  const pair = (task: string, jumeau: number, reference: number, referenceName: string): BenchmarkRow => ({
    task,
    jumeau: formatMilliseconds(jumeau),
    reference: formatMilliseconds(reference),
    referenceName,
    ratio: reference / jumeau,
    notes,
  });
  return [
    pair(
      `1 M-cell Lambert-93 grid, frame (median of 15, panning; pixels drawn ${result.coveredGrid} / ${result.coveredGridReference})`,
      result.gridJumeau.frameMilliseconds,
      result.gridReference.frameMilliseconds,
      'deck.gl 9.4 BitmapLayer (CPU-coloured, 4 corners)',
    ),
    pair(
      '1 M-cell Lambert-93 grid, first frame (mesh/texture setup)',
      result.gridJumeau.firstFrameMilliseconds,
      result.gridReference.firstFrameMilliseconds,
      'deck.gl 9.4 BitmapLayer (CPU-coloured, 4 corners)',
    ),
    pair(
      '100 k extruded buildings, frame (median of 10)',
      result.buildingsJumeau.frameMilliseconds,
      result.buildingsReference.frameMilliseconds,
      'deck.gl 9.4 SolidPolygonLayer over GeoJSON objects (outer rings only)',
    ),
    pair(
      `100 k buildings, first frame from a ready table / GeoJSON objects (pixels drawn: ${result.covered} / ${result.coveredReference})`,
      result.buildingsJumeau.firstFrameMilliseconds,
      result.buildingsReference.firstFrameMilliseconds,
      'deck.gl 9.4 SolidPolygonLayer over GeoJSON objects (outer rings only)',
    ),
    {
      task: '100 k buildings, GeoJSON → FeatureTable (@jumeau/core, once)',
      jumeau: formatMilliseconds(result.tableMilliseconds),
      reference: '—',
      referenceName: 'not needed by the GeoJSON path',
      ratio: null,
      notes,
    },
  ];
}

export default async function run(): Promise<BenchmarkSuiteResult> {
  const server = await createViteServer({
    root: join(repository, 'packages/layers/bench'),
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['@jumeau/source', 'module', 'browser', 'development|production'] },
    server: { port: 0, host: '127.0.0.1', fs: { allow: [repository, shared] } },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 700, height: 700 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') console.error(`[page] ${message.text()}`);
    });
    await page.addInitScript(`window.SHARED = '/@fs${join(shared, 'data')}'`);
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.waitForFunction('typeof window.runBenchmark === "function"', undefined, { timeout: 120_000 });
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('Performance.enable');
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const [cpuBefore, wallBefore] = [process.cpuUsage(), performance.now()];
    const result = (await page.evaluate('window.runBenchmark()')) as PageResult;
    const cpu = process.cpuUsage(cpuBefore);
    const { metrics } = (await devtools.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const cost: RunCost = {
      wallSeconds: (performance.now() - wallBefore) / 1000,
      rendererTaskSeconds: metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? Number.NaN,
      nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
      loadBefore,
      loadAfter: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    return { title: '@jumeau/layers — frame times in headless Chromium (SwiftShader software GL)', rows: rows(result, cost) };
  } finally {
    await browser.close();
    await server.close();
  }
}
