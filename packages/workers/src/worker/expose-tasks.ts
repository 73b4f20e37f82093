import { JumeauError, toJumeauError } from '@jumeau/core';
import { type Endpoint, expose, releaseProxy, type Remote, transfer } from 'comlink';
import { nodeBuiltin } from '../lib/node-builtins.js';
import { nodeEndpoint } from '../lib/node-endpoint.js';
import type { ReplyEnvelope, TaskRequest, WorkerApi } from '../lib/protocol.js';
import { decodeFromWire, encodeForWire } from '../lib/wire.js';
import { executeTask } from '../run-task.js';
import type { ProgressCallback, TaskMap } from '../task.js';
import { collectTransferables } from '../transferables.js';

/**
 * Serves `tasks` to the pool from inside a worker — the whole worker entry is three lines. Each request is
 * decoded (Arrow tables rebuilt over the received buffers), validated with the task's zod schema, run, and
 * answered with the result's buffers moved back (or the task's error as a serialised JumeauError).
 *
 * @example
 * ```ts
 * // src/workers/simulate.worker.ts
 * import { exposeTasks } from '@jumeau/workers/worker';
 * import { tasks } from '../tasks.js';
 * exposeTasks(tasks);
 * ```
 */
export function exposeTasks(tasks: TaskMap): void {
  const api: WorkerApi = { run: (request, onProgress) => answer(tasks, request, onProgress) };
  expose(api, workerEndpoint());
}

/** The endpoint to the pool: the worker global in browsers, `parentPort` (adapted) in Node. */
function workerEndpoint(): Endpoint {
  if ('WorkerGlobalScope' in globalThis) {
    // A rejected promise nobody awaits is a crash, as in Node: rethrow it as an uncaught error the pool sees.
    globalThis.addEventListener('unhandledrejection', (event) => {
      throw (event as PromiseRejectionEvent).reason;
    });
    return globalThis as unknown as Endpoint;
  }
  const { parentPort } = nodeBuiltin('node:worker_threads');
  if (!parentPort) throw new JumeauError('unsupported', 'exposeTasks() must run inside a worker (no parent port: this is the main thread)');
  return nodeEndpoint(parentPort);
}

async function answer(tasks: TaskMap, request: TaskRequest, onProgress: ProgressCallback | undefined): Promise<ReplyEnvelope> {
  try {
    const task = Object.hasOwn(tasks, request.name) ? tasks[request.name] : undefined;
    if (!task) {
      throw new JumeauError('input', `Unknown task "${request.name}" (tasks: ${Object.keys(tasks).join(', ')})`, {
        details: { task: request.name },
      });
    }
    const output = await executeTask(task, decodeFromWire(request.input), {
      what: `input of task "${request.name}"`,
      onProgress,
      progressIntervalMilliseconds: request.progressIntervalMilliseconds,
    });
    const value = encodeForWire(output);
    return transfer({ ok: true, value }, request.transfer === 'auto' ? collectTransferables(value) : []);
  } catch (error) {
    return { ok: false, error: toJumeauError(error).toJSON() };
  } finally {
    (onProgress as Remote<ProgressCallback> | undefined)?.[releaseProxy]();
  }
}
