/**
 * @jumeau/workers/worker — the in-worker runtime: import it from a worker entry and call `exposeTasks`.
 * @packageDocumentation
 */
export { exposeTasks } from './expose-tasks.js';
export { defineTask } from '../task.js';
export { arrowTableSchema, gridSchema } from '../schemas.js';
export type { ProgressCallback, TaskContext, TaskDefinition, TaskMap } from '../task.js';
