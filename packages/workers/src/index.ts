/**
 * @jumeau/workers — one worker runtime for browsers and Node: named, validated tasks run in a pool of
 * workers (or in the calling thread), with zero-copy transfer of Grids and Arrow tables, throttled progress,
 * cancellation and crash recovery. The in-worker side is `@jumeau/workers/worker`.
 * @packageDocumentation
 */

// Types
export type { ProgressCallback, TaskContext, TaskDefinition, TaskInput, TaskMap, TaskOutput } from './task.js';
export type { RunOptions, WorkerPool, WorkerPoolOptions } from './pool.js';
export type { RunTaskOptions } from './run-task.js';
export type { ProgressReporter } from './progress.js';
export type { TransferMode } from './lib/protocol.js';
export type { GridArrayOf } from './schemas.js';

// Tasks
export { defineTask } from './task.js';
export { runTask } from './run-task.js';

// Input schemas for tasks
export { arrowTableSchema, gridSchema } from './schemas.js';

// Pool
export { createWorkerPool, defaultPoolSize } from './pool.js';

// Transfer and progress
export { collectTransferables } from './transferables.js';
export { canShareMemory, shareBuffers } from './share-buffers.js';
export { DEFAULT_PROGRESS_INTERVAL_MILLISECONDS, createProgressReporter } from './progress.js';
