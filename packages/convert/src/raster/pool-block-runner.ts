import type { WorkerPool } from '@jumeau/workers';
import type { BlockJobRunner } from './block-jobs.js';
import type { GeoTIFFTasks } from './geotiff-tasks.js';

/**
 * Decoded bytes under which a read stays on the calling thread although a pool was given: 1 MiB (a 512 × 512
 * Float32 window) decodes in a few milliseconds, about what a round trip to a worker costs.
 */
export const POOL_MINIMUM_BYTES = 1 << 20;

/**
 * A {@link BlockJobRunner} over a @jumeau/workers pool of {@link GeoTIFFTasks}, for one read: one thread per worker
 * (a pool of size 0, in-thread, leaves every read on the calling thread), each job's buffers moved to the worker
 * and back (`transfer: 'auto'`), `signal` terminating the workers of the read's running jobs. Errors are the pool's:
 * the task's own `JumeauError` (`format` for a corrupt block), `worker-crashed`, `aborted`. Internal.
 */
export function poolBlockRunner(pool: WorkerPool<GeoTIFFTasks>, signal: AbortSignal | undefined): BlockJobRunner {
  return {
    threads: pool.mode === 'worker' ? pool.size : 0,
    minimumBytes: POOL_MINIMUM_BYTES,
    run: (job) => pool.run('decodeBlocks', job, { transfer: 'auto', signal }),
  };
}
