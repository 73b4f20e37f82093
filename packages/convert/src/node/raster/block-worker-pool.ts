import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread } from 'node:worker_threads';
import { JumeauError, type SerializedJumeauError, deserializeJumeauError } from '@jumeau/core';
import type { BlockJobResult, BlockJobRunner } from '../../raster/block-jobs.js';
import type { BlockJob } from '../../raster/decode-blocks.js';

/** A job sent to a block worker. Internal. */
export interface BlockJobMessage {
  readonly id: number;
  readonly job: BlockJob;
}

/** A block worker's answer: the job's buffers moved back, or its error. Internal. */
export type BlockJobReply =
  | { readonly id: number; readonly input: ArrayBuffer; readonly output: ArrayBuffer }
  | { readonly id: number; readonly error: SerializedJumeauError };

interface Pending {
  readonly resolve: (result: BlockJobResult) => void;
  readonly reject: (error: unknown) => void;
}

interface BlockWorker {
  readonly thread: Worker;
  readonly pending: Map<number, Pending>;
}

/** Decoded bytes under which the default pool leaves a read on the calling thread (starting work costs more). */
const DEFAULT_MINIMUM_BYTES = 4 << 20;
const WORKER_URL = new URL('./decode-blocks.worker.js', import.meta.url);
const pools = new Map<number, BlockJobRunner>();

/**
 * The shared pool of GeoTIFF block workers: `threads` explicit (≥ 1) decodes every read of two jobs or more on
 * that many threads; undefined uses one thread per core for reads of ≥ 4 MiB of cells. Workers start on first use
 * and, idle, do not keep the process alive.
 */
export function blockWorkerPool(threads?: number): BlockJobRunner {
  const size = threads ?? Math.max(1, availableParallelism());
  const key = threads === undefined ? -size : size;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = createBlockWorkerPool(size, threads === undefined ? DEFAULT_MINIMUM_BYTES : 0);
    pools.set(key, pool);
  }
  return pool;
}

/**
 * The pool `readGeoTIFF` uses in Node: the default one (one thread per core, reads of ≥ 4 MiB of cells) on the main
 * thread; none inside a worker thread, whose caller already spreads work over the cores, nor under a permission
 * model that forbids workers.
 */
export function defaultBlockWorkerPool(): BlockJobRunner | undefined {
  const permission = (process as { permission?: { has(scope: string): boolean } }).permission;
  if (!isMainThread || permission?.has('worker') === false) return undefined;
  return blockWorkerPool();
}

function createBlockWorkerPool(threads: number, minimumBytes: number): BlockJobRunner {
  const workers: BlockWorker[] = [];
  let nextId = 0;
  const pick = (): BlockWorker => {
    const idle = workers.find((worker) => worker.pending.size === 0);
    if (idle) return idle;
    if (workers.length < threads) {
      const worker = startBlockWorker(workers);
      workers.push(worker);
      return worker;
    }
    return workers.reduce((least, worker) => (worker.pending.size < least.pending.size ? worker : least));
  };
  return {
    threads,
    minimumBytes,
    run(job) {
      const worker = pick();
      const id = nextId;
      nextId += 1;
      return new Promise<BlockJobResult>((resolve, reject) => {
        worker.pending.set(id, { resolve, reject });
        worker.thread.ref();
        const message: BlockJobMessage = { id, job };
        worker.thread.postMessage(message, [job.input.buffer as ArrayBuffer, job.output]);
      });
    },
    allocate: allocateTouched,
  };
}

/**
 * The page toucher: one small thread (no module to load) that allocates a buffer, writes a zero into each of its
 * 4 KiB pages and moves it to the caller (the pages stay faulted in: one process). Page faults cost about 13 µs each
 * on the benchmark VM (210 ms for a 64 MiB grid, as much as inflating its blocks): taken there, they run beside the
 * decoding instead of on the calling thread. (Faulting them in by reads of /dev/zero on the libuv pool, measured in
 * the same runs, cost more CPU.)
 */
const PAGE_TOUCHER = `
const { parentPort } = process.getBuiltinModule('node:worker_threads');
parentPort.on('message', ({ id, bytes }) => {
  let buffer;
  try {
    buffer = new ArrayBuffer(bytes);
    const view = new Uint8Array(buffer);
    for (let index = 0; index < bytes; index += 4096) view[index] = 0;
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
    return;
  }
  parentPort.postMessage({ id, buffer }, [buffer]);
});
`;

interface PageToucher {
  readonly thread: Worker;
  readonly pending: Map<number, { readonly resolve: (buffer: ArrayBuffer) => void; readonly reject: (error: unknown) => void }>;
}

let toucher: PageToucher | undefined;
let nextAllocation = 0;

/** A zero-filled buffer of `bytes` bytes, its pages touched on the page toucher thread. */
export function allocateTouched(bytes: number): Promise<ArrayBuffer> {
  const current = toucher ?? startPageToucher();
  const id = nextAllocation;
  nextAllocation += 1;
  return new Promise<ArrayBuffer>((resolve, reject) => {
    current.pending.set(id, { resolve, reject });
    current.thread.ref();
    current.thread.postMessage({ id, bytes });
  });
}

function startPageToucher(): PageToucher {
  const thread = new Worker(PAGE_TOUCHER, { eval: true, execArgv: [] });
  const started: PageToucher = { thread, pending: new Map() };
  toucher = started;
  thread.unref();
  thread.on('message', (reply: { id: number; buffer?: ArrayBuffer; error?: string }) => {
    const pending = started.pending.get(reply.id);
    started.pending.delete(reply.id);
    if (started.pending.size === 0) thread.unref();
    if (reply.buffer !== undefined) pending?.resolve(reply.buffer);
    else pending?.reject(new JumeauError('worker-crashed', `The page toucher could not allocate: ${reply.error ?? 'unknown error'}`));
  });
  const crash = (why: string, cause?: unknown): void => {
    if (toucher === started) toucher = undefined;
    const error = new JumeauError('worker-crashed', `The page toucher thread crashed: ${why}`, { cause });
    for (const pending of started.pending.values()) pending.reject(error);
    started.pending.clear();
    void thread.terminate();
  };
  thread.on('error', (error: Error) => crash(`uncaught ${error.name}: ${error.message}`, error));
  thread.on('exit', (exitCode: number) => crash(`the thread exited with code ${exitCode}`));
  return started;
}

function startBlockWorker(workers: BlockWorker[]): BlockWorker {
  const typeScriptUrl = typeScriptSibling(WORKER_URL);
  const thread = typeScriptUrl
    ? new Worker(TYPESCRIPT_BOOTSTRAP, {
        eval: true,
        workerData: { url: typeScriptUrl.href },
        execArgv: [...inheritedExecArgv(), '--conditions=@jumeau/source'],
      })
    : new Worker(WORKER_URL);
  const worker: BlockWorker = { thread, pending: new Map() };
  thread.unref();
  thread.on('message', (reply: BlockJobReply) => {
    const pending = worker.pending.get(reply.id);
    worker.pending.delete(reply.id);
    if (worker.pending.size === 0) thread.unref();
    if (pending === undefined) return;
    if ('error' in reply) pending.reject(deserializeJumeauError(reply.error));
    else pending.resolve({ input: reply.input, output: reply.output });
  });
  const crash = (why: string, cause?: unknown): void => {
    const index = workers.indexOf(worker);
    if (index >= 0) workers.splice(index, 1);
    const error = new JumeauError('worker-crashed', `A GeoTIFF block worker crashed: ${why}`, { cause });
    for (const pending of worker.pending.values()) pending.reject(error);
    worker.pending.clear();
    void thread.terminate();
  };
  thread.on('error', (error: Error) => crash(`uncaught ${error.name}: ${error.message}`, error));
  thread.on('messageerror', (error: Error) => crash(`a message could not be deserialised (${error.message})`, error));
  thread.on('exit', (exitCode: number) => crash(`the thread exited with code ${exitCode}`));
  return worker;
}

/**
 * Development bootstrap (Node < 22.6 cannot run `.ts` workers), as in @jumeau/workers: registers tsx's ESM loader,
 * resolved from the worker's folder, then imports the `.ts` worker. Used only when the built `.js` is absent. No
 * `require`: it runs as CommonJS or, under `--input-type=module`, as a module.
 */
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = process.getBuiltinModule('node:worker_threads');
const { createRequire } = process.getBuiltinModule('node:module');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const requireHere = createRequire(workerData.url);
const manifestPath = requireHere.resolve('tsx/package.json');
const entry = requireHere(manifestPath).exports['./esm/api'].import.default;
import(new URL(entry, pathToFileURL(manifestPath)).href)
  .then((api) => { api.register(); return import(workerData.url); })
  .catch((error) => { setTimeout(() => { throw error; }); });
`;

/** The parent's Node flags a worker may inherit: not those of an `-e`/`-p` script (its code, `--input-type`). */
function inheritedExecArgv(): string[] {
  const kept: string[] = [];
  const argv = process.execArgv;
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] as string;
    if (['-e', '--eval', '-p', '--print'].includes(flag)) index += 1;
    else if (!flag.startsWith('--input-type') && !/^--(eval|print)=/.test(flag)) kept.push(flag);
  }
  return kept;
}

/** The `.ts` sibling of a `.js` worker that does not exist (running from sources), else null. */
function typeScriptSibling(url: URL): URL | null {
  if (existsSync(fileURLToPath(url))) return null;
  const sibling = new URL(url.href.replace(/\.js$/, '.ts'));
  return existsSync(fileURLToPath(sibling)) ? sibling : null;
}
