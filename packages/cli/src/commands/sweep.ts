import { resolve } from 'node:path';
import { featureTableCrs } from '@jumeau/core';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import {
  type FloodScenarioResult,
  createSimulatePool,
  parseLevels,
  rasterizeDefences,
  runScenarioSweep,
  scenarioTable,
} from '@jumeau/simulate';
import type { Command } from '../command.js';
import { writeOutput } from '../io.js';
import { numberOption, requireOption } from '../program.js';
import { createProgressBar } from '../progress.js';
import { readPopulation, tableToCsv } from './exposure.js';
import { readVectorFile } from './vector-input.js';

/** `jumeau sweep flood`: flood + exposure indicators for a range of levels, in parallel workers. */
export const sweepFloodCommand: Command = {
  path: ['sweep', 'flood'],
  summary: 'flood + exposure indicators over a sweep of water levels, in parallel workers (CSV, one row per level)',
  help: `Usage: jumeau sweep flood --dem DEM.tif --levels 0:6:0.25 --communes c.geojson --id-field CODE
                         [--slr S] [--connectivity 8|4] [--population pop.tif|cells.csv] [--buildings b.geojson]
                         [--defences d.geojson --crest-field alt] [--workers N] --out sweep.csv

Runs static submersion then exposure for each still-water level (start:stop:step inclusive, or a,b,c), on a pool
of worker threads (default: cores − 1). One CSV row per level, in level order: the level, flooded area, volume,
people, buildings… Deterministic: the same inputs give the same file.`,
  options: {
    dem: { type: 'string' },
    levels: { type: 'string' },
    slr: { type: 'string' },
    connectivity: { type: 'string', default: '8' },
    communes: { type: 'string' },
    'id-field': { type: 'string' },
    population: { type: 'string' },
    buildings: { type: 'string' },
    defences: { type: 'string' },
    'crest-field': { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string', default: '-' },
  },
  async run({ values }, io) {
    const levels = parseLevels(requireOption(values, 'levels'));
    const dem = await readGeoTIFFFile(resolve(io.cwd, requireOption(values, 'dem')));
    const communes = await readVectorFile(io, requireOption(values, 'communes'));
    featureTableCrs(communes);
    let defences: ReturnType<typeof rasterizeDefences> | null = null;
    if (typeof values.defences === 'string') {
      defences = rasterizeDefences(dem, await readVectorFile(io, values.defences), { crestColumn: requireOption(values, 'crest-field') });
    }
    const shared = {
      dem,
      communes,
      communeIdColumn: requireOption(values, 'id-field'),
      seaLevelRiseMetres: numberOption(values, 'slr', 0),
      connectivity: Number(values.connectivity) === 4 ? (4 as const) : (8 as const),
      ...(typeof values.population === 'string' ? { population: await readPopulation(io, values.population) } : {}),
      ...(typeof values.buildings === 'string' ? { buildings: await readVectorFile(io, values.buildings) } : {}),
      ...(defences ? { barrier: defences.barrier } : {}),
    };
    const pool = createSimulatePool(values.workers === undefined ? {} : { size: numberOption(values, 'workers') });
    const progress = createProgressBar('sweep', io.stderr, io.env);
    try {
      const scenarios = levels.map((level) => ({ stillWaterLevelMetres: level }));
      const results = (await runScenarioSweep({
        runner: pool,
        task: 'floodScenario',
        shared,
        scenarios,
        onProgress: (fraction) => progress.update(fraction),
      })) as FloodScenarioResult[];
      progress.done();
      const indicators = results.map((result) => ({
        waterLevelMetres: result.statistics.waterLevelMetres,
        volumeCubicMetres: result.statistics.volumeCubicMetres,
        maximumDepthMetres: result.statistics.maximumDepthMetres,
        ...Object.fromEntries(Object.entries(result.totals).filter(([name]) => !name.startsWith('outsideCommunes:'))),
      }));
      await writeOutput(io, String(values.out), tableToCsv(scenarioTable(scenarios, indicators)));
    } finally {
      await pool.terminate();
    }
  },
};
