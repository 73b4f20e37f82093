import { JumeauError } from '@jumeau/core';
import { wrap } from 'comlink';
import { nodeBuiltin } from './node-builtins.js';
import { nodeEndpoint } from './node-endpoint.js';
import type { StartWorkerOptions, WorkerHandle } from './worker-handle.js';

/**
 * Development bootstrap (Node < 22.6 cannot run `.ts` workers): registers tsx's ESM loader, resolved from the
 * worker file's own folder, then imports the `.ts` worker. Evaluated with `eval: true`, in Node only — the
 * browser path never evaluates code from a string.
 */
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const manifestPath = createRequire(workerData.url).resolve('tsx/package.json');
const entry = require(manifestPath).exports['./esm/api'].import.default;
import(new URL(entry, pathToFileURL(manifestPath)).href)
  .then((api) => { api.register(); return import(workerData.url); })
  .catch((error) => { setTimeout(() => { throw error; }); });
`;

/** Starts a `worker_threads` worker; a missing `.js` with a `.ts` sibling starts through tsx (dev and tests). */
export function startNodeWorker(options: StartWorkerOptions): WorkerHandle {
  const { Worker } = nodeBuiltin('node:worker_threads');
  const typeScriptUrl = typeScriptEntry(options.url);
  const worker = typeScriptUrl
    ? new Worker(TYPESCRIPT_BOOTSTRAP, {
        eval: true,
        name: options.name,
        workerData: { url: typeScriptUrl.href },
        execArgv: [...process.execArgv, ...options.sourceConditions.map((condition) => `--conditions=${condition}`)],
      })
    : new Worker(options.url, { name: options.name });
  let alive = true;
  const crash = (message: string, cause?: unknown): void => {
    if (!alive) return;
    alive = false;
    void worker.terminate();
    const details = { worker: options.name, url: options.url.href };
    options.onCrash(new JumeauError('worker-crashed', `Worker "${options.name}" crashed: ${message}`, { details, cause }));
  };
  worker.on('error', (error: Error) => crash(`uncaught ${error.name}: ${error.message}`, error));
  worker.on('messageerror', (error: Error) => crash(`a message could not be deserialised (${error.message})`, error));
  worker.on('exit', (exitCode: number) => crash(`the thread exited with code ${exitCode}`));
  return {
    remote: wrap(nodeEndpoint(worker)),
    terminate: () => {
      alive = false;
      void worker.terminate();
    },
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
  };
}

/** The `.ts` file to start through tsx: the URL itself, or the sibling of a `.js` that does not exist (sources). */
function typeScriptEntry(url: URL): URL | null {
  if (url.protocol === 'file:' && /\.[cm]?ts$/.test(url.pathname)) return url;
  if (url.protocol !== 'file:' || !url.pathname.endsWith('.js')) return null;
  const { existsSync } = nodeBuiltin('node:fs');
  const { fileURLToPath } = nodeBuiltin('node:url');
  if (existsSync(fileURLToPath(url))) return null;
  const sibling = new URL(url.href.replace(/\.js$/, '.ts'));
  return existsSync(fileURLToPath(sibling)) ? sibling : null;
}
