import { JumeauError } from '@jumeau/core';
import type * as NodeFileSystem from 'node:fs';
import type * as NodeOperatingSystem from 'node:os';
import type * as NodeUrl from 'node:url';
import type * as NodeWorkerThreads from 'node:worker_threads';

interface NodeBuiltins {
  'node:worker_threads': typeof NodeWorkerThreads;
  'node:fs': typeof NodeFileSystem;
  'node:os': typeof NodeOperatingSystem;
  'node:url': typeof NodeUrl;
}

interface NodeProcessLike {
  readonly versions?: { readonly node?: string };
  readonly getBuiltinModule?: (id: string) => unknown;
}

function nodeProcess(): NodeProcessLike | undefined {
  return (globalThis as { process?: NodeProcessLike }).process;
}

/** True in Node (and runtimes that emulate it), where `worker_threads` replaces the `Worker` global. */
export function isNode(): boolean {
  return typeof nodeProcess()?.versions?.node === 'string';
}

/**
 * Loads a Node built-in synchronously with `process.getBuiltinModule` (Node ≥ 20.16). No static `import`
 * of `node:*` exists in this package, so browser bundlers never meet one.
 */
export function nodeBuiltin<Name extends keyof NodeBuiltins>(name: Name): NodeBuiltins[Name] {
  const loader = nodeProcess()?.getBuiltinModule;
  if (typeof loader !== 'function') {
    throw new JumeauError(
      'unsupported',
      `Worker threads need Node ≥ 20.16 (process.getBuiltinModule), this is ${nodeProcess()?.versions?.node ?? 'not Node'}`,
    );
  }
  return loader(name) as NodeBuiltins[Name];
}
