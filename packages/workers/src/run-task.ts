import { JumeauError, throwIfAborted, validate } from '@jumeau/core';
import { DEFAULT_PROGRESS_INTERVAL_MILLISECONDS, createProgressReporter } from './progress.js';
import type { ProgressCallback, TaskContext, TaskDefinition, TaskInput, TaskOutput } from './task.js';

/** Options of one run, in a worker pool or in the calling thread. */
export interface RunTaskOptions {
  /** Cancels the run: it rejects with a JumeauError `aborted` (a worker running it is terminated). */
  readonly signal?: AbortSignal;
  /** Receives throttled progress; the final 1 is always delivered before the result. */
  readonly onProgress?: ProgressCallback;
  /** Minimum time between two progress deliveries, in milliseconds (default 50). */
  readonly progressIntervalMilliseconds?: number;
}

/** What the task runner needs besides the task and its input. */
export interface ExecuteTaskOptions extends RunTaskOptions {
  /** Names the input in validation messages, e.g. `input of task "flood"`. */
  readonly what: string;
}

/**
 * Validates the input with the task's schema, runs it with a context (signal, throttled progress) and
 * delivers the final progress. The one code path of tasks, used in workers and in the calling thread.
 */
export async function executeTask(task: TaskDefinition, input: unknown, options: ExecuteTaskOptions): Promise<unknown> {
  const signal = options.signal ?? new AbortController().signal;
  throwIfAborted(signal);
  const parsed = validate(task.input, input, options.what);
  const reporter = createProgressReporter(
    options.onProgress,
    options.progressIntervalMilliseconds ?? DEFAULT_PROGRESS_INTERVAL_MILLISECONDS,
  );
  const context: TaskContext = {
    signal,
    progress: (fraction, message) => reporter.report(fraction, message),
    throwIfAborted: () => throwIfAborted(signal),
  };
  try {
    const output = await task.run(parsed, context);
    await reporter.finish();
    return output;
  } finally {
    reporter.cancel();
  }
}

/**
 * Runs a task in the calling thread: same validation, same context, same errors as in a worker. Aborting
 * rejects at once with a JumeauError `aborted`; the task itself stops at its next `throwIfAborted()`.
 * Input buffers are used in place (nothing is transferred or copied).
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const result = await runTask(tasks.sum, { values: new Float64Array([1, 2, 3]) }, {
 *   signal: controller.signal,
 *   onProgress: (fraction, message) => console.log(fraction, message),
 * });
 * ```
 */
export function runTask<Task extends TaskDefinition>(
  task: Task,
  input: TaskInput<Task>,
  options: RunTaskOptions & { readonly what?: string } = {},
): Promise<TaskOutput<Task>> {
  let settled = false;
  const onProgress = options.onProgress;
  // After an abort the task may run on until its next check: its progress must not reach the caller any more.
  const guardedProgress = onProgress && ((fraction: number, message?: string) => void (settled || onProgress(fraction, message)));
  const execution = executeTask(task, input, { ...options, onProgress: guardedProgress, what: options.what ?? 'task input' }) as Promise<
    TaskOutput<Task>
  >;
  const signal = options.signal;
  if (!signal) return execution;
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      settled = true;
      reject(abortedError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    execution.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The `aborted` error for a signal, naming its reason when it has one. */
export function abortedError(signal: AbortSignal): JumeauError {
  try {
    throwIfAborted(signal);
  } catch (error) {
    return error as JumeauError;
  }
  return new JumeauError('aborted', 'The operation was aborted');
}
