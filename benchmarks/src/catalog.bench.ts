/**
 * @jumeau/catalog: reading the Géoplateforme's capabilities documents (the first thing every session does), and
 * downloading a resource of a download service to disk.
 * References: Python's standard ElementTree (C accelerated), the parser OWSLib and most Python clients use,
 * timed inside Python (interpreter start excluded) on the same files, extracting the same fields; curl for the
 * download, from the same local server in the same run.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml, readWfsCapabilities, readWmsCapabilities, readWmtsCapabilities } from '@jumeau/catalog';
import { downloadFile } from '@jumeau/catalog/node';
import { type BenchmarkRow, formatMilliseconds, formatRate, time } from './harness.js';

const FIXTURES = '/work/shared/fixtures/geoplateforme';

const CASES = [
  {
    task: 'WMTS capabilities, 539 layers + TileMatrixSets (1.97 MB)',
    file: 'wmts/getcapabilities.xml',
    read: (text: string) => readWmtsCapabilities(parseXml(text, 'WMTS')).layers.length,
    xpath: 'Layer',
    namespace: 'http://www.opengis.net/wmts/1.0',
  },
  {
    task: 'WMS-R capabilities, 308 layers (531 kB)',
    file: 'wms-r/getcapabilities.xml',
    read: (text: string) => readWmsCapabilities(parseXml(text, 'WMS')).layers.length,
    xpath: 'Layer',
    namespace: 'http://www.opengis.net/wms',
  },
  {
    task: 'WFS FeatureTypeList, 436 types (292 kB)',
    file: 'wfs/getcapabilities-featuretypelist.xml',
    read: (text: string) => readWfsCapabilities(parseXml(text, 'WFS')).layers.length,
    xpath: 'FeatureType',
    namespace: 'http://www.opengis.net/wfs/2.0',
  },
] as const;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// Parse, then for every layer element read its name/identifier, title and bounding box text: the same work.
// Returns the medians of wall time and of CPU time (time.process_time) over 15 runs after one warm-up.
function python(path: string, element: string, namespace: string): { wall: number; cpu: number } {
  const script = [
    'import sys, time, json, statistics, xml.etree.ElementTree as ET',
    `path, element, ns = ${JSON.stringify(path)}, ${JSON.stringify(element)}, ${JSON.stringify(namespace)}`,
    'data = open(path, "rb").read()',
    'def run():',
    '    root = ET.fromstring(data)',
    '    out = []',
    '    for layer in root.iter("{%s}%s" % (ns, element)):',
    '        out.append([c.text for c in layer if c.tag.split("}")[1] in ("Name", "Identifier", "Title", "WGS84BoundingBox", "EX_GeographicBoundingBox")])',
    '    return out',
    'run()',
    'wall, cpu = [], []',
    'for _ in range(15):',
    '    t, c = time.perf_counter(), time.process_time(); run()',
    '    wall.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)',
    'print(json.dumps({"wall": statistics.median(wall), "cpu": statistics.median(cpu)}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script]).toString()) as { wall: number; cpu: number };
}

async function capabilitiesRow(testCase: (typeof CASES)[number]): Promise<BenchmarkRow> {
  const path = `${FIXTURES}/${testCase.file}`;
  const text = readFileSync(path, 'utf8');
  const cpuSamples: number[] = [];
  const ours = await time(
    () => {
      const start = process.cpuUsage();
      testCase.read(text);
      const used = process.cpuUsage(start);
      cpuSamples.push((used.user + used.system) / 1000);
    },
    { warmup: 2, minimumRuns: 15 },
  );
  const cpu = median(cpuSamples.slice(2));
  const reference = python(path, testCase.xpath, testCase.namespace);
  return {
    task: testCase.task,
    jumeau: `${formatMilliseconds(ours.medianMilliseconds)} (CPU ${formatMilliseconds(cpu)})`,
    reference: `${formatMilliseconds(reference.wall)} (CPU ${formatMilliseconds(reference.cpu)})`,
    referenceName: 'Python 3 xml.etree (C), fields only',
    ratio: reference.cpu / cpu,
    notes: `ratio of CPU medians; wall ratio ${(reference.wall / ours.medianMilliseconds).toFixed(2)}. Jumeau also checks well-formedness, decodes entities safely and builds typed layers`,
  };
}

const DOWNLOAD_BYTES = 128 * 1024 ** 2;

// The file server runs in its own Node process, so that Jumeau and curl each compete with it the same way.
const SERVER_SCRIPT = `
const { createServer } = require('node:http');
const size = Number(process.argv[1]);
const body = Buffer.alloc(size).map((_v, i) => (i * 2654435761) >>> 24);
const server = createServer((_q, r) => { r.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) }); r.end(body); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

async function startFileServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER_SCRIPT, String(DOWNLOAD_BYTES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (data: Buffer) => resolve(data.toString().trim())));
  return { url: `http://127.0.0.1:${port}/BDTOPO_D017.7z`, stop: () => child.kill() };
}

const curlDownload = (url: string, file: string) =>
  new Promise<void>((resolve, reject) => execFile('curl', ['-s', '-f', '-o', file, url], (error) => (error ? reject(error) : resolve())));

async function downloadRow(): Promise<BenchmarkRow> {
  const server = await startFileServer();
  const directory = mkdtempSync(join(tmpdir(), 'jumeau-bench-download-'));
  const options = { warmup: 1, minimumRuns: 5, maximumRuns: 5 };
  try {
    let run = 0;
    const ours = await time(
      () => downloadFile(server.url, join(directory, `ours-${run++}.7z`), { expectedBytes: DOWNLOAD_BYTES }),
      options,
    );
    const curl = await time(() => curlDownload(server.url, join(directory, 'curl.7z')), options);
    return {
      task: 'Download a 128 MiB resource to disk from a local server (size checked)',
      jumeau: formatRate(DOWNLOAD_BYTES / 1024 ** 2, ours.medianMilliseconds, 'MiB'),
      reference: formatRate(DOWNLOAD_BYTES / 1024 ** 2, curl.medianMilliseconds, 'MiB'),
      referenceName: 'curl -o (same server, same run)',
      ratio: curl.medianMilliseconds / ours.medianMilliseconds,
      notes: 'file server in its own Node process; Jumeau writes through .part files and renames',
    };
  } finally {
    server.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

export default async function run() {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const rows: BenchmarkRow[] = [];
  for (const testCase of CASES) rows.push(await capabilitiesRow(testCase));
  rows.push(await downloadRow());
  return { title: `@jumeau/catalog — capabilities parsing (recorded Géoplateforme documents) and download (load average ${load})`, rows };
}
