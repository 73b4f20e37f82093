/**
 * The benchmark harness: every suite compares Jumeau with a reference (PROJ, GDAL, GRASS, the library a user
 * would pick otherwise) on the same work in the same run, and reports ratios. Never used by unit tests.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** One measured comparison. `ratio` > 1 means Jumeau is faster (or smaller) than the reference. */
export interface BenchmarkRow {
  /** What is measured, e.g. "Lambert-93 → WGS84, 10 M points". */
  readonly task: string;
  /** Jumeau's figure, with its unit: "41.2 M pts/s", "4.1 ms". */
  readonly jumeau: string;
  /** The reference tool's figure on the same work. */
  readonly reference: string;
  /** Name of the reference tool, e.g. "proj4js 2.22 per-point". */
  readonly referenceName: string;
  /** Jumeau speed / reference speed (or reference time / Jumeau time). */
  readonly ratio: number | null;
  /** Anything a reader must know to trust the figure (machine, software GL, sizes). */
  readonly notes?: string;
}

/** A suite's result: a title and its rows. */
export interface BenchmarkSuiteResult {
  readonly title: string;
  readonly rows: readonly BenchmarkRow[];
}

/** A benchmark suite module exports `run` (default export or named). */
export type BenchmarkSuite = () => Promise<BenchmarkSuiteResult>;

/** Timing of repeated runs. */
export interface Timing {
  readonly medianMilliseconds: number;
  readonly minimumMilliseconds: number;
  readonly runs: number;
}

/**
 * Times `task` (after `warmup` untimed runs) at least `minimumRuns` times and for at least `minimumMilliseconds`,
 * returning median and minimum. `setup` runs before each timed run, untimed (e.g. to allocate a buffer to transfer).
 */
export async function time(
  task: (state: unknown) => unknown,
  options: { warmup?: number; minimumRuns?: number; maximumRuns?: number; minimumMilliseconds?: number; setup?: () => unknown } = {},
): Promise<Timing> {
  const { warmup = 1, minimumRuns = 5, maximumRuns = 50, minimumMilliseconds = 300, setup } = options;
  for (let index = 0; index < warmup; index += 1) await task(setup?.());
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < minimumRuns || (performance.now() - started < minimumMilliseconds && samples.length < maximumRuns)) {
    const state = setup?.();
    const start = performance.now();
    await task(state);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return {
    medianMilliseconds: samples[Math.floor(samples.length / 2)] as number,
    minimumMilliseconds: samples[0] as number,
    runs: samples.length,
  };
}

/** "12.3 ms", "1.20 s". */
export function formatMilliseconds(milliseconds: number): string {
  if (milliseconds >= 1000) return `${(milliseconds / 1000).toFixed(2)} s`;
  if (milliseconds >= 10) return `${milliseconds.toFixed(1)} ms`;
  return `${milliseconds.toFixed(2)} ms`;
}

/** "41.2 M pts/s" from a count of items and a time. */
export function formatRate(items: number, milliseconds: number, unit: string): string {
  const perSecond = (items / milliseconds) * 1000;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M ${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k ${unit}/s`;
  return `${perSecond.toFixed(1)} ${unit}/s`;
}

/** A Markdown table of a suite's rows. */
export function toMarkdown(result: BenchmarkSuiteResult): string {
  const lines = [
    `### ${result.title}`,
    '',
    '| task | Jumeau | reference | reference tool | ratio (× faster) | notes |',
    '| --- | ---: | ---: | --- | ---: | --- |',
    ...result.rows.map(
      (row) =>
        `| ${row.task} | ${row.jumeau} | ${row.reference} | ${row.referenceName} | ${row.ratio === null ? '—' : row.ratio.toFixed(2)} | ${row.notes ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}

/** The environment glibc (≥ 2.35) reads to ask the kernel for transparent huge pages on its large allocations. */
const HUGE_PAGES_ENVIRONMENT = { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } as const;

/**
 * Runs an ES module snippet in a child Node process (same flags and `@jumeau/source` condition as this one, from
 * the benchmarks folder) whose glibc asks for transparent huge pages, as numpy does for its arrays: the first touch
 * of a fresh large array then costs a few faults of 2 MiB instead of one per 4 KiB page. The snippet prints one JSON
 * line last; `args` are its `process.argv[1…]`.
 */
export function runWithHugePages<T>(code: string, args: readonly string[]): T {
  const output = execFileSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', code, ...args], {
    encoding: 'utf8',
    cwd: join(dirname(fileURLToPath(import.meta.url)), '..'),
    env: { ...process.env, ...HUGE_PAGES_ENVIRONMENT },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').pop() ?? 'null') as T;
}

/** Median wall and CPU (user + system) milliseconds of `runs` runs after `warmup` untimed runs. */
export function measure(task: () => unknown, runs: number, warmup = 2): { wallMilliseconds: number; cpuMilliseconds: number } {
  for (let run = 0; run < warmup; run += 1) task();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const before = process.cpuUsage();
    const start = performance.now();
    task();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return { wallMilliseconds: median(wall), cpuMilliseconds: median(cpu) };
}
