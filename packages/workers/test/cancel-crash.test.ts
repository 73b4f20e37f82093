/**
 * Cancellation and crash recovery in Node: an abort terminates a worker stuck in a loop and rejects within
 * 50 ms; crashes (uncaught error, simulated out-of-memory, process.exit, a worker that fails to load) reject
 * with `worker-crashed`; the pool replaces the worker and goes on.
 */
import { type JumeauErrorCode, isJumeauError } from '@jumeau/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type WorkerPool, createWorkerPool } from '../src/index.js';
import { tasks } from './fixtures/tasks.js';

const url = new URL('./fixtures/test.worker.js', import.meta.url);
let pool: WorkerPool<typeof tasks>;
afterEach(() => pool?.terminate());

async function rejection(promise: Promise<unknown>): Promise<Error & { code: JumeauErrorCode }> {
  const outcome = await promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error as Error,
  );
  return outcome as Error & { code: JumeauErrorCode };
}

describe('cancellation', () => {
  it('terminates a worker stuck in an infinite loop and rejects within 50 ms of abort()', async () => {
    pool = createWorkerPool({ url, tasks, size: 1 });
    const before = await pool.run('whoAmI', {});
    const controller = new AbortController();
    let spinning!: () => void;
    const started = new Promise<void>((resolve) => (spinning = resolve));
    const running = pool.run('spinForever', {}, { signal: controller.signal, onProgress: () => spinning() });
    await started; // the loop is running in the worker
    const abortedAt = performance.now();
    controller.abort(new Error('user pressed cancel'));
    const error = await rejection(running);
    const delayMilliseconds = performance.now() - abortedAt;
    expect(isJumeauError(error, 'aborted')).toBe(true);
    expect(error.message).toContain('user pressed cancel');
    expect(delayMilliseconds).toBeLessThan(50);
    const after = await pool.run('whoAmI', {});
    expect(after).not.toBe(before); // a new worker replaced the terminated one
  });

  it('never starts a queued task whose signal aborts, nor one aborted before run()', async () => {
    pool = createWorkerPool({ url, tasks, size: 1 });
    const busy = pool.run('wait', { milliseconds: 300 });
    const controller = new AbortController();
    const queued = pool.run('countRun', {}, { signal: controller.signal });
    controller.abort();
    expect(isJumeauError(await rejection(queued), 'aborted')).toBe(true);
    const alreadyAborted = pool.run('countRun', {}, { signal: AbortSignal.abort() });
    expect(isJumeauError(await rejection(alreadyAborted), 'aborted')).toBe(true);
    await busy;
    expect(await pool.run('countRun', {})).toBe(1); // the first countRun to start in this worker
  });

  it('terminate() rejects running and queued runs, and later runs', async () => {
    pool = createWorkerPool({ url, tasks, size: 1 });
    const running = pool.run('wait', { milliseconds: 10_000 });
    const queued = pool.run('whoAmI', {});
    await pool.terminate();
    for (const error of [await rejection(running), await rejection(queued), await rejection(pool.run('whoAmI', {}))]) {
      expect(isJumeauError(error, 'aborted')).toBe(true);
      expect(error.message).toContain('terminated');
    }
  });
});

describe('crashes', () => {
  const cases = [
    { title: 'an uncaught error in a timer', name: 'crashInTimer', input: { kind: 'error' }, message: /uncaught Error: boom in a timer/ },
    {
      title: 'an out-of-memory error (simulated: thrown in a timer)',
      name: 'crashInTimer',
      input: { kind: 'out-of-memory' },
      message: /RangeError: Array buffer allocation failed/,
    },
    { title: 'process.exit(3)', name: 'exitThread', input: { exitCode: 3 }, message: /exited with code 3/ },
  ] as const;

  for (const { title, name, input, message } of cases) {
    it(`rejects with worker-crashed on ${title} and replaces the worker`, async () => {
      pool = createWorkerPool({ url, tasks, size: 1 });
      const before = await pool.run('whoAmI', {});
      const error = await rejection(pool.run(name, input as never));
      expect(isJumeauError(error, 'worker-crashed')).toBe(true);
      expect(error.message).toMatch(message);
      const after = await pool.run('whoAmI', {});
      expect(after).not.toBe(before);
    });
  }

  it('rejects with worker-crashed (no hang) when the worker module does not exist', async () => {
    pool = createWorkerPool({ url: new URL('./fixtures/missing.worker.js', import.meta.url), tasks, size: 1 });
    const error = await rejection(pool.run('whoAmI', {}));
    expect(isJumeauError(error, 'worker-crashed')).toBe(true);
    expect(error.message).toMatch(/missing\.worker\.js/);
  });
});
