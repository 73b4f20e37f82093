/** The in-thread fallback (`size: 0`, or no worker URL): same tasks, same validation, progress, cancellation. */
import { isJumeauError } from '@jumeau/core';
import { describe, expect, it } from 'vitest';
import { createWorkerPool, runTask } from '../src/index.js';
import { tasks } from './fixtures/tasks.js';

describe('in-thread fallback', () => {
  const pool = createWorkerPool({ url: new URL('./fixtures/test.worker.js', import.meta.url), tasks, size: 0 });

  it('runs in the calling thread, without moving buffers', async () => {
    expect(pool.mode).toBe('in-thread');
    expect(pool.size).toBe(0);
    const grid = {
      width: 2,
      height: 1,
      transform: [0, 1, 0, 1, 0, -1] as const,
      crs: 2154,
      nodata: null,
      verticalDatum: null,
      units: 'm',
      data: new Float32Array([1.5, -2]),
    };
    const result = await pool.run('scaleGrid', { grid, factor: 2 });
    expect(Array.from(result.data)).toEqual([3, -4]);
    expect(grid.data.byteLength).toBe(8);
  });

  it('validates the input with the same message as in a worker', async () => {
    const error = await pool.run('reportProgress', { steps: 0, pauseMilliseconds: 1 }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'input')).toBe(true);
    expect((error as Error).message).toMatch(/^Invalid input of task "reportProgress": steps: /);
    const unknown = await pool.run('nope' as 'whoAmI', {}).catch((caught: unknown) => caught);
    expect((unknown as Error).message).toBe('Unknown task "nope" (tasks: ' + Object.keys(tasks).join(', ') + ')');
  });

  it('delivers throttled progress ending with 1', async () => {
    const fractions: number[] = [];
    await pool.run('reportProgress', { steps: 100, pauseMilliseconds: 1 }, { onProgress: (fraction) => fractions.push(fraction) });
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBeLessThan(100);
  });

  it('rejects with aborted at once and the task stops at its next check', async () => {
    const controller = new AbortController();
    const running = pool.run('wait', { milliseconds: 10_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const error = await running.catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'aborted')).toBe(true);
    expect(
      isJumeauError(await pool.run('whoAmI', {}, { signal: AbortSignal.abort('late') }).catch((caught: unknown) => caught), 'aborted'),
    ).toBe(true);
  });

  it('keeps typed errors as they are', async () => {
    const error = await runTask(tasks.failWithCrsError, { code: 1234 }).catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'crs')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ crs: 1234, hint: 'see listCrs()' });
  });

  it('is chosen when no worker URL is given, and refused without tasks', () => {
    expect(createWorkerPool({ tasks }).mode).toBe('in-thread');
    expect(() => createWorkerPool({ url: new URL('./fixtures/test.worker.js', import.meta.url), size: 0 })).toThrow(
      /size is 0.*needs its `tasks`/,
    );
    expect(() => createWorkerPool({ tasks, size: -1 })).toThrow(/Invalid worker pool options: size/);
    expect(() => createWorkerPool({ url: './x.worker.js', tasks })).toThrow(/Invalid worker url "\.\/x\.worker\.js"/);
  });
});
