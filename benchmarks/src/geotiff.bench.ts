/**
 * GeoTIFF / COG: decoding a 4096 × 4096 DEFLATE Float32 COG (the Oléron DEM resampled by GDAL) with Jumeau (calling
 * thread, readGeoTIFF, worker threads, from a file; alternated so that load changes hit each alike; wall and CPU),
 * geotiff.js and GDAL (python3-gdal ReadAsArray in-process; gdal_translate to raw ENVI as a process), and writing a
 * COG with Jumeau vs `gdal_translate -of COG`, in one run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoTIFF, writeCOG } from '@jumeau/convert';
import { readGeoTIFFFile, readGeoTIFFParallel } from '@jumeau/convert/node';
import { sharedDataPath } from '@jumeau/core/node';
import { fromArrayBuffer } from 'geotiff';
import { type BenchmarkRow, formatMilliseconds, formatRate, runWithHugePages, time } from './harness.js';

const SIZE = 4096;
const CELLS = SIZE * SIZE;
const PYTHON = '/usr/bin/python3';

/** Median wall and CPU milliseconds of `runs` in-process python3-gdal reads (after one warm-up), measured inside Python. */
function gdalReadAsArray(
  path: string,
  runs: number,
  threads: string,
  window: readonly number[] | null = null,
): { milliseconds: number; cpuMilliseconds: number } {
  const read = window === null ? 'ReadAsArray()' : `ReadAsArray(${window.join(', ')})`;
  const script = [
    'import sys, time, statistics',
    'from osgeo import gdal',
    `gdal.SetConfigOption('GDAL_NUM_THREADS', '${threads}')`,
    'gdal.SetCacheMax(64 * 1024 * 1024)',
    'samples = []',
    'cpu = []',
    `for i in range(${runs + 1}):`,
    '    start = time.perf_counter()',
    '    cpu_start = time.process_time()',
    '    dataset = gdal.Open(sys.argv[1])',
    `    values = dataset.GetRasterBand(1).${read}`,
    '    samples.append((time.perf_counter() - start) * 1000)',
    '    cpu.append((time.process_time() - cpu_start) * 1000)',
    '    dataset = None',
    'print(statistics.median(samples[1:]), statistics.median(cpu[1:]))',
  ].join('\n');
  const [milliseconds, cpuMilliseconds] = execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { milliseconds: milliseconds ?? Number.NaN, cpuMilliseconds: cpuMilliseconds ?? Number.NaN };
}

/** Median wall time of a GDAL command line process. */
async function processMilliseconds(tool: string, args: string[]): Promise<number> {
  const timing = await time(() => execFileSync(tool, args), { warmup: 1, minimumRuns: 5, minimumMilliseconds: 0 });
  return timing.medianMilliseconds;
}

function row(task: string, jumeauMilliseconds: number, referenceMilliseconds: number, referenceName: string, notes?: string): BenchmarkRow {
  return {
    task,
    jumeau: `${formatRate(CELLS, jumeauMilliseconds, 'px')} (${formatMilliseconds(jumeauMilliseconds)})`,
    reference: `${formatRate(CELLS, referenceMilliseconds, 'px')} (${formatMilliseconds(referenceMilliseconds)})`,
    referenceName,
    ratio: referenceMilliseconds / jumeauMilliseconds,
    ...(notes ? { notes } : {}),
  };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Median wall and CPU milliseconds of `read` (CPU of the whole process: calling thread, workers, libuv pool),
 * alternating with the others so that load changes hit every reader alike.
 */
async function alternate(
  readers: Record<string, () => Promise<unknown>>,
  rounds: number,
): Promise<Record<string, { milliseconds: number; cpuMilliseconds: number }>> {
  const samples: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (const [name, read] of Object.entries(readers)) {
    await read();
    samples[name] = { wall: [], cpu: [] };
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, read] of Object.entries(readers)) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await read();
      samples[name]?.wall.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuStart);
      samples[name]?.cpu.push((cpu.user + cpu.system) / 1000);
    }
  }
  const medians: Record<string, { milliseconds: number; cpuMilliseconds: number }> = {};
  for (const [name, { wall, cpu }] of Object.entries(samples)) medians[name] = { milliseconds: median(wall), cpuMilliseconds: median(cpu) };
  return medians;
}

/**
 * Median milliseconds of Jumeau's calling-thread and worker reads in a child Node process where glibc asks the kernel
 * for transparent huge pages (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, glibc ≥ 2.35), as numpy does for its arrays:
 * the first touch of a fresh 64 MiB grid then costs a few page faults instead of 16 384.
 */
function hugePageMilliseconds(path: string, rounds: number): { mainThread: number; workers: number } {
  const code = [
    "import { readFileSync } from 'node:fs';",
    "import { readGeoTIFFParallel } from '@jumeau/convert/node';",
    'const bytes = new Uint8Array(readFileSync(process.argv[1]));',
    'const readers = { mainThread: () => readGeoTIFFParallel(bytes, { threads: 0 }), workers: () => readGeoTIFFParallel(bytes) };',
    'const samples = { mainThread: [], workers: [] };',
    'for (const read of Object.values(readers)) await read();',
    `for (let round = 0; round < ${rounds}; round += 1) {`,
    '  for (const [name, read] of Object.entries(readers)) {',
    '    const start = performance.now();',
    '    await read();',
    '    samples[name].push(performance.now() - start);',
    '  }',
    '}',
    'const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];',
    'console.log(JSON.stringify({ mainThread: median(samples.mainThread), workers: median(samples.workers) }));',
  ].join('\n');
  return runWithHugePages<{ mainThread: number; workers: number }>(code, [path]);
}

async function decodeRows(folder: string, name: string, predictorOption: string): Promise<BenchmarkRow[]> {
  const path = join(folder, `${name}.tif`);
  execFileSync('gdal_translate', [
    '-q',
    '-of',
    'COG',
    '-co',
    'COMPRESS=DEFLATE',
    '-co',
    `PREDICTOR=${predictorOption}`,
    join(folder, 'dem-4096.tif'),
    path,
  ]);
  const bytes = new Uint8Array(readFileSync(path));
  const megabytes = (bytes.byteLength / 1e6).toFixed(1);
  const firstStart = performance.now();
  await readGeoTIFFParallel(bytes);
  const firstWorkerRead = performance.now() - firstStart;
  const jumeau = await alternate(
    {
      mainThread: () => readGeoTIFFParallel(bytes, { threads: 0 }),
      readGeoTIFF: () => readGeoTIFF(bytes),
      workers: () => readGeoTIFFParallel(bytes),
      file: () => readGeoTIFFFile(path),
    },
    9,
  );
  const loadDuringJumeau = loadavg()[0]?.toFixed(1);
  const geotiffJs = (
    await time(
      async () => {
        const tiff = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        return (await tiff.getImage()).readRasters({ interleave: true });
      },
      { minimumRuns: 3 },
    )
  ).medianMilliseconds;
  const hugePages = hugePageMilliseconds(path, 9);
  const gdalOneThread = gdalReadAsArray(path, 7, '1');
  const loadDuringGdal = loadavg()[0]?.toFixed(1);
  const gdalAllThreads = gdalReadAsArray(path, 7, 'ALL_CPUS').milliseconds;
  const envi = await processMilliseconds('gdal_translate', ['-q', '-of', 'ENVI', path, join(folder, `${name}.envi`)]);
  const task = (variant: string) => `decode 4096² Float32 DEFLATE COG, ${name} (${megabytes} MB), ${variant}`;
  const references: [number, string][] = [
    [gdalOneThread.milliseconds, 'GDAL 3.6 ReadAsArray (python3-gdal, default: 1 thread)'],
    [gdalAllThreads, 'GDAL 3.6 ReadAsArray, GDAL_NUM_THREADS=ALL_CPUS'],
    [envi, 'gdal_translate -of ENVI (process, file to file)'],
    [geotiffJs, 'geotiff.js 3.0.5 readRasters (main thread)'],
  ];
  const cpu = (reader: keyof typeof jumeau) =>
    `CPU ${formatMilliseconds(jumeau[reader]?.cpuMilliseconds ?? 0)} (all threads) vs GDAL 1 thread ${formatMilliseconds(gdalOneThread.cpuMilliseconds)}; load ${loadDuringJumeau} (Jumeau), ${loadDuringGdal} (GDAL)`;
  const workersNote = `first call ${formatMilliseconds(firstWorkerRead)} (starts the workers${process.execArgv.length > 0 ? ' through tsx' : ''})`;
  return [
    ...references.map(([milliseconds, reference]) =>
      row(
        task('from memory, readGeoTIFFParallel threads: 0 (calling thread, zlib on the libuv pool)'),
        jumeau.mainThread?.milliseconds ?? 0,
        milliseconds,
        reference,
      ),
    ),
    ...references.map(([milliseconds, reference]) =>
      row(
        task('from memory, readGeoTIFFParallel (worker threads)'),
        jumeau.workers?.milliseconds ?? 0,
        milliseconds,
        reference,
        workersNote,
      ),
    ),
    row(
      task('from memory, readGeoTIFF (Node: the worker pool for ≥ 4 MiB of cells)'),
      jumeau.readGeoTIFF?.milliseconds ?? 0,
      gdalOneThread.milliseconds,
      'GDAL 3.6 ReadAsArray (python3-gdal, default: 1 thread)',
      cpu('readGeoTIFF'),
    ),
    row(
      task('from a file, readGeoTIFFFile (worker threads)'),
      jumeau.file?.milliseconds ?? 0,
      gdalOneThread.milliseconds,
      'GDAL 3.6 ReadAsArray (python3-gdal, default: 1 thread)',
      cpu('file'),
    ),
    ...(
      [
        ['readGeoTIFFParallel threads: 0 (calling thread)', hugePages.mainThread],
        ['readGeoTIFFParallel (worker threads)', hugePages.workers],
      ] as const
    ).flatMap(([reader, milliseconds]) =>
      references
        .slice(0, 2)
        .map(([reference, referenceName]) =>
          row(
            task(`from memory, ${reader}, GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (child process)`),
            milliseconds,
            reference,
            referenceName,
          ),
        ),
    ),
  ];
}

async function windowRow(folder: string): Promise<BenchmarkRow> {
  const path = join(folder, 'predictor-3.tif');
  const window = { column: 1500, row: 1700, width: 512, height: 512 };
  const jumeau = (await time(() => readGeoTIFFFile(path, { window }), { warmup: 3, minimumRuns: 20 })).medianMilliseconds;
  const gdal = gdalReadAsArray(path, 20, '1', [1500, 1700, 512, 512]).milliseconds;
  return {
    task: '512² window of the 4096² COG, from a file (open + read)',
    jumeau: formatMilliseconds(jumeau),
    reference: formatMilliseconds(gdal),
    referenceName: 'GDAL 3.6 Open + ReadAsArray window',
    ratio: gdal / jumeau,
  };
}

async function writeRow(folder: string): Promise<BenchmarkRow> {
  const grid = await readGeoTIFFFile(join(folder, 'dem-4096.tif'));
  const jumeauPath = join(folder, 'jumeau-cog.tif');
  const jumeau = (await time(async () => writeFileSync(jumeauPath, await writeCOG(grid)), { minimumRuns: 3, warmup: 1 }))
    .medianMilliseconds;
  const gdalPath = join(folder, 'gdal-cog.tif');
  const gdal = await processMilliseconds('gdal_translate', [
    '-q',
    '-of',
    'COG',
    '-co',
    'COMPRESS=DEFLATE',
    '-co',
    'PREDICTOR=YES',
    '-co',
    'RESAMPLING=AVERAGE',
    join(folder, 'dem-4096.tif'),
    gdalPath,
  ]);
  const sizes = `Jumeau ${(readFileSync(jumeauPath).byteLength / 1e6).toFixed(1)} MB, GDAL ${(readFileSync(gdalPath).byteLength / 1e6).toFixed(1)} MB`;
  return row(
    'write 4096² Float32 COG (DEFLATE 6, predictor 3, 3 average overviews) to a file',
    jumeau,
    gdal,
    'gdal_translate -of COG (process, from an uncompressed GeoTIFF)',
    sizes,
  );
}

export default async function run() {
  const folder = mkdtempSync(join(tmpdir(), 'jumeau-bench-geotiff-'));
  try {
    execFileSync('gdal_translate', [
      '-q',
      '-outsize',
      String(SIZE),
      String(SIZE),
      '-r',
      'bilinear',
      sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'),
      join(folder, 'dem-4096.tif'),
    ]);
    const rows = [...(await decodeRows(folder, 'predictor-3', 'YES')), ...(await decodeRows(folder, 'no-predictor', 'NO'))];
    rows.push(await windowRow(folder), await writeRow(folder));
    const load = loadavg()[0]?.toFixed(1);
    const notes = `load average ${load} on ${cpus().length} cores when the suite ended (machine shared with other jobs)`;
    return {
      title: 'GeoTIFF / COG decode and write (Jumeau vs GDAL vs geotiff.js)',
      rows: rows.map((entry) => ({ ...entry, notes: [entry.notes, notes].filter(Boolean).join('; ') })),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
