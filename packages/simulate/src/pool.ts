import { type WorkerPool, type WorkerPoolOptions, createWorkerPool } from '@jumeau/workers';
import { simulateTasks } from './tasks.js';

/**
 * A worker pool running the kernels of @jumeau/simulate (browser module Workers or Node worker threads), with the
 * in-thread fallback wired. Terminate it when done.
 *
 * @example
 * ```ts
 * const pool = createSimulatePool({ size: 2 })
 * const { depth } = await pool.run('staticSubmersion', { dem, stillWaterLevelMetres: 4.5 })
 * await pool.terminate()
 * ```
 */
export function createSimulatePool(
  options: Omit<WorkerPoolOptions<typeof simulateTasks>, 'url' | 'tasks'> = {},
): WorkerPool<typeof simulateTasks> {
  return createWorkerPool({ ...options, url: new URL('./workers/simulate.worker.js', import.meta.url), tasks: simulateTasks });
}
