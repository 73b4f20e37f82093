import { JumeauError } from '@jumeau/core';
import { type Remote, wrap } from 'comlink';
import { isNode } from './node-builtins.js';
import { startNodeWorker } from './node-worker.js';
import type { WorkerApi } from './protocol.js';

/** One running worker, as the pool sees it. */
export interface WorkerHandle {
  readonly remote: Remote<WorkerApi>;
  /** Stops the thread now (even inside an infinite loop); later events of this worker are ignored. */
  terminate(): void;
  /** In Node, an idle worker does not keep the process alive; a busy one does. */
  setBusy(busy: boolean): void;
}

/** How to start a worker and whom to tell when it dies. */
export interface StartWorkerOptions {
  readonly url: URL;
  readonly name: string;
  /** Export conditions for a `.ts` worker started through tsx in development (Node only). */
  readonly sourceConditions: readonly string[];
  /** Called once if the worker dies: uncaught error, `process.exit`, out of memory, failure to load. */
  readonly onCrash: (error: JumeauError) => void;
}

/** Which kind of thread this environment offers. */
export function workerEnvironment(): 'browser' | 'node' | 'none' {
  if (typeof Worker === 'function') return 'browser';
  if (isNode()) return 'node';
  return 'none';
}

/** Starts a module worker with the environment's API and wraps it with comlink. */
export function startWorker(options: StartWorkerOptions): WorkerHandle {
  return workerEnvironment() === 'browser' ? startBrowserWorker(options) : startNodeWorker(options);
}

function startBrowserWorker(options: StartWorkerOptions): WorkerHandle {
  const worker = new Worker(options.url, { type: 'module', name: options.name });
  let alive = true;
  const crash = (message: string): void => {
    if (!alive) return;
    alive = false;
    worker.terminate();
    options.onCrash(
      new JumeauError('worker-crashed', `Worker "${options.name}" crashed: ${message}`, {
        details: { worker: options.name, url: options.url.href },
      }),
    );
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    crash(event.message || `it failed to load or threw (${options.url.href})`);
  });
  worker.addEventListener('messageerror', () => crash('a message could not be deserialised'));
  return {
    remote: wrap<WorkerApi>(worker),
    terminate: () => {
      alive = false;
      worker.terminate();
    },
    setBusy: () => undefined,
  };
}
