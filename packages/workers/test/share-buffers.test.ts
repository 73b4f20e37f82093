/** shareBuffers: a real DEM in shared memory reaches a worker thread without a copy, and nothing else changes. */
import { createGrid } from '@jumeau/core';
import fc from 'fast-check';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { canShareMemory, collectTransferables, createWorkerPool, shareBuffers } from '../src/index.js';
import { tasks } from './fixtures/tasks.js';
import { readOleronDem } from './helpers/shared-data.js';

const url = new URL('./fixtures/test.worker.js', import.meta.url);
const pool = createWorkerPool({ url, tasks, size: 1 });
afterAll(() => pool.terminate());

describe('shareBuffers', () => {
  it('can share memory in Node', () => {
    expect(canShareMemory()).toBe(true);
  });

  it('sends a real DEM to a worker thread in shared memory: the worker reads it and its write is seen here', async () => {
    const dem = shareBuffers(readOleronDem());
    expect(dem.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    let expectedSum = 0;
    for (const value of dem.data) expectedSum += value;
    const first = await pool.run('sumAndMark', { grid: dem, marker: 1234.5 }, { transfer: 'none' });
    expect(first.shared).toBe(true);
    expect(first.sum).toBeCloseTo(expectedSum, 3);
    expect(dem.data[0]).toBe(1234.5); // same memory, not a copy
    // The default transfer mode leaves shared memory in place too (it is never in a transfer list).
    const second = await pool.run('sumAndMark', { grid: dem, marker: -1 });
    expect(second.shared).toBe(true);
    expect(dem.data.length).toBe(631 * 906);
    expect(dem.data[0]).toBe(-1);
  });

  it('keeps the structure, values and array types; leaves shared arrays, tables and scalars as they are', () => {
    const alreadyShared = new Int32Array(new SharedArrayBuffer(8));
    const table = tableFromArrays({ id: Int32Array.from([1, 2]) });
    const grid = createGrid({ width: 2, height: 1, data: Float64Array.from([1.5, Number.NaN]), crs: 2154, transform: [0, 1, 0, 1, 0, -1] });
    const value = { grid, list: [Uint8Array.from([1, 2, 3]), 'text', 4], alreadyShared, table, nothing: null };
    const shared = shareBuffers(value);
    expect(shared.grid.data).toBeInstanceOf(Float64Array);
    expect(shared.grid.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.grid.data)).toEqual([1.5, Number.NaN]);
    expect({ ...shared.grid, data: null }).toEqual({ ...grid, data: null });
    expect(shared.list[0]).toEqual(Uint8Array.from([1, 2, 3]));
    expect((shared.list[0] as Uint8Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.list.slice(1)).toEqual(['text', 4]);
    expect(shared.alreadyShared).toBe(alreadyShared);
    expect(shared.table).toBe(table);
    expect(shared.nothing).toBeNull();
    expect(value.grid.data.buffer).toBeInstanceOf(ArrayBuffer); // the input is not modified
    expect(collectTransferables({ ...shared, table: null })).toEqual([]); // the table kept its own buffers
  });

  it('property: a shared copy of any typed array is equal element for element, including views into larger buffers', () => {
    fc.assert(
      fc.property(fc.float64Array({ maxLength: 64 }), fc.nat(8), (values, start) => {
        const view = values.subarray(Math.min(start, values.length));
        const shared = shareBuffers({ view }).view;
        expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(shared.byteLength).toBe(view.byteLength);
        expect(Array.from(shared)).toEqual(Array.from(view));
      }),
    );
  });
});
