/**
 * The kernels through the @jumeau/workers pool (Node worker_threads): same result as in-thread, buffers
 * transferred, progress delivered, cancellation, bad input rejected with a typed error.
 */
import { isJumeauError, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { createWorkerPool } from '@jumeau/workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStaticSubmersion } from '../src/submersion/static-submersion.js';
import { fillDepressions } from '../src/hydrology/priority-flood.js';
import { simulateTasks } from '../src/tasks.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';

const url = new URL('../src/workers/simulate.worker.js', import.meta.url);
const pool = createWorkerPool({ url, tasks: simulateTasks, size: 1 });
afterAll(() => pool.terminate());

const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');

describe('simulate kernels in a worker pool', () => {
  let dem: Grid;
  beforeAll(async () => {
    dem = await readGeoTiffGrid(demPath);
  });

  it('runs the static submersion in a worker: same depths and statistics, DEM buffer transferred, progress reported', async () => {
    const expected = computeStaticSubmersion(dem, { stillWaterLevelMetres: 4.5, seaLevelRiseMetres: 0.6 });
    const copy = { ...dem, data: dem.data.slice() };
    const fractions: number[] = [];
    const result = await pool.run(
      'staticSubmersion',
      { dem: copy, stillWaterLevelMetres: 4.5, seaLevelRiseMetres: 0.6 },
      {
        onProgress: (fraction) => fractions.push(fraction),
      },
    );
    expect(copy.data.buffer.byteLength).toBe(0);
    expect(result.statistics).toEqual(expected.statistics);
    expect(Buffer.compare(Buffer.from(result.depth.data.buffer), Buffer.from(expected.depth.data.buffer))).toBe(0);
    expect(fractions.at(-1)).toBe(1);
  });

  it('fills depressions in a worker exactly as in-thread', async () => {
    const expected = fillDepressions(dem);
    const result = await pool.run('fillDepressions', { dem: { ...dem, data: dem.data.slice() } });
    expect(Buffer.compare(Buffer.from(result.data.buffer), Buffer.from(expected.data.buffer))).toBe(0);
  });

  it('rejects bad input in the worker with a typed input error', async () => {
    const error = await pool
      .run('staticSubmersion', { dem: { ...dem, data: dem.data.slice() }, stillWaterLevelMetres: 2, connectivity: 6 as 4 })
      .catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'input')).toBe(true);
    expect(String(error)).toMatch(/connectivity/);
  });

  it('cancels a running task', async () => {
    const controller = new AbortController();
    const running = pool.run('fillDepressions', { dem: { ...dem, data: dem.data.slice() } }, { signal: controller.signal });
    controller.abort();
    const error = await running.catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'aborted')).toBe(true);
  });
});
