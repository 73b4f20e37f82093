import { resolve } from 'node:path';
import { JumeauError, featureTableCrs } from '@jumeau/core';
import { reprojectTable, simplify, toH3, writeArrowIPC, writeGeoJSON, zonalStats, type ZonalStatistic } from '@jumeau/convert';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import type { Command } from '../command.js';
import { writeOutput } from '../io.js';
import { numberOption, requireOption } from '../program.js';
import { tableToCsv } from './exposure.js';
import { readVectorFile } from './vector-input.js';

const STATISTICS: readonly ZonalStatistic[] = ['count', 'sum', 'mean', 'min', 'max'];

/** `jumeau zonal`: statistics of a grid per polygon. */
export const zonalCommand: Command = {
  path: ['zonal'],
  summary: 'statistics of a grid per polygon (count, sum, mean, min, max), keyed by an id such as the INSEE code',
  help: `Usage: jumeau zonal --grid G.tif --zones communes.geojson [--id-field code] [--stats count,sum,mean,min,max]
                    [--weighting centre|area] [--out stats.csv]

--weighting centre (default): a cell counts for a zone when its centre is inside (GDAL's rasterize rule);
area: every touched cell weighted by the exact fraction of its area inside the zone. Nodata cells are ignored.
Zones in another CRS are reprojected to the grid's.`,
  options: {
    grid: { type: 'string' },
    zones: { type: 'string' },
    'id-field': { type: 'string' },
    stats: { type: 'string' },
    weighting: { type: 'string', default: 'centre' },
    out: { type: 'string', default: '-' },
  },
  async run({ values }, io) {
    const grid = await readGeoTIFFFile(resolve(io.cwd, requireOption(values, 'grid')));
    let zones = await readVectorFile(io, requireOption(values, 'zones'));
    if (featureTableCrs(zones) !== grid.crs) zones = reprojectTable(zones, grid.crs);
    const statistics =
      typeof values.stats === 'string' ? (values.stats.split(',').map((name) => name.trim()) as ZonalStatistic[]) : STATISTICS;
    for (const name of statistics)
      if (!STATISTICS.includes(name)) throw new JumeauError('input', `--stats: unknown statistic "${name}" (${STATISTICS.join(', ')})`);
    const weighting = values.weighting === 'area' ? 'area' : values.weighting === 'centre' ? 'centre' : null;
    if (!weighting) throw new JumeauError('input', `--weighting must be centre or area, got "${values.weighting}"`);
    const table = zonalStats(grid, zones, {
      statistics,
      weighting,
      ...(typeof values['id-field'] === 'string' ? { id: values['id-field'] } : {}),
    });
    await writeOutput(io, String(values.out), tableToCsv(table));
  },
};

/** `jumeau h3`: aggregates a grid or points into H3 cells. */
export const h3Command: Command = {
  path: ['h3'],
  summary: 'aggregate a grid or points into H3 cells (sum, mean, count, min, max)',
  help: `Usage: jumeau h3 INPUT --resolution R [--aggregate sum|mean|count|min|max] [--value-field F] [--out cells.csv]

INPUT is a GeoTIFF (each valid cell's value goes to the H3 cell of its centre) or a point file (GeoJSON…, with
--value-field unless counting). Resolution 0–15 (9 ≈ 0.1 km², 8 ≈ 0.7 km²).`,
  allowPositionals: true,
  options: {
    resolution: { type: 'string' },
    aggregate: { type: 'string', default: 'sum' },
    'value-field': { type: 'string' },
    out: { type: 'string', default: '-' },
  },
  async run({ values, positionals }, io) {
    const [input] = positionals;
    if (!input || positionals.length !== 1) throw new JumeauError('input', 'h3 needs one INPUT file');
    const aggregate = String(values.aggregate) as 'sum';
    if (!['sum', 'mean', 'count', 'min', 'max'].includes(aggregate))
      throw new JumeauError('input', `--aggregate must be sum, mean, count, min or max, got "${aggregate}"`);
    const source = /\.tiff?$/i.test(input) ? await readGeoTIFFFile(resolve(io.cwd, input)) : await readVectorFile(io, input);
    const table = toH3(source, numberOption(values, 'resolution'), {
      aggregate,
      ...(typeof values['value-field'] === 'string' ? { value: values['value-field'] } : {}),
    });
    await writeOutput(io, String(values.out), tableToCsv(table));
  },
};

/** `jumeau simplify`: topology-preserving generalisation. */
export const simplifyCommand: Command = {
  path: ['simplify'],
  summary: 'simplify lines/polygons, keeping shared borders (no gap, no overlap between communes)',
  help: `Usage: jumeau simplify INPUT --tolerance T [--method douglas-peucker|visvalingam] [--no-topology] --out OUT(.geojson|.arrow)

T is in the CRS's units (metres in Lambert-93; reproject geographic data first for metric tolerances).
Shared borders are found once, simplified once and reassembled, so neighbours keep no gap and no overlap.`,
  allowPositionals: true,
  options: {
    tolerance: { type: 'string' },
    method: { type: 'string', default: 'douglas-peucker' },
    'no-topology': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [input] = positionals;
    if (!input || positionals.length !== 1) throw new JumeauError('input', 'simplify needs one INPUT file');
    const method = String(values.method);
    if (method !== 'douglas-peucker' && method !== 'visvalingam')
      throw new JumeauError('input', `--method must be douglas-peucker or visvalingam, got "${method}"`);
    const table = simplify(await readVectorFile(io, input), {
      tolerance: numberOption(values, 'tolerance'),
      method,
      preserveTopology: values['no-topology'] !== true,
    });
    const out = requireOption(values, 'out');
    await writeOutput(io, out, /\.arrow$/i.test(out) ? writeArrowIPC(table) : writeGeoJSON(table));
  },
};
