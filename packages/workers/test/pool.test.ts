/**
 * The pool in Node (worker_threads, `.ts` worker started through tsx): zero-copy hand-off of a real DEM and a
 * real feature table both ways, validation, typed errors, progress.
 */
import { execFileSync } from 'node:child_process';
import { type Grid, featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { Table } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from '../src/index.js';
import { tasks } from './fixtures/tasks.js';
import { readCharenteMaritimeCommunes, readOleronDem } from './helpers/shared-data.js';

const url = new URL('./fixtures/test.worker.js', import.meta.url);
const pool = createWorkerPool({ url, tasks, size: 1 });
afterAll(() => pool.terminate());

describe('createWorkerPool in Node', () => {
  it('runs in worker threads with the requested size', () => {
    expect(pool.mode).toBe('worker');
    expect(pool.size).toBe(1);
  });

  it('moves a real DEM to the worker and back without a copy, values exact', async () => {
    const dem = readOleronDem();
    expect([dem.width, dem.height]).toEqual([631, 906]);
    const expected = dem.data.map((value) => value * 2);
    const sent = dem.data.buffer;
    const result = await pool.run('scaleGrid', { grid: dem, factor: 2 });
    expect(sent.byteLength).toBe(0); // the caller's buffer moved to the worker
    expect(result.data).toBeInstanceOf(Float32Array);
    expect(countDifferences(result.data, expected)).toBe(0);
    expect({ ...result, data: null }).toEqual({ ...dem, data: null });
    // The worker's copy of the buffer moved back too: nothing was cloned on either side.
    expect(await pool.run('lastBufferLengths', {})).toEqual([0]);
  });

  it('moves a real feature table (466 communes of Charente-Maritime) and returns a real Arrow Table', async () => {
    const communes = readCharenteMaritimeCommunes();
    const reference = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          SUM_OF_X_PYTHON,
          sharedDataPath('admin-express-2018-geojson', 'departements', '17-charente-maritime', 'communes-17-charente-maritime.geojson'),
        ],
        {
          encoding: 'utf8',
        },
      ),
    ) as { count: number; sumOfX: number; first: string };
    const before = communes.batches.flatMap((batch) => batch.data.children.map((child) => child.byteLength));
    const expectedGeoJSON = JSON.stringify(featureTableToGeoJSON(communes));
    const buffers = arrowBuffers(communes);
    const summary = await pool.run('summarizeTable', { table: communes });
    expect(buffers.every((buffer) => buffer.byteLength === 0)).toBe(true);
    expect(summary.rowCount).toBe(reference.count);
    expect(summary.firstName).toBe(reference.first);
    expect(summary.sumOfX).toBeCloseTo(reference.sumOfX, 6);
    expect(summary.geometry).toMatch(/^geoarrow\./);
    expect(Table.isTable(summary.table)).toBe(true);
    expect(summary.table.numRows).toBe(466);
    expect(summary.table.batches.flatMap((batch) => batch.data.children.map((child) => child.byteLength))).toEqual(before);
    expect(JSON.stringify(featureTableToGeoJSON(summary.table))).toBe(expectedGeoJSON);
    expect((await pool.run('lastBufferLengths', {})).every((length) => length === 0)).toBe(true);
  });

  it("copies instead of moving with transfer: 'none'", async () => {
    const grid = smallGrid();
    const result = await pool.run('scaleGrid', { grid, factor: 3 }, { transfer: 'none' });
    expect(grid.data.byteLength).toBe(24);
    expect(Array.from(grid.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(result.data)).toEqual([3, 6, 9, 12, 15, 18]);
  });

  it('rejects a bad input in the worker with an input error naming the field', async () => {
    const badPool = createWorkerPool<typeof tasks>({ url, size: 1 }); // no tasks: only the worker knows them
    try {
      const grid = { ...smallGrid(), width: -3 };
      const error = await badPool.run('scaleGrid', { grid, factor: 2 }).catch((caught: unknown) => caught);
      expect(isJumeauError(error, 'input')).toBe(true);
      expect((error as Error).message).toMatch(/input of task "scaleGrid".*grid\.width/);
      const unknown = await badPool.run('nope' as 'whoAmI', {}).catch((caught: unknown) => caught);
      expect(isJumeauError(unknown, 'input')).toBe(true);
      expect((unknown as Error).message).toContain('Unknown task "nope"');
    } finally {
      await badPool.terminate();
    }
  });

  it('rebuilds errors thrown by a task as the same JumeauError (code, message, details)', async () => {
    const error = await pool.run('failWithCrsError', { code: 9999 }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'crs')).toBe(true);
    expect((error as Error).message).toBe('Unknown CRS EPSG:9999');
    expect((error as { details: unknown }).details).toEqual({ crs: 9999, hint: 'see listCrs()' });
    const plain = await pool.run('failWithTypeError', {}).catch((caught: unknown) => caught);
    expect(isJumeauError(plain, 'internal')).toBe(true);
    expect((plain as Error).message).toBe('values.map is not a function');
  });

  it('throttles progress and always delivers the final 1 before the result', async () => {
    const received: { fraction: number; message: string | undefined; at: number }[] = [];
    let settled = false;
    const result = await pool.run(
      'reportProgress',
      { steps: 200, pauseMilliseconds: 1 },
      { onProgress: (fraction, message) => received.push({ fraction, message, at: settled ? -1 : performance.now() }) },
    );
    settled = true;
    expect(result).toEqual({ steps: 200 });
    expect(received.length).toBeGreaterThanOrEqual(2);
    expect(received.length).toBeLessThan(200); // 200 reports, ≥ 200 ms of work, at most one per 50 ms delivered
    expect(received.at(-1)?.fraction).toBe(1);
    expect(received.at(-1)?.message).toBe('step 199');
    expect(received.every((entry) => entry.at >= 0)).toBe(true);
    const fractions = received.map((entry) => entry.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  it('start() loads the workers before their first run; without it a worker starts on its first run', async () => {
    const moduleTime = (identity: string): number => Number(identity.split('-')[0]);
    const started = createWorkerPool({ url, tasks, size: 2 });
    const lazy = createWorkerPool({ url, tasks, size: 1 });
    try {
      started.start();
      started.start(); // a second call starts nothing more
      await new Promise((resolve) => setTimeout(resolve, 5_000)); // ample for a .ts worker to load through tsx
      const firstRun = Date.now();
      const [one, two] = await Promise.all([started.run('wait', { milliseconds: 200 }), started.run('wait', { milliseconds: 200 })]);
      expect(one).not.toBe(two);
      for (const identity of [one, two]) expect(moduleTime(identity as string)).toBeLessThan(firstRun);
      const lazyFirstRun = Date.now();
      expect(moduleTime((await lazy.run('whoAmI', {})) as string)).toBeGreaterThanOrEqual(lazyFirstRun);
    } finally {
      await Promise.all([started.terminate(), lazy.terminate()]);
    }
    started.start(); // after terminate: nothing
    await expect(started.run('whoAmI', {})).rejects.toMatchObject({ code: 'aborted' });
  });

  it('queues runs beyond the pool size and answers all of them', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, index) => pool.run('scaleGrid', { grid: smallGrid(), factor: index })));
    expect(results.map((grid) => grid.data[5])).toEqual([0, 6, 12, 18, 24]);
  });
});

function countDifferences(actual: Float32Array, expected: Float32Array): number {
  let differences = Math.abs(actual.length - expected.length);
  for (let index = 0; index < Math.min(actual.length, expected.length); index += 1)
    if (!Object.is(actual[index], expected[index])) differences += 1;
  return differences;
}

function smallGrid(): Grid<Float32Array> {
  return {
    width: 3,
    height: 2,
    transform: [0, 1, 0, 2, 0, -1],
    crs: 2154,
    nodata: null,
    verticalDatum: null,
    units: 'm',
    data: new Float32Array([1, 2, 3, 4, 5, 6]),
  };
}

function arrowBuffers(table: Table): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (data: Table['batches'][number]['data']): void => {
    for (const view of [data.values, data.valueOffsets, data.nullBitmap])
      if (ArrayBuffer.isView(view) && view.byteLength > 0) buffers.add(view.buffer as ArrayBuffer);
    for (const child of data.children) visit(child as Table['batches'][number]['data']);
  };
  for (const batch of table.batches) visit(batch.data);
  return [...buffers];
}

const SUM_OF_X_PYTHON = `
import json, sys
data = json.load(open(sys.argv[1]))
def xs(coordinates):
    if isinstance(coordinates[0], (int, float)):
        yield coordinates[0]
    else:
        for part in coordinates:
            yield from xs(part)
total = sum(x for feature in data['features'] for x in xs(feature['geometry']['coordinates']))
print(json.dumps({'count': len(data['features']), 'sumOfX': total, 'first': data['features'][0]['properties']['nom']}))
`;
