/**
 * @jumeau/workers/testing — the conformance suite every kernel task passes (in-thread result = worker result,
 * zero-copy input, abort, bad input), and the exact comparison it uses. For tests only.
 * @packageDocumentation
 */
export type { TaskConformanceOptions } from './check-task-conformance.js';
export { checkTaskConformance } from './check-task-conformance.js';
export { describeDifference } from './difference.js';
