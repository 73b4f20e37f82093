/** The kernel conformance suite, run on the test tasks (one that conforms, and failures it must catch). */
import { tableFromArrays } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from '../src/index.js';
import { checkTaskConformance, describeDifference } from '../src/testing/index.js';
import { tasks } from './fixtures/tasks.js';
import { readOleronDem } from './helpers/shared-data.js';

const pool = createWorkerPool({ url: new URL('./fixtures/test.worker.js', import.meta.url), tasks, size: 1 });
afterAll(() => pool.terminate());

describe('checkTaskConformance', () => {
  it('passes for scaleGrid on the Oléron DEM', async () => {
    const passed = await checkTaskConformance({
      pool,
      tasks,
      name: 'scaleGrid',
      makeInput: () => ({ grid: readOleronDem(), factor: 0.5 }),
      badInput: { value: { grid: readOleronDem(), factor: 'half' }, field: 'factor' },
    });
    expect(passed).toHaveLength(3);
  });

  it('reports a task whose bad input error does not name the field', async () => {
    const failure = await checkTaskConformance({
      pool,
      tasks,
      name: 'reportProgress',
      makeInput: () => ({ steps: 3, pauseMilliseconds: 0 }),
      badInput: { value: { steps: 3, pauseMilliseconds: -1 }, field: 'steps' },
    }).catch((error: unknown) => error as Error);
    expect((failure as Error).message).toMatch(
      /does not conform:\n- bad input rejects with input naming steps: the message does not name steps/,
    );
  });
});

describe('describeDifference', () => {
  it('finds the first difference, exactly', () => {
    expect(describeDifference({ data: Float32Array.of(1, Number.NaN) }, { data: Float32Array.of(1, Number.NaN) })).toBeNull();
    expect(describeDifference({ data: Float32Array.of(1, 2) }, { data: Float32Array.of(1, 3) })).toBe('(result).data[1]: 2 ≠ 3');
    expect(describeDifference([0], [-0])).toBe('(result).0: 0 ≠ -0');
    expect(describeDifference(tableFromArrays({ a: [1, 2] }), tableFromArrays({ a: [1, 2] }))).toBeNull();
    expect(describeDifference(tableFromArrays({ a: [1, 2] }), tableFromArrays({ a: [1, 3] }))).toMatch(/Arrow IPC bytes/);
    expect(describeDifference({ a: 1 }, { a: 1, b: 2 })).toBe('(result): 1 entries ≠ 2');
  });
});
