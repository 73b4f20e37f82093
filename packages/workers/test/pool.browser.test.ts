/**
 * The same worker module in real headless Chromium (module Worker, served by Vite): transfer and detach,
 * a Grid and a real feature table round trip, progress, cancellation of an infinite loop, crashes.
 */
import { type Grid, featureTableFromGeoJSON, featureTableFromIPC, featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { Table } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { collectTransferables, createWorkerPool } from '../src/index.js';
import { tasks } from './fixtures/tasks.js';

const url = new URL('./fixtures/test.worker.ts', import.meta.url);
const pool = createWorkerPool({ url, tasks, size: 1 });
afterAll(() => pool.terminate());

function gridOf(width: number, height: number): Grid<Float32Array> {
  const data = new Float32Array(width * height);
  for (let index = 0; index < data.length; index += 1) data[index] = Math.sin(index) * 100;
  return {
    width,
    height,
    transform: [380_000, 20, 0, 6_550_000, 0, -20],
    crs: 2154,
    nodata: null,
    verticalDatum: 'NGF-IGN69',
    units: 'm',
    data,
  };
}

describe('createWorkerPool in Chromium', () => {
  it('uses module Workers', () => {
    expect(typeof Worker).toBe('function');
    expect(pool.mode).toBe('worker');
  });

  it('moves a 4 MiB Grid to the worker and back: sender detached, values exact, worker copy moved out too', async () => {
    const grid = gridOf(1024, 1024);
    const expected = grid.data.map((value) => value * 2);
    const sent = grid.data.buffer;
    const result = await pool.run('scaleGrid', { grid, factor: 2 });
    expect(sent.byteLength).toBe(0);
    expect(result.data).toBeInstanceOf(Float32Array);
    let differences = 0;
    for (let index = 0; index < expected.length; index += 1) if (result.data[index] !== expected[index]) differences += 1;
    expect(differences).toBe(0);
    expect(result.transform).toEqual([380_000, 20, 0, 6_550_000, 0, -20]);
    expect(await pool.run('lastBufferLengths', {})).toEqual([0]);
  });

  it('round-trips a real feature table (island communes of Charente-Maritime) as a real Arrow Table, zero copy', async () => {
    // Read from IPC: every column is a view into one buffer, which moves whole.
    const response = await fetch(new URL('./reference/communes-17-islands.arrow', import.meta.url));
    const fromIPC = featureTableFromIPC(new Uint8Array(await response.arrayBuffer()));
    // Rebuilt from GeoJSON: columns in their own (growable, partly filled) buffers.
    const fromGeoJSON = featureTableFromGeoJSON(featureTableToGeoJSON(fromIPC));
    const names = fromIPC.getChild('nom')?.toArray() as string[];
    expect(names).toHaveLength(15);
    for (const communes of [fromIPC, fromGeoJSON]) {
      const buffers = collectTransferables(communes);
      const summary = await pool.run('summarizeTable', { table: communes });
      expect(buffers.length).toBeGreaterThan(0);
      expect(buffers.every((buffer) => buffer.byteLength === 0)).toBe(true);
      expect(summary.rowCount).toBe(15);
      expect(summary.firstName).toBe(names[0]);
      expect(Table.isTable(summary.table)).toBe(true);
      expect(summary.table.getChild('nom')?.toArray()).toEqual(names);
      expect((await pool.run('lastBufferLengths', {})).every((length) => length === 0)).toBe(true);
    }
  });

  it('delivers throttled progress ending with 1', async () => {
    const fractions: number[] = [];
    await pool.run('reportProgress', { steps: 100, pauseMilliseconds: 1 }, { onProgress: (fraction) => fractions.push(fraction) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeGreaterThanOrEqual(2);
    expect(fractions.length).toBeLessThan(100);
  });

  it('rejects a bad input with an input error naming the field', async () => {
    const error = await pool.run('scaleGrid', { grid: { ...gridOf(2, 2), crs: 0 }, factor: 1 }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'input')).toBe(true);
    expect((error as Error).message).toMatch(/grid\.crs/);
  });

  it('aborts an infinite loop within 50 ms and replaces the worker', async () => {
    const before = await pool.run('whoAmI', {});
    const controller = new AbortController();
    let spinning!: () => void;
    const started = new Promise<void>((resolve) => (spinning = resolve));
    const running = pool.run('spinForever', {}, { signal: controller.signal, onProgress: () => spinning() });
    await started;
    const abortedAt = performance.now();
    controller.abort();
    const error = await running.catch((caught: unknown) => caught);
    const delayMilliseconds = performance.now() - abortedAt;
    expect(isJumeauError(error, 'aborted')).toBe(true);
    expect(delayMilliseconds).toBeLessThan(50);
    expect(await pool.run('whoAmI', {})).not.toBe(before);
  });

  it('rejects with worker-crashed on an uncaught error and on a simulated out-of-memory, then recovers', async () => {
    for (const kind of ['error', 'out-of-memory'] as const) {
      const before = await pool.run('whoAmI', {});
      const error = await pool.run('crashInTimer', { kind }).catch((caught: unknown) => caught);
      expect(isJumeauError(error, 'worker-crashed')).toBe(true);
      expect((error as Error).message).toMatch(kind === 'error' ? /boom in a timer/ : /Array buffer allocation failed/);
      expect(await pool.run('whoAmI', {})).not.toBe(before);
    }
  });

  it('rebuilds a typed error thrown by a task', async () => {
    const error = await pool.run('failWithCrsError', { code: 9999 }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'crs')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ crs: 9999, hint: 'see listCrs()' });
  });
});
