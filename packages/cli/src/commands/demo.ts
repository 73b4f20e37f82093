import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { featureTableFromGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { readGeoTIFFFile, writeCOGFile } from '@jumeau/convert/node';
import {
  type FloodScenarioResult,
  computeStaticSubmersion,
  createSimulatePool,
  peakBoundaryLevel,
  practiceWaterLevel,
  rasterizeDefences,
  readInseeGridCells,
  readLisfloodBoundary,
  runScenarioSweep,
  seaLevelProjection,
} from '@jumeau/simulate';
import type { Command } from '../command.js';
import { createProgressBar } from '../progress.js';

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function readGeoJSON(...segments: string[]) {
  return featureTableFromGeoJSON(JSON.parse(readFileSync(sharedDataPath(...segments), 'utf8')));
}

/** `jumeau demo`: the coastal twin of Oléron in the terminal, on the real data of ../shared. */
export const demoCommand: Command = {
  path: ['demo'],
  summary: 'the coastal twin of Oléron: storm Xynthia today and in 2100, people and buildings flooded per commune',
  help: `Usage: jumeau demo [--out DIR] [--workers N]

Reads the real Oléron territory from ../shared (20 m topo-bathymetric DEM in m NGF, coastal defences with crest
altitudes, INSEE 2021 200 m population, 24 746 BD TOPO 2015 buildings at approximate positions, the six communes,
storm Xynthia's water levels), then floods it statically with hydraulic connectivity behind the defences for:
Xynthia (peak still-water level of the LittoSIM boundary series), Xynthia + 0.20 m (French practice today),
Xynthia + 0.60 m (practice for 2100), Xynthia + the IPCC AR6 SSP5-8.5 2100 median, and the same with every defence
breached — in parallel workers. Prints the results per commune and writes the depth grid of the reference event
as a COG in --out (default ./jumeau-demo-output).`,
  options: { out: { type: 'string', default: 'jumeau-demo-output' }, workers: { type: 'string' } },
  async run({ values }, io) {
    const started = Date.now();
    io.stderr.write('Île d’Oléron — données réelles (../shared/data/oleron, INSEE Filosofi 2021, BD TOPO 2015)\n');
    const dem = await readGeoTIFFFile(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
    const communes = readGeoJSON('oleron', 'geojson', 'littosim_districts_unrotated.geojson');
    const buildings = readGeoJSON('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson');
    const defenceLines = readGeoJSON('oleron', 'geojson', 'littosim_coastal_defenses_unrotated.geojson');
    const population = readInseeGridCells(
      readFileSync(sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'), 'utf8'),
    );
    const xynthia = peakBoundaryLevel(readLisfloodBoundary(readFileSync(sharedDataPath('oleron', 'xynthia', 'xynthia.bdy'), 'utf8')));
    const intact = rasterizeDefences(dem, defenceLines, { crestColumn: 'alt' });
    const breached = rasterizeDefences(dem, defenceLines, {
      crestColumn: 'alt',
      breachedRows: Array.from({ length: defenceLines.numRows }, (_, row) => row),
    });
    const ssp585 = seaLevelProjection('SSP5-8.5', 2100).medianMetres;
    const scenarios = [
      { label: 'Xynthia (28/02/2010)', stillWaterLevelMetres: xynthia, barrier: intact.barrier },
      { label: 'Xynthia + 0,20 m (aujourd’hui)', stillWaterLevelMetres: practiceWaterLevel(xynthia, 'present'), barrier: intact.barrier },
      { label: 'Xynthia + 0,60 m (2100)', stillWaterLevelMetres: practiceWaterLevel(xynthia, '2100'), barrier: intact.barrier },
      {
        label: `Xynthia + ${decimal.format(ssp585)} m (GIEC SSP5-8.5, 2100)`,
        stillWaterLevelMetres: xynthia + ssp585,
        barrier: intact.barrier,
      },
      {
        label: 'Xynthia + 0,60 m, digues rompues',
        stillWaterLevelMetres: practiceWaterLevel(xynthia, '2100'),
        barrier: breached.barrier,
        breaches: breached.breaches ?? undefined,
      },
    ];
    const pool = createSimulatePool(values.workers === undefined ? {} : { size: Number(values.workers) });
    const progress = createProgressBar('scénarios', io.stderr, io.env);
    let results: FloodScenarioResult[];
    try {
      results = (await runScenarioSweep({
        runner: pool,
        task: 'floodScenario',
        shared: { dem, communes, communeIdColumn: 'dist_code', communeNameColumn: 'dist_lname', population, buildings },
        scenarios: scenarios.map(({ label: _label, ...scenario }) => scenario),
        onProgress: (fraction) => progress.update(fraction),
      })) as FloodScenarioResult[];
    } finally {
      progress.done();
      await pool.terminate();
    }
    io.stdout.write(`\nNiveau marin de référence : pic de Xynthia = ${decimal.format(xynthia)} m NGF (séries LittoSIM)\n\n`);
    io.stdout.write(
      `${'Scénario'.padEnd(44)}${'niveau'.padStart(9)}${'surface (ha)'.padStart(14)}${'habitants'.padStart(11)}${'bâtiments'.padStart(11)}\n`,
    );
    for (const [index, scenario] of scenarios.entries()) {
      const result = results[index] as FloodScenarioResult;
      io.stdout.write(
        `${scenario.label.padEnd(44)}${`${decimal.format(result.statistics.waterLevelMetres)} m`.padStart(9)}` +
          `${integer.format((result.totals.floodedAreaSquareMetres as number) / 10_000 - (result.totals['outsideCommunes:floodedAreaSquareMetres'] as number) / 10_000).padStart(14)}` +
          `${integer.format(result.totals.people ?? 0).padStart(11)}${integer.format(result.totals.buildings ?? 0).padStart(11)}\n`,
      );
    }
    const reference = results[2] as FloodScenarioResult;
    io.stdout.write('\nPar commune, Xynthia + 0,60 m (2100), digues intactes :\n');
    const table = reference.byCommune;
    for (let row = 0; row < table.numRows; row += 1) {
      const name = String(table.getChild('communeName')?.get(row));
      const people = table.getChild('people')?.get(row) as number;
      const count = table.getChild('buildings')?.get(row) as number;
      const area = (table.getChild('floodedAreaSquareMetres')?.get(row) as number) / 10_000;
      io.stdout.write(
        `  ${name.padEnd(28)}${`${integer.format(area)} ha`.padStart(10)}${`${integer.format(people)} hab.`.padStart(13)}${`${integer.format(count)} bât.`.padStart(12)}\n`,
      );
    }
    const directory = resolve(io.cwd, String(values.out));
    mkdirSync(directory, { recursive: true });
    const depth = computeStaticSubmersion(dem, { stillWaterLevelMetres: xynthia, barrier: intact.barrier }).depth;
    const path = join(directory, 'oleron-xynthia-depth.tif');
    await writeCOGFile(depth, path);
    io.stdout.write(
      `\nHauteurs d’eau (Xynthia) : ${path}\n` +
        'Approximations : bâtiments BD TOPO 2015 positionnés à ±24 m × ±35 m ; approche statique (pas de dynamique de l’onde) ;\n' +
        `population INSEE Filosofi 2021 au carreau de 200 m. Calcul : ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
  },
};
