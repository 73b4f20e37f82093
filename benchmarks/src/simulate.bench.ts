/**
 * @jumeau/simulate: static submersion and Priority-Flood fill in cells/s, against GRASS GIS `r.lake` and
 * `r.fill.dir` on the same real DEM (Oléron, 20 m, 631 × 906) in the same run, plus Jumeau alone on 9.1·10⁶- and
 * 9.7·10⁷-cell bilinear upsamplings of that DEM (r.lake's repeated raster sweeps would take minutes there).
 *
 * GRASS is timed module by module inside one `grass --exec` script (the import is done once, untimed); its time
 * includes reading the raster from the GRASS database and writing the result, which is the module's own work.
 * Jumeau is timed in-process on the decoded grid.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGrid, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { computeStaticSubmersion, fillDepressions } from '@jumeau/simulate';
import { fromFile } from 'geotiff';
import { type BenchmarkRow, formatMilliseconds, formatRate, time } from './harness.js';

const LEVEL_METRES = 4.5;
const GRASS_RUNS = 3;

async function readDem(path: string): Promise<Grid<Float32Array>> {
  const tiff = await fromFile(path);
  const image = await tiff.getImage();
  const [originX, originY] = image.getOrigin() as [number, number];
  const [pixelWidth, pixelHeight] = image.getResolution() as [number, number];
  const data = (await image.readRasters({ interleave: true })) as unknown as Float32Array;
  await tiff.close();
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX, pixelWidth, 0, originY, 0, pixelHeight],
    crs: 2154,
    data,
  });
}

/** Bilinear upsampling by an integer factor (cell centres), to build a 10⁸-cell DEM with real relief. */
function upsample(dem: Grid<Float32Array>, factor: number): Grid<Float32Array> {
  const width = dem.width * factor;
  const height = dem.height * factor;
  const data = new Float32Array(width * height);
  for (let row = 0; row < height; row += 1) {
    const y = Math.min(Math.max((row + 0.5) / factor - 0.5, 0), dem.height - 1);
    const row0 = Math.floor(y);
    const row1 = Math.min(row0 + 1, dem.height - 1);
    const fy = y - row0;
    for (let column = 0; column < width; column += 1) {
      const x = Math.min(Math.max((column + 0.5) / factor - 0.5, 0), dem.width - 1);
      const column0 = Math.floor(x);
      const column1 = Math.min(column0 + 1, dem.width - 1);
      const fx = x - column0;
      const top = (dem.data[row0 * dem.width + column0] as number) * (1 - fx) + (dem.data[row0 * dem.width + column1] as number) * fx;
      const bottom = (dem.data[row1 * dem.width + column0] as number) * (1 - fx) + (dem.data[row1 * dem.width + column1] as number) * fx;
      data[row * width + column] = top * (1 - fy) + bottom * fy;
    }
  }
  const size = dem.transform[1] / factor;
  return createGrid({ width, height, transform: [dem.transform[0], size, 0, dem.transform[3], 0, -size], crs: 2154, data });
}

/** Median seconds of each GRASS module over GRASS_RUNS runs, the DEM imported once. */
function timeGrass(demPath: string): { lakeSeconds: number; fillSeconds: number } {
  const directory = mkdtempSync(join(tmpdir(), 'jumeau-bench-grass-'));
  const timed = (label: string, command: string): string =>
    `for run in $(seq ${GRASS_RUNS}); do start=$(date +%s.%N); ${command}; end=$(date +%s.%N); echo "${label} $start $end"; done`;
  const script = [
    'set -e',
    `r.in.gdal -o input=${demPath} output=dem --quiet`,
    'g.region raster=dem',
    `r.mapcalc "seed = if((row() == 1 || row() == nrows() || col() == 1 || col() == ncols()) && dem < ${LEVEL_METRES}, 1, null())" --quiet`,
    timed('lake', `r.lake --overwrite elevation=dem water_level=${LEVEL_METRES} seed=seed lake=lake --quiet`),
    timed('fill', 'r.fill.dir --overwrite input=dem output=filled direction=direction --quiet'),
  ].join('\n');
  writeFileSync(join(directory, 'script.sh'), script);
  try {
    const output = execFileSync('grass', ['--tmp-location', 'EPSG:2154', '--exec', 'bash', join(directory, 'script.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const median = (label: string): number => {
      const seconds = output
        .split('\n')
        .filter((line) => line.startsWith(`${label} `))
        .map((line) => Number(line.split(' ')[2]) - Number(line.split(' ')[1]))
        .sort((a, b) => a - b);
      return seconds[Math.floor(seconds.length / 2)] as number;
    };
    return { lakeSeconds: median('lake'), fillSeconds: median('fill') };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Median CPU time (user + system, ms) of `runs` runs of `task` after one warm-up: the figure a loaded machine distorts least. */
function cpuMilliseconds(task: () => unknown, runs: number): number {
  task();
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const before = process.cpuUsage();
    task();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

function compare(
  task: string,
  cells: number,
  jumeauMilliseconds: number,
  referenceMilliseconds: number,
  referenceName: string,
  notes: string,
): BenchmarkRow {
  return {
    task,
    jumeau: `${formatRate(cells, jumeauMilliseconds, 'cells')} (${formatMilliseconds(jumeauMilliseconds)})`,
    reference: `${formatRate(cells, referenceMilliseconds, 'cells')} (${formatMilliseconds(referenceMilliseconds)})`,
    referenceName,
    ratio: referenceMilliseconds / jumeauMilliseconds,
    notes,
  };
}

function jumeauOnly(task: string, cells: number, milliseconds: number, notes: string): BenchmarkRow {
  return {
    task,
    jumeau: `${formatRate(cells, milliseconds, 'cells')} (${formatMilliseconds(milliseconds)})`,
    reference: '—',
    referenceName: '—',
    ratio: null,
    notes,
  };
}

export default async function run(): Promise<{ title: string; rows: BenchmarkRow[] }> {
  const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
  const dem = await readDem(demPath);
  const cells = dem.width * dem.height;
  const grass = timeGrass(demPath);
  const floodTask = (): unknown => computeStaticSubmersion(dem, { stillWaterLevelMetres: LEVEL_METRES });
  const fillTask = (): unknown => fillDepressions(dem);
  const flood = await time(floodTask, { warmup: 5, minimumRuns: 15 });
  const fill = await time(fillTask, { warmup: 5, minimumRuns: 15 });
  const floodCpu = formatRate(cells, cpuMilliseconds(floodTask, 15), 'cells');
  const fillCpu = formatRate(cells, cpuMilliseconds(fillTask, 15), 'cells');
  const load = `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`;
  const rows: BenchmarkRow[] = [
    compare(
      `static submersion, Oléron 20 m (${(cells / 1e6).toFixed(2)} M cells), W = ${LEVEL_METRES} m, sea = border`,
      cells,
      flood.medianMilliseconds,
      grass.lakeSeconds * 1000,
      'GRASS 8.2 r.lake (seed map = border cells below W)',
      `identical flooded sets (tested); Jumeau CPU-time rate ${floodCpu}; ${load}; GRASS time includes its raster I/O`,
    ),
    compare(
      `Priority-Flood fill (exact), Oléron 20 m (${(cells / 1e6).toFixed(2)} M cells)`,
      cells,
      fill.medianMilliseconds,
      grass.fillSeconds * 1000,
      'GRASS 8.2 r.fill.dir',
      `r.fill.dir is not an exact fill (see README); Jumeau CPU-time rate ${fillCpu}; ${load}; GRASS time includes its raster I/O`,
    ),
  ];
  const medium = upsample(dem, 4);
  const mediumCells = medium.width * medium.height;
  const mediumFill = await time(() => fillDepressions(medium), { warmup: 1, minimumRuns: 2, maximumRuns: 2 });
  const mediumFillCpu = formatRate(
    medium.width * medium.height,
    cpuMilliseconds(() => fillDepressions(medium), 1),
    'cells',
  );
  rows.push(
    jumeauOnly(
      `Priority-Flood fill (exact), ${(mediumCells / 1e6).toFixed(1)} M cells`,
      mediumCells,
      mediumFill.medianMilliseconds,
      `${medium.width} × ${medium.height}, Oléron upsampled ×4 bilinear (5 m cells); CPU-time rate ${mediumFillCpu}; ${load}`,
    ),
  );
  const large = upsample(dem, 13);
  const largeCells = large.width * large.height;
  const largeFlood = await time(() => computeStaticSubmersion(large, { stillWaterLevelMetres: LEVEL_METRES }), {
    warmup: 1,
    minimumRuns: 3,
    maximumRuns: 3,
  });
  const largeFloodCpu = formatRate(
    largeCells,
    cpuMilliseconds(() => computeStaticSubmersion(large, { stillWaterLevelMetres: LEVEL_METRES }), 1),
    'cells',
  );
  rows.push(
    jumeauOnly(
      `static submersion, ${(largeCells / 1e6).toFixed(1)} M cells, W = ${LEVEL_METRES} m`,
      largeCells,
      largeFlood.medianMilliseconds,
      `${large.width} × ${large.height}, Oléron upsampled ×13 bilinear (1.54 m cells); r.lake's sweeps take minutes at this size; CPU-time rate ${largeFloodCpu}; ${load}`,
    ),
  );
  return { title: '@jumeau/simulate — static submersion and depression filling', rows };
}
