/**
 * @jumeau/catalog: reading the Géoplateforme's capabilities documents (the first thing every session does).
 * Reference: Python's standard ElementTree (C accelerated), the parser OWSLib and most Python clients use,
 * timed inside Python (interpreter start excluded) on the same files, extracting the same fields.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseXml, readWfsCapabilities, readWmsCapabilities, readWmtsCapabilities } from '@jumeau/catalog';
import { type BenchmarkRow, formatMilliseconds, time } from './harness.js';

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

// Parse, then for every layer element read its name/identifier, title and bounding box text: the same work.
function pythonMedianMilliseconds(path: string, element: string, namespace: string): number {
  const script = [
    'import sys, time, statistics, xml.etree.ElementTree as ET',
    `path, element, ns = ${JSON.stringify(path)}, ${JSON.stringify(element)}, ${JSON.stringify(namespace)}`,
    'data = open(path, "rb").read()',
    'def run():',
    '    root = ET.fromstring(data)',
    '    out = []',
    '    for layer in root.iter("{%s}%s" % (ns, element)):',
    '        out.append([c.text for c in layer if c.tag.split("}")[1] in ("Name", "Identifier", "Title", "WGS84BoundingBox", "EX_GeographicBoundingBox")])',
    '    return out',
    'run()',
    'samples = []',
    'for _ in range(15):',
    '    t = time.perf_counter(); run(); samples.append((time.perf_counter() - t) * 1000)',
    'print(statistics.median(samples))',
  ].join('\n');
  return Number(execFileSync('python3', ['-c', script]).toString().trim());
}

export default async function run() {
  const rows: BenchmarkRow[] = [];
  for (const testCase of CASES) {
    const path = `${FIXTURES}/${testCase.file}`;
    const text = readFileSync(path, 'utf8');
    const ours = await time(() => testCase.read(text), { warmup: 2, minimumRuns: 15 });
    const reference = pythonMedianMilliseconds(path, testCase.xpath, testCase.namespace);
    rows.push({
      task: testCase.task,
      jumeau: formatMilliseconds(ours.medianMilliseconds),
      reference: formatMilliseconds(reference),
      referenceName: 'Python 3 xml.etree (C), fields only',
      ratio: reference / ours.medianMilliseconds,
      notes: 'Jumeau also validates the XML, decodes entities safely and builds typed layers',
    });
  }
  return { title: '@jumeau/catalog — capabilities parsing (recorded Géoplateforme documents)', rows };
}
