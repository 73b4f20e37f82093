import { JumeauError, isJumeauError } from '@jumeau/core';
import type { WorkerPool } from '../pool.js';
import { runTask } from '../run-task.js';
import type { TaskInput, TaskMap } from '../task.js';
import { collectTransferables } from '../transferables.js';
import { describeDifference } from './difference.js';

/** What {@link checkTaskConformance} needs: a worker pool, its tasks, one task and inputs for it. */
export interface TaskConformanceOptions<Tasks extends TaskMap, Name extends keyof Tasks & string> {
  /** A pool in `worker` mode running the package's worker entry. */
  readonly pool: WorkerPool<Tasks>;
  readonly tasks: Tasks;
  readonly name: Name;
  /** A fresh valid input at each call (inputs are moved to the worker, so each is used once). */
  readonly makeInput: () => TaskInput<Tasks[Name]>;
  /** An invalid input, and the dotted path of the field the error message must name (e.g. `dem.width`). */
  readonly badInput: { readonly value: unknown; readonly field: string };
  /** Compares the in-thread and worker results; default {@link describeDifference} (exact). */
  readonly describeDifference?: (inThread: unknown, inWorker: unknown) => string | null;
}

/**
 * The conformance suite every kernel task passes: the worker result equals the in-thread result; the
 * input's buffers are detached after `run` (zero copy); an abort rejects with `aborted`; a bad input rejects
 * with `input` naming the field. Resolves with the names of the checks passed; rejects with a JumeauError
 * `internal` listing every failed check.
 *
 * @example
 * ```ts
 * it('flood conforms', () =>
 *   checkTaskConformance({ pool, tasks, name: 'flood', makeInput: () => ({ dem: readDem(), levelMetres: 2.4 }),
 *     badInput: { value: { dem: readDem(), levelMetres: Number.NaN }, field: 'levelMetres' } }));
 * ```
 */
export async function checkTaskConformance<Tasks extends TaskMap, Name extends keyof Tasks & string>(
  options: TaskConformanceOptions<Tasks, Name>,
): Promise<string[]> {
  if (options.pool.mode !== 'worker') throw new JumeauError('input', 'checkTaskConformance needs a pool in worker mode');
  const checks: [string, () => Promise<string | null>][] = [
    ['worker result equals in-thread result, input buffers detached', () => checkSameResult(options)],
    ['abort rejects with aborted', () => checkAbort(options)],
    [`bad input rejects with input naming ${options.badInput.field}`, () => checkBadInput(options)],
  ];
  const failures: string[] = [];
  for (const [name, check] of checks) {
    const failure = await check().catch((error: unknown) => `unexpected ${String(error)}`);
    if (failure) failures.push(`${name}: ${failure}`);
  }
  if (failures.length > 0)
    throw new JumeauError('internal', `Task "${options.name}" does not conform:\n- ${failures.join('\n- ')}`, {
      details: { task: options.name },
    });
  return checks.map(([name]) => name);
}

async function checkSameResult<Tasks extends TaskMap, Name extends keyof Tasks & string>(
  options: TaskConformanceOptions<Tasks, Name>,
): Promise<string | null> {
  const task = options.tasks[options.name] as Tasks[Name];
  const inThread = await runTask(task, options.makeInput());
  const input = options.makeInput();
  const buffers = collectTransferables(input);
  const inWorker = await options.pool.run(options.name, input);
  const kept = buffers.filter((buffer) => buffer.byteLength > 0).length;
  if (kept > 0) return `${kept} of ${buffers.length} input buffers were not moved to the worker`;
  return (options.describeDifference ?? describeDifference)(inThread, inWorker);
}

async function checkAbort<Tasks extends TaskMap, Name extends keyof Tasks & string>(
  options: TaskConformanceOptions<Tasks, Name>,
): Promise<string | null> {
  const controller = new AbortController();
  const running = options.pool.run(options.name, options.makeInput(), { signal: controller.signal });
  controller.abort();
  const error = await running.then(
    () => null,
    (caught: unknown) => caught,
  );
  return isJumeauError(error, 'aborted') ? null : `got ${error === null ? 'a result' : String(error)}`;
}

async function checkBadInput<Tasks extends TaskMap, Name extends keyof Tasks & string>(
  options: TaskConformanceOptions<Tasks, Name>,
): Promise<string | null> {
  const error = await options.pool.run(options.name, options.badInput.value as TaskInput<Tasks[Name]>).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isJumeauError(error, 'input')) return `got ${error === null ? 'a result' : String(error)}`;
  return error.message.includes(options.badInput.field) ? null : `the message does not name ${options.badInput.field}: ${error.message}`;
}
