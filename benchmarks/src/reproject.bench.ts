/**
 * Reprojection: Jumeau's batch kernels vs proj4js's per-point API and vs PROJ's cs2cs on the same 10 M points of
 * metropolitan France, Lambert-93 ↔ WGS84, in one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransformer } from '@jumeau/convert';
import { getCrs } from '@jumeau/core';
import proj4 from 'proj4';
import { type BenchmarkRow, formatMilliseconds, formatRate, time } from './harness.js';

const POINT_COUNT = 10_000_000;
/** cs2cs reads text at ~0.1–0.2 M pts/s: it gets the first million of the same points (its rate is what compares). */
const CS2CS_POINT_COUNT = 1_000_000;

/** Deterministic points over metropolitan France (Lambert-93 metres), from a linear congruential generator. */
function lambert93Points(count: number): Float64Array {
  const points = new Float64Array(count * 2);
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let index = 0; index < count; index += 1) {
    points[index * 2] = 100_000 + next() * 1_100_000;
    points[index * 2 + 1] = 6_050_000 + next() * 1_050_000;
  }
  return points;
}

function proj4PerPoint(converter: proj4.Converter, input: Float64Array, output: Float64Array): void {
  for (let index = 0; index < input.length; index += 2) {
    const result = converter.forward([input[index] as number, input[index + 1] as number]);
    output[index] = result[0] as number;
    output[index + 1] = result[1] as number;
  }
}

/** cs2cs over a text file of the same points (PROJ reads and writes text: that cost is part of using it). */
function cs2csMilliseconds(input: Float64Array, from: string, to: string, northFirstInput: boolean): number {
  const folder = mkdtempSync(join(tmpdir(), 'jumeau-bench-'));
  try {
    const lines: string[] = [];
    for (let index = 0; index < input.length; index += 2) {
      const x = input[index] as number;
      const y = input[index + 1] as number;
      lines.push(northFirstInput ? `${y} ${x}` : `${x} ${y}`);
    }
    const file = join(folder, 'points.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const started = performance.now();
    execFileSync('sh', ['-c', `cs2cs -f %.9f ${from} ${to} ${file} > /dev/null`]);
    return performance.now() - started;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function measure(task: string, from: number, to: number, input: Float64Array): Promise<BenchmarkRow[]> {
  const transformer = createTransformer(from, to);
  const output = new Float64Array(input.length);
  const jumeau = await time(
    () => {
      output.set(input);
      transformer.forward(output, { inPlace: true });
    },
    { minimumRuns: 3, maximumRuns: 5 },
  );
  const converter = proj4(getCrs(from).proj4, getCrs(to).proj4);
  const reference = await time(() => proj4PerPoint(converter, input, output), {
    warmup: 1,
    minimumRuns: 1,
    maximumRuns: 2,
    minimumMilliseconds: 0,
  });
  const cs2csInput = input.subarray(0, CS2CS_POINT_COUNT * 2);
  const cs2cs = cs2csMilliseconds(cs2csInput, `EPSG:${from}`, `EPSG:${to}`, from === 4326);
  const cs2csRate = formatRate(CS2CS_POINT_COUNT, cs2cs, 'pts');
  const cs2csPerPoint = cs2cs / CS2CS_POINT_COUNT;
  const points = input.length / 2;
  const rate = (milliseconds: number) => formatRate(points, milliseconds, 'pts');
  return [
    {
      task,
      jumeau: rate(jumeau.medianMilliseconds),
      reference: rate(reference.medianMilliseconds),
      referenceName: 'proj4js 2.22 per point (`forward([x, y])`)',
      ratio: reference.medianMilliseconds / jumeau.medianMilliseconds,
      notes: `median of ${jumeau.runs} / ${reference.runs} runs; Jumeau ${formatMilliseconds(jumeau.medianMilliseconds)}, one thread`,
    },
    {
      task,
      jumeau: rate(jumeau.medianMilliseconds),
      reference: cs2csRate,
      referenceName: 'PROJ 9.1 cs2cs (text file in, text out)',
      ratio: (cs2csPerPoint * points) / jumeau.medianMilliseconds,
      notes: `cs2cs on the first ${CS2CS_POINT_COUNT / 1e6} M points: ${formatMilliseconds(cs2cs)}, one run, includes its text parsing and formatting`,
    },
  ];
}

/** The suite. */
export default async function run() {
  const lambert93 = lambert93Points(POINT_COUNT);
  const wgs84 = createTransformer(2154, 4326).forward(lambert93);
  return {
    title: `Reprojection, ${POINT_COUNT / 1e6} M points over metropolitan France`,
    rows: [
      ...(await measure(`Lambert-93 → WGS84, ${POINT_COUNT / 1e6} M points`, 2154, 4326, lambert93)),
      ...(await measure(`WGS84 → Lambert-93, ${POINT_COUNT / 1e6} M points`, 4326, 2154, wgs84)),
    ],
  };
}
