/**
 * Per-kernel conformance: every task of `simulateTasks` runs through a real worker pool on a real input (a crop of
 * the Oléron 20 m DEM and the Oléron districts, buildings and INSEE 200 m cells) and passes
 * `checkTaskConformance`: the worker result equals the in-thread result exactly, the input buffers are moved
 * (zero copy), an abort rejects with `aborted`, a bad input rejects with `input` naming the field.
 */
import { readFileSync } from 'node:fs';
import { type Grid, cropGrid, featureTableFromGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { createWorkerPool } from '@jumeau/workers';
import { checkTaskConformance } from '@jumeau/workers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFlowAccumulation } from '../src/hydrology/flow-accumulation.js';
import { computeFlowDirections } from '../src/hydrology/flow-directions.js';
import { fillDepressions } from '../src/hydrology/priority-flood.js';
import { readInseeGridCells } from '../src/exposure/population.js';
import { computeStaticSubmersion } from '../src/submersion/static-submersion.js';
import { simulateTasks } from '../src/tasks.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';

const url = new URL('../src/workers/simulate.worker.js', import.meta.url);
const pool = createWorkerPool({ url, tasks: simulateTasks, size: 1 });
afterAll(() => pool.terminate());

/** A 240 × 240 window (4.8 km × 4.8 km) of the Oléron DEM across the east coast: sea, marshes and higher ground. */
const CROP = { column: 300, row: 380, width: 240, height: 240 };
const LEVEL_METRES = 4.5;

const communesGeoJSON = readFileSync(sharedDataPath('oleron', 'geojson', 'littosim_districts_unrotated.geojson'), 'utf8');
const buildingsGeoJSON = readFileSync(sharedDataPath('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson'), 'utf8');
const populationCsv = readFileSync(sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'), 'utf8');

describe('conformance of every simulate kernel through the worker pool (Oléron crop)', () => {
  let crop: Grid;
  let directions: Grid;
  /** A fresh copy (its own buffer) of a grid: each input is moved to the worker, so each is used once. */
  const copyOf = (grid: Grid): Grid => ({ ...grid, data: grid.data.slice() });

  beforeAll(async () => {
    crop = cropGrid(await readGeoTiffGrid(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif')), CROP);
    directions = computeFlowDirections(fillDepressions(crop));
  });

  it('uses an input where every kernel has work to do', () => {
    const { statistics } = computeStaticSubmersion(crop, { stillWaterLevelMetres: LEVEL_METRES });
    expect(statistics.floodedCellCount).toBeGreaterThan(1000);
    expect(statistics.floodedCellCount).toBeLessThan(crop.data.length);
    const accumulation = computeFlowAccumulation(directions);
    expect(Math.max(...accumulation.data)).toBeGreaterThan(100);
  });

  it('staticSubmersion conforms', async () => {
    const passed = await checkTaskConformance({
      pool,
      tasks: simulateTasks,
      name: 'staticSubmersion',
      makeInput: () => ({ dem: copyOf(crop), stillWaterLevelMetres: LEVEL_METRES, seaLevelRiseMetres: 0.6, connectivity: 8 as const }),
      badInput: { value: { dem: copyOf(crop), stillWaterLevelMetres: 'high' }, field: 'stillWaterLevelMetres' },
    });
    expect(passed).toHaveLength(3);
  });

  // One test per variant: a failure names its variant, and each variant has its own time budget (the checks
  // themselves compare results only, never timings; the abort check aborts synchronously after `run`).
  it.each(['exact', 'epsilon'] as const)('fillDepressions conforms (%s variant)', async (variant) => {
    const passed = await checkTaskConformance({
      pool,
      tasks: simulateTasks,
      name: 'fillDepressions',
      makeInput: () => ({ dem: copyOf(crop), variant }),
      badInput: { value: { dem: copyOf(crop), variant: 'approximate' }, field: 'variant' },
    });
    expect(passed).toHaveLength(3);
  });

  it('flowDirections conforms', async () => {
    const filled = fillDepressions(crop);
    const passed = await checkTaskConformance({
      pool,
      tasks: simulateTasks,
      name: 'flowDirections',
      makeInput: () => ({ dem: copyOf(filled) }),
      badInput: { value: { dem: { ...copyOf(filled), width: -3 } }, field: 'dem.width' },
    });
    expect(passed).toHaveLength(3);
  });

  it('flowAccumulation conforms', async () => {
    const passed = await checkTaskConformance({
      pool,
      tasks: simulateTasks,
      name: 'flowAccumulation',
      makeInput: () => ({ directions: copyOf(directions) }),
      badInput: { value: { directions: { ...copyOf(directions), data: [1, 2, 4] } }, field: 'directions.data' },
    });
    expect(passed).toHaveLength(3);
  });

  it('watershed conforms', async () => {
    const accumulation = computeFlowAccumulation(directions);
    let outletCell = 0;
    accumulation.data.forEach((count, cell) => {
      if (count > (accumulation.data[outletCell] as number)) outletCell = cell;
    });
    const column = outletCell % crop.width;
    const row = Math.floor(outletCell / crop.width);
    const outlet = { x: crop.transform[0] + (column + 0.5) * crop.transform[1], y: crop.transform[3] + (row + 0.5) * crop.transform[5] };
    const passed = await checkTaskConformance({
      pool,
      tasks: simulateTasks,
      name: 'watershed',
      makeInput: () => ({ directions: copyOf(directions), outlet }),
      badInput: { value: { directions: copyOf(directions), outlet: { x: outlet.x, y: Number.NaN } }, field: 'outlet.y' },
    });
    expect(passed).toHaveLength(3);
  });

  it('floodScenario conforms (submersion + exposure per district, Arrow tables moved)', async () => {
    const makeInput = () => ({
      dem: copyOf(crop),
      stillWaterLevelMetres: LEVEL_METRES,
      communes: featureTableFromGeoJSON(JSON.parse(communesGeoJSON)),
      communeIdColumn: 'dist_code',
      buildings: featureTableFromGeoJSON(JSON.parse(buildingsGeoJSON)),
      population: readInseeGridCells(populationCsv),
    });
    const passed = await checkTaskConformance({
      pool,
      tasks: simulateTasks,
      name: 'floodScenario',
      makeInput,
      badInput: { value: { ...makeInput(), communeIdColumn: '' }, field: 'communeIdColumn' },
    });
    expect(passed).toHaveLength(3);
  });
});
