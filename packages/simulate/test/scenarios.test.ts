import { readFileSync } from 'node:fs';
import { type Grid, featureTableFromGeoJSON, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { createWorkerPool } from '@jumeau/workers';
import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FloodScenarioResult,
  compareScenarios,
  computeFloodScenario,
  parseLevels,
  readInseeGridCells,
  runScenarioSweep,
  scenarioTable,
  simulateTasks,
} from '../src/index.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';

const url = new URL('../src/workers/simulate.worker.js', import.meta.url);
const pool = createWorkerPool({ url, tasks: simulateTasks, size: 2 });
afterAll(() => pool.terminate());

const communes = featureTableFromGeoJSON(
  JSON.parse(readFileSync(sharedDataPath('oleron', 'geojson', 'littosim_districts_unrotated.geojson'), 'utf8')),
);
const buildings = featureTableFromGeoJSON(
  JSON.parse(readFileSync(sharedDataPath('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson'), 'utf8')),
);
const population = readInseeGridCells(
  readFileSync(sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'), 'utf8'),
);

describe('flood scenario sweeps on a worker pool (Oléron)', () => {
  let dem: Grid;
  beforeAll(async () => {
    dem = await readGeoTiffGrid(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
  });

  it('runs a sweep in workers, in scenario order, equal to the in-thread results, leaving the inputs usable', async () => {
    const shared = { dem, communes, communeIdColumn: 'dist_code', population, buildings };
    const levels = [3, 4.5, 3.5];
    const progress: number[] = [];
    const results = (await runScenarioSweep({
      runner: pool,
      task: 'floodScenario',
      shared,
      scenarios: levels.map((level) => ({ stillWaterLevelMetres: level })),
      onProgress: (fraction) => progress.push(fraction),
    })) as FloodScenarioResult[];
    expect(dem.data.byteLength).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    for (const [index, level] of levels.entries()) {
      const inThread = computeFloodScenario({ ...shared, stillWaterLevelMetres: level });
      expect(results[index]?.totals).toEqual(inThread.totals);
      expect(results[index]?.statistics).toEqual(inThread.statistics);
      expect(Table.isTable(results[index]?.byCommune)).toBe(true);
    }
    const people = results.map((result) => result.totals.people as number);
    expect(people[0]).toBeLessThan(people[2] as number);
    expect(people[2]).toBeLessThan(people[1] as number);
    const table = scenarioTable(
      levels.map((level) => ({ stillWaterLevelMetres: level })),
      results.map((result) => result.totals),
    );
    expect(table.numRows).toBe(3);
    expect(table.getChild('stillWaterLevelMetres')?.toArray()).toEqual(Float64Array.from(levels));
    expect(table.getChild('people')?.get(1)).toBe(people[1]);
  });

  it('cancels a whole sweep with a typed error', async () => {
    const controller = new AbortController();
    const sweep = runScenarioSweep({
      runner: pool,
      task: 'floodScenario',
      shared: { dem, communes, communeIdColumn: 'dist_code' },
      scenarios: parseLevels('0:6:0.5').map((level) => ({ stillWaterLevelMetres: level })),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(sweep).rejects.toSatisfy((error) => isJumeauError(error, 'aborted'));
  });

  it('rejects a bad scenario in the worker with an input error naming the field', async () => {
    await expect(
      runScenarioSweep({
        runner: pool,
        task: 'floodScenario',
        shared: { dem, communes, communeIdColumn: 'dist_code' },
        scenarios: [{ stillWaterLevelMetres: 'high' }],
      }),
    ).rejects.toSatisfy((error) => isJumeauError(error, 'input') && /stillWaterLevelMetres/.test((error as Error).message));
  });
});

describe('compareScenarios and parseLevels', () => {
  it('gives per-commune deltas over the union of communes', () => {
    const a = new Table({ communeId: vectorFromArray(['17093', '17140'], new Utf8()), people: vectorFromArray([10, 20], new Float64()) });
    const b = new Table({ communeId: vectorFromArray(['17140', '17411'], new Utf8()), people: vectorFromArray([25, 5], new Float64()) });
    const delta = compareScenarios(a, b);
    expect(delta.getChild('communeId')?.toArray()).toEqual(['17093', '17140', '17411']);
    expect(Array.from(delta.getChild('people:delta')?.toArray() as Float64Array)).toEqual([-10, 5, 5]);
    expect(() => compareScenarios(a, b, { key: 'code' })).toThrow(/no key column "code"/);
  });

  it('parses level sweeps', () => {
    expect(parseLevels('0:6:0.25')).toHaveLength(25);
    expect(parseLevels('0:0.3:0.1')).toEqual([0, 0.1, 0.2, 0.3]);
    expect(parseLevels('1, 2.5')).toEqual([1, 2.5]);
    expect(() => parseLevels('6:0:1')).toThrow(/stop ≥ start/);
    expect(() => parseLevels('0:1e6:0.001')).toThrow(/at most 10 000/);
  });
});
