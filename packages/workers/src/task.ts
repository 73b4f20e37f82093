import type { z } from 'zod';

/**
 * Receives progress: `fraction` in [0, 1] and an optional human-readable step name. Calls are throttled
 * (at most one per interval, 50 ms by default) and the final `1` is always delivered.
 */
export type ProgressCallback = (fraction: number, message?: string) => void;

/** What a running task can use: cancellation and progress reporting. */
export interface TaskContext {
  /**
   * Aborted when the caller cancels. In a worker the pool terminates the thread instead, so this signal only
   * fires for in-thread runs; call {@link TaskContext.throwIfAborted} between steps to stop early in both.
   */
  readonly signal: AbortSignal;
  /** Reports progress, `fraction` in [0, 1] (clamped); throttled, so call it as often as convenient. */
  progress(fraction: number, message?: string): void;
  /** Throws a JumeauError `aborted` when the caller has cancelled (in-thread runs). */
  throwIfAborted(): void;
}

/**
 * A named unit of work that runs the same in a worker and in the calling thread: a zod schema of its input
 * (validated where the task runs) and a plain function.
 */
export interface TaskDefinition<Schema extends z.ZodType = z.ZodType, Output = unknown> {
  /** zod schema of the input; a value failing it rejects with a JumeauError `input` naming the field. */
  readonly input: Schema;
  /** The work. Its result (Grids, Arrow Tables, typed arrays, plain objects) is sent back to the caller. */
  readonly run: (input: z.output<Schema>, context: TaskContext) => Output | Promise<Output>;
}

/** The tasks a worker module exposes, by name. */
// biome-ignore lint/suspicious/noExplicitAny: a map of tasks must accept every schema and output type.
export type TaskMap = { readonly [name: string]: TaskDefinition<any, any> };

/** The input type a caller passes to a task (before zod defaults and transforms). */
export type TaskInput<Task> = Task extends TaskDefinition<infer Schema, unknown> ? z.input<Schema> : never;

/** The result type of a task, once awaited. */
// biome-ignore lint/suspicious/noExplicitAny: inference position.
export type TaskOutput<Task> = Task extends TaskDefinition<any, infer Output> ? Awaited<Output> : never;

/**
 * Declares a task. Returns the definition unchanged but typed, so the worker entry, the pool and in-thread
 * callers all agree on its input and output types.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { defineTask } from '@jumeau/workers';
 *
 * export const tasks = {
 *   sum: defineTask({
 *     input: z.object({ values: z.instanceof(Float64Array) }),
 *     run: ({ values }, context) => {
 *       let total = 0;
 *       for (let index = 0; index < values.length; index += 1) total += values[index]!;
 *       context.progress(1, 'summed');
 *       return { total };
 *     },
 *   }),
 * };
 * ```
 */
export function defineTask<Schema extends z.ZodType, Output>(definition: TaskDefinition<Schema, Output>): TaskDefinition<Schema, Output> {
  return definition;
}
