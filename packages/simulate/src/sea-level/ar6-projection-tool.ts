/**
 * Local (relative) sea-level projections exported from the NASA/IPCC AR6 Sea Level Projection Tool
 * (https://sealevel.nasa.gov/ipcc-ar6-sea-level-projection-tool; data: Garner et al. 2021, IPCC AR6 Sea Level
 * Projections, doi:10.5281/zenodo.5914709; method: Fox-Kemper et al. 2021, AR6 WG1 ch. 9, §9.6.3). For a French tide
 * gauge (Brest: PSMSL 1, Marseille: PSMSL 61…) the tool's "Total" table holds one row
 * per scenario, confidence and quantile, and one column per decade (2020–2150), metres relative to 1995–2014.
 */
import { JumeauError } from '@jumeau/core';
import type { SeaLevelHorizon, SeaLevelProjection, SeaLevelScenario } from './scenarios.js';

/** Options of {@link readAr6ProjectionTool}. */
export interface ReadAr6ProjectionToolOptions {
  /** The confidence of the processes kept: `medium` (default, AR6's headline likely ranges) or `low`. */
  readonly confidence?: 'medium' | 'low';
  /** Units of the table's values (default metres, as the tool exports them). */
  readonly units?: 'metres' | 'millimetres';
  /** Which location to keep when the table holds several (PSMSL id); by default the table must hold one. */
  readonly psmslId?: number;
  /** The name of the file, for error messages and the rows' `source`. */
  readonly name?: string;
}

const SCENARIOS: Readonly<Record<string, SeaLevelScenario>> = { ssp126: 'SSP1-2.6', ssp245: 'SSP2-4.5', ssp585: 'SSP5-8.5' };
const HORIZONS: readonly SeaLevelHorizon[] = [2030, 2050, 2100];
const REQUIRED = ['psmsl_id', 'process', 'confidence', 'scenario', 'quantile'] as const;
/** AR6's "likely" range and median: 17th, 50th and 83rd percentiles. */
const QUANTILES = { low: 17, median: 50, high: 83 } as const;
/** No projection of the tool reaches this by 2150 (the low-confidence SSP5-8.5 95th percentile is below 5 m). */
const ABSURD_METRES = 10;

function splitLine(line: string, separator: string): string[] {
  return line.split(separator).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

function fail(name: string, message: string, details: Record<string, unknown> = {}): never {
  throw new JumeauError('format', `${name}: ${message}`, { details: { file: name, ...details } });
}

/**
 * Reads the "Total" table of the NASA/IPCC AR6 Sea Level Projection Tool for one tide gauge (CSV, or the "Total"
 * sheet of its spreadsheet saved as CSV; comma, semicolon or tab separated) into {@link SeaLevelProjection} rows for
 * SSP1-2.6, SSP2-4.5 and SSP5-8.5 at 2030, 2050 and 2100: median and likely range (17th–83rd percentiles), relative to
 * 1995–2014, with `region` = `psmsl:<id>`. Pass them to {@link seaLevelProjection} as its table.
 *
 * Throws `format` naming the problem: missing columns, no row for a scenario × horizon × quantile, non-numeric or
 * absurd values (over 10 m: wrong `units`?), several locations without `psmslId`.
 *
 * @example
 * ```ts
 * const brest = readAr6ProjectionTool(await readFile('ipcc_ar6_sea_level_projection_psmsl_id_1.csv', 'utf8'))
 * seaLevelProjection('SSP2-4.5', 2100, brest).medianMetres // Brest, relative sea level (vertical land motion included)
 * ```
 */
export function readAr6ProjectionTool(text: string, options: ReadAr6ProjectionToolOptions = {}): SeaLevelProjection[] {
  const name = options.name ?? 'AR6 projection table';
  const confidence = options.confidence ?? 'medium';
  const scale = options.units === 'millimetres' ? 0.001 : 1;
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0);
  const headerLine = lines[0];
  if (headerLine === undefined) fail(name, 'the table is empty');
  const separator = ['\t', ';', ','].find((candidate) => headerLine.includes(candidate)) ?? ',';
  const header = splitLine(headerLine, separator).map((cell) => cell.toLowerCase());
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    fail(name, `not a table of the AR6 Sea Level Projection Tool: missing column(s) ${missing.join(', ')} (found ${header.join(', ')})`, {
      missing,
    });
  }
  const column = Object.fromEntries(REQUIRED.map((key) => [key, header.indexOf(key)])) as Record<(typeof REQUIRED)[number], number>;
  const yearColumns = new Map<number, number>();
  header.forEach((cell, index) => {
    if (/^\d{4}$/.test(cell)) yearColumns.set(Number(cell), index);
  });
  const absentYears = HORIZONS.filter((year) => !yearColumns.has(year));
  if (absentYears.length > 0) fail(name, `no column for the year(s) ${absentYears.join(', ')}`, { absentYears });

  const locations = new Set<string>();
  // value[scenario][horizon][quantile] in metres
  const values = new Map<string, number>();
  for (const [lineIndex, line] of lines.slice(1).entries()) {
    const cells = splitLine(line, separator);
    const location = cells[column.psmsl_id] ?? '';
    if (options.psmslId !== undefined && Number(location) !== options.psmslId) continue;
    if ((cells[column.process] ?? '').toLowerCase() !== 'total') continue;
    if ((cells[column.confidence] ?? '').toLowerCase() !== confidence) continue;
    const scenario = SCENARIOS[(cells[column.scenario] ?? '').toLowerCase()];
    const quantile = Number(cells[column.quantile]);
    if (!scenario || !Object.values(QUANTILES).includes(quantile as 17)) continue;
    locations.add(location);
    for (const horizon of HORIZONS) {
      const raw = cells[yearColumns.get(horizon) as number];
      const metres = Number(raw) * scale;
      if (raw === undefined || raw === '' || !Number.isFinite(metres)) {
        fail(name, `line ${lineIndex + 2}: the ${horizon} value "${raw ?? ''}" is not a number`, { line: lineIndex + 2, horizon });
      }
      if (Math.abs(metres) > ABSURD_METRES) {
        fail(
          name,
          `line ${lineIndex + 2}: ${metres} m of sea-level change by ${horizon} is absurd (are the values in millimetres? pass units)`,
          {
            line: lineIndex + 2,
            horizon,
            metres,
          },
        );
      }
      values.set(`${scenario}|${horizon}|${quantile}`, metres);
    }
  }
  if (locations.size > 1) {
    fail(name, `the table holds ${locations.size} locations (${[...locations].join(', ')}): pass psmslId`, { locations: [...locations] });
  }
  const [location] = [...locations];
  if (location === undefined) fail(name, `no "total" row of ${confidence} confidence for SSP1-2.6, SSP2-4.5 or SSP5-8.5`);
  const region = `psmsl:${location}` as const;
  const source = `NASA/IPCC AR6 Sea Level Projection Tool (Garner et al. 2021, doi:10.5281/zenodo.5914709), PSMSL ${location}, total relative sea-level change, ${confidence} confidence, relative to 1995–2014 — ${name}`;
  const projections: SeaLevelProjection[] = [];
  for (const scenario of Object.values(SCENARIOS)) {
    for (const horizonYear of HORIZONS) {
      const at = (quantile: number) => values.get(`${scenario}|${horizonYear}|${quantile}`);
      const [low, median, high] = [at(QUANTILES.low), at(QUANTILES.median), at(QUANTILES.high)];
      if (low === undefined || median === undefined || high === undefined) {
        fail(name, `no 17th, 50th and 83rd percentile rows for ${scenario} in ${horizonYear}`, { scenario, horizonYear });
      }
      projections.push({
        scenario,
        horizonYear,
        region,
        medianMetres: median,
        likelyLowMetres: low,
        likelyHighMetres: high,
        baseline: '1995-2014',
        source,
      });
    }
  }
  return projections;
}
