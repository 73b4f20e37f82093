import { JumeauError, throwIfAborted, validate } from '@jumeau/core';
import { z } from 'zod';
import { nodeBuiltin } from './lib/node-builtins.js';
import type { TransferMode } from './lib/protocol.js';
import { type Job, Scheduler } from './lib/scheduler.js';
import { encodeForWire } from './lib/wire.js';
import { workerEnvironment } from './lib/worker-handle.js';
import { DEFAULT_PROGRESS_INTERVAL_MILLISECONDS } from './progress.js';
import { type RunTaskOptions, runTask } from './run-task.js';
import type { TaskMap, TaskInput, TaskOutput } from './task.js';
import { collectTransferables } from './transferables.js';

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions<Tasks extends TaskMap> {
  /** The worker module: `new URL('./workers/simulate.worker.js', import.meta.url)`. Without it, tasks run in-thread. */
  readonly url?: URL | string;
  /** The same tasks the worker exposes: for the in-thread fallback and for early unknown-name errors. */
  readonly tasks?: Tasks;
  /** Number of workers; default hardware concurrency − 1 (at least 1); 0 runs every task in the calling thread. */
  readonly size?: number;
  /** Name of the workers (shown in debuggers and error messages); default the URL's file name. */
  readonly name?: string;
  /** Default minimum time between two progress deliveries, in milliseconds (default 50). */
  readonly progressIntervalMilliseconds?: number;
  /** Node, `.ts` workers only (development): export conditions to resolve with (default `['@jumeau/source']`). */
  readonly sourceConditions?: readonly string[];
}

/** Options of one {@link WorkerPool.run}. */
export interface RunOptions extends RunTaskOptions {
  /**
   * `auto` (default): the input's buffers are moved to the worker when `run` is called (the caller's become
   * detached, `byteLength === 0`) and the result's are moved back — no copy. `none`: the input is copied.
   */
  readonly transfer?: TransferMode;
}

/** A pool of workers running named tasks (or, without workers, the same tasks in the calling thread). */
export interface WorkerPool<Tasks extends TaskMap> {
  /** `worker` when tasks run in threads, `in-thread` for the fallback. */
  readonly mode: 'worker' | 'in-thread';
  /** Number of workers (0 in-thread). */
  readonly size: number;
  /** Runs a task; resolves with its result (Grids, Arrow Tables, typed arrays and plain objects rebuilt as such). */
  run<Name extends keyof Tasks & string>(name: Name, input: TaskInput<Tasks[Name]>, options?: RunOptions): Promise<TaskOutput<Tasks[Name]>>;
  /**
   * Starts every worker now instead of on its first run, so that they load their code while the caller does other
   * work: a message posted to a browser worker that is still loading waits for the page's thread to hand it over, so a
   * page that starts its workers first and then keeps its thread busy (building a WebGL view) gets its first results
   * sooner. Idle started workers do not keep a Node process alive. No-op in-thread and after `terminate`.
   */
  start(): void;
  /** Terminates every worker; running and queued runs reject with `aborted`. Later runs reject too. */
  terminate(): Promise<void>;
}

const optionsSchema = z.object({
  url: z.union([z.instanceof(URL), z.string().min(1)]).optional(),
  size: z.number().int().min(0).max(1024).optional(),
  name: z.string().min(1).optional(),
  progressIntervalMilliseconds: z.number().min(0).max(60_000).optional(),
  sourceConditions: z.array(z.string().min(1)).optional(),
});

/**
 * Workers a pool starts by default: hardware concurrency − 1 (one core stays free for the calling thread),
 * at least 1.
 *
 * @example
 * ```ts
 * const pool = createWorkerPool({ url, tasks, size: Math.min(4, defaultPoolSize()) });
 * ```
 */
export function defaultPoolSize(): number {
  const browserCount = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  const count = workerEnvironment() === 'node' ? nodeBuiltin('node:os').availableParallelism() : (browserCount ?? 2);
  return Math.max(1, count - 1);
}

/**
 * Creates a worker pool. The same worker module runs in browsers (module `Worker`) and Node (`worker_threads`);
 * where neither exists, or with `size: 0`, the `tasks` run in the calling thread with the same validation,
 * progress and cancellation.
 *
 * @example
 * ```ts
 * import { createWorkerPool } from '@jumeau/workers';
 * import { tasks } from './tasks.js';
 *
 * const pool = createWorkerPool({ url: new URL('./workers/simulate.worker.js', import.meta.url), tasks });
 * const controller = new AbortController();
 * const depth = await pool.run('flood', { dem, levelMetres: 3 }, {
 *   signal: controller.signal,
 *   onProgress: (fraction, message) => console.log(`${Math.round(fraction * 100)} % ${message ?? ''}`),
 * });
 * await pool.terminate();
 * ```
 */
export function createWorkerPool<Tasks extends TaskMap>(options: WorkerPoolOptions<Tasks>): WorkerPool<Tasks> {
  const checked = validate(optionsSchema, options, 'worker pool options');
  const hasWorkers = checked.url !== undefined && checked.size !== 0 && workerEnvironment() !== 'none';
  if (!hasWorkers && !options.tasks) {
    const why = checked.url === undefined ? 'no worker url was given' : checked.size === 0 ? 'size is 0' : 'this environment has no Worker';
    throw new JumeauError('input', `A worker pool without workers (${why}) needs its \`tasks\` to run them in-thread`);
  }
  return hasWorkers ? workerPool(options, checked.size ?? defaultPoolSize()) : inThreadPool(options.tasks as Tasks);
}

function inThreadPool<Tasks extends TaskMap>(tasks: Tasks): WorkerPool<Tasks> {
  let terminated = false;
  return {
    mode: 'in-thread',
    size: 0,
    run(name, input, options = {}) {
      return runSafely(() => {
        if (terminated) throw terminatedError();
        const task = findTask(tasks, name);
        return runTask(task, input as never, { ...options, what: `input of task "${name}"` }) as Promise<TaskOutput<Tasks[typeof name]>>;
      });
    },
    start() {},
    async terminate() {
      terminated = true;
    },
  };
}

function workerPool<Tasks extends TaskMap>(options: WorkerPoolOptions<Tasks>, size: number): WorkerPool<Tasks> {
  const url = workerUrl(options.url as URL | string);
  const name = options.name ?? url.pathname.split('/').pop() ?? 'jumeau-worker';
  const scheduler = new Scheduler({ url, name, sourceConditions: options.sourceConditions ?? ['@jumeau/source'] }, size);
  let terminated = false;
  return {
    mode: 'worker',
    size,
    run(taskName, input, runOptions = {}) {
      return runSafely(() => {
        if (terminated) throw terminatedError();
        if (options.tasks) findTask(options.tasks, taskName);
        throwIfAborted(runOptions.signal);
        const interval =
          runOptions.progressIntervalMilliseconds ?? options.progressIntervalMilliseconds ?? DEFAULT_PROGRESS_INTERVAL_MILLISECONDS;
        return new Promise<TaskOutput<Tasks[typeof taskName]>>((resolve, reject) =>
          scheduler.submit(createJob(taskName, input, runOptions, interval, resolve as (value: unknown) => void, reject)),
        );
      });
    },
    start() {
      if (!terminated) scheduler.startAll();
    },
    async terminate() {
      terminated = true;
      scheduler.terminate(terminatedError());
    },
  };
}

/**
 * Takes ownership of the input now: encodes Arrow tables for the wire, then moves (`auto`) or copies (`none`)
 * its buffers into a private clone, so the caller's buffers are detached as soon as `run` returns, even when
 * the job waits in the queue.
 */
function createJob(
  name: string,
  input: unknown,
  options: RunOptions,
  interval: number,
  resolve: Job['resolve'],
  reject: Job['reject'],
): Job {
  const encoded = encodeForWire(input);
  let owned: unknown;
  try {
    owned = structuredClone(encoded, { transfer: options.transfer === 'none' ? [] : collectTransferables(encoded) });
  } catch (cause) {
    throw new JumeauError('input', `The input of task "${name}" cannot be sent to a worker: ${(cause as Error).message}`, {
      cause,
      details: { task: name },
    });
  }
  const transfer = options.transfer ?? 'auto';
  const request = { name, input: owned, transfer, progressIntervalMilliseconds: interval };
  return { request, transferList: collectTransferables(owned), signal: options.signal, onProgress: options.onProgress, resolve, reject };
}

/** A URL object for the worker module; a string is resolved against the page (browsers) or must be absolute. */
function workerUrl(url: URL | string): URL {
  if (url instanceof URL) return url;
  try {
    return new URL(url, globalThis.location?.href);
  } catch (cause) {
    throw new JumeauError('input', `Invalid worker url "${url}": give an absolute URL, e.g. new URL('./x.worker.js', import.meta.url)`, {
      cause,
      details: { url },
    });
  }
}

function findTask(tasks: TaskMap, name: string): TaskMap[string] {
  const task = Object.hasOwn(tasks, name) ? tasks[name] : undefined;
  if (!task)
    throw new JumeauError('input', `Unknown task "${name}" (tasks: ${Object.keys(tasks).join(', ')})`, { details: { task: name } });
  return task;
}

function terminatedError(): JumeauError {
  return new JumeauError('aborted', 'The worker pool was terminated');
}

/** Turns a synchronous throw into a rejection, so `run` always reports through its promise. */
function runSafely<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}
