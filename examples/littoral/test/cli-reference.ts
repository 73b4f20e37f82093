/**
 * The reference side of the end-to-end test and the benchmark: the real `jumeau flood` then `jumeau exposure`
 * (packages/cli, run as a child process exactly as `pnpm jumeau` runs it) on the Oléron inputs of the default bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedDataPath } from '@jumeau/core/node';

const run = promisify(execFile);
/** The repository root (where `pnpm jumeau` runs). */
export const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..', '..');

/** Totals and per-commune rows of `jumeau exposure`. */
export interface CliExposure {
  /** Totals printed on stderr (whole grid, rounded to 0.1 by the CLI). */
  readonly totals: Readonly<Record<string, number>>;
  /** CSV rows by commune id (numbers rounded to 0.001 by the CLI). */
  readonly byCommune: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Wall time of flood + exposure, ms. */
  readonly milliseconds: number;
}

async function jumeau(args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return run(
    process.execPath,
    ['--conditions=@jumeau/source', '--import', 'tsx', join(REPOSITORY_ROOT, 'packages', 'cli', 'src', 'bin.ts'), ...args],
    {
      cwd: REPOSITORY_ROOT,
      maxBuffer: 16 * 1024 * 1024,
      // One process per command, as timed before the huge-page relaunch: a 0.57 M-cell DEM gains nothing from huge
      // pages, and the second start-up would only lengthen the reference the app is compared with.
      env: { ...process.env, JUMEAU_HUGE_PAGES: '0' },
    },
  );
}

function parseCsv(text: string): Map<string, Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const names = (header ?? '').split(',');
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines) {
    const cells = line.split(',');
    const row = Object.fromEntries(names.map((name, index) => [name, cells[index] ?? '']));
    rows.set(row.communeId as string, row);
  }
  return rows;
}

/**
 * Runs `jumeau flood --level <level> --defences … --crest-field alt` then `jumeau exposure` on the depth it wrote.
 *
 * @example
 * ```ts
 * const reference = await runCliFloodExposure(4.541) // reference.totals.people ≈ 5459.1
 * ```
 */
export async function runCliFloodExposure(levelMetres: number): Promise<CliExposure> {
  const directory = mkdtempSync(join(tmpdir(), 'jumeau-littoral-'));
  const depth = join(directory, 'depth.tif');
  const started = performance.now();
  await jumeau([
    'flood',
    '--dem',
    sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'),
    '--level',
    String(levelMetres),
    '--defences',
    sharedDataPath('oleron', 'geojson', 'littosim_coastal_defenses_unrotated.geojson'),
    '--crest-field',
    'alt',
    '--out',
    depth,
    '--summary',
    join(directory, 'summary.json'),
  ]);
  const exposure = join(directory, 'exposure.csv');
  const { stderr } = await jumeau([
    'exposure',
    '--depth',
    depth,
    '--communes',
    sharedDataPath('oleron', 'geojson', 'littosim_districts_unrotated.geojson'),
    '--id-field',
    'dist_code',
    '--name-field',
    'dist_lname',
    '--population',
    sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'),
    '--buildings',
    sharedDataPath('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson'),
    '--out',
    exposure,
  ]);
  const milliseconds = performance.now() - started;
  const totalsLine =
    stderr
      .trim()
      .split('\n')
      .filter((line) => /people: /.test(line))
      .at(-1) ?? '';
  const totals = Object.fromEntries(
    totalsLine.split(', ').map((pair) => {
      const [name, value] = pair.split(': ');
      return [name as string, Number(value)];
    }),
  );
  return { totals, byCommune: parseCsv(readFileSync(exposure, 'utf8')), milliseconds };
}

/** What `jumeau shoreline --exposure` prints: the exact area lost and the exposure totals of the band. */
export interface CliShoreline {
  /** Area lost, m² (rounded to 1 m² by the CLI). */
  readonly areaLostSquareMetres: number;
  /** Totals of the band on the grid (rounded to 0.1 by the CLI). */
  readonly totals: Readonly<Record<string, number>>;
}

/**
 * Runs `jumeau shoreline --exposure` on the Camargue test bundle written in `directory` (test/support/camargue-bundle.ts).
 *
 * @example
 * ```ts
 * const reference = await runCliShoreline({ directory, horizonYear: 2100, lmaxMetres: 20 })
 * ```
 */
export async function runCliShoreline(options: { directory: string; horizonYear: number; lmaxMetres: number }): Promise<CliShoreline> {
  const { stderr } = await jumeau([
    'shoreline',
    '--intersections',
    sharedDataPath('camargue-shorelines-cerema-mobitc', 'transects_intersections_IntersTDC-v1.txt'),
    '--horizon',
    String(options.horizonYear),
    '--lmax',
    String(options.lmaxMetres),
    '--out',
    join(options.directory, 'shoreline.geojson'),
    '--exposure',
    join(options.directory, 'shoreline-exposure.csv'),
    '--grid',
    join(options.directory, 'terrain.tif'),
    '--communes',
    sharedDataPath('admin-express-2018-geojson', 'departements', '13-bouches-du-rhone', 'communes-13-bouches-du-rhone.geojson'),
    '--id-field',
    'code',
    '--name-field',
    'nom',
    '--buildings',
    join(options.directory, 'buildings.geojson'),
  ]);
  const area = /area lost by \d+: (\d+) m²/.exec(stderr);
  const totalsLine = stderr
    .trim()
    .split('\n')
    .filter((line) => /floodedAreaSquareMetres: /.test(line))
    .at(-1);
  if (!area || !totalsLine) throw new Error(`jumeau shoreline printed no summary: ${stderr}`);
  const totals = Object.fromEntries(
    totalsLine.split(', ').map((pair) => {
      const [name, value] = pair.split(': ');
      return [name as string, Number(value)];
    }),
  );
  return { areaLostSquareMetres: Number(area[1]), totals };
}
