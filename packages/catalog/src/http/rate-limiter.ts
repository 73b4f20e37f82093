import { sleep, throwIfAborted } from '@jumeau/core';

/**
 * Spaces requests so that at most `requestsPerSecond` start in any one-second window, per key (a host and the
 * first path segment, e.g. `data.geopf.fr/wfs`). A slot scheduler rather than a token bucket: it never bursts,
 * which is what the Géoplateforme's gateway (Kong) counts.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter()
 * await limiter.acquire('data.geopf.fr/altimetrie', 5)
 * ```
 */
export class RateLimiter {
  readonly #nextSlotMilliseconds = new Map<string, number>();

  /** Resolves when a request under `key` may start; rejects with an `aborted` JumeauError if `signal` fires. */
  async acquire(key: string, requestsPerSecond: number, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) return;
    const intervalMilliseconds = 1000 / requestsPerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.#nextSlotMilliseconds.get(key) ?? now);
    this.#nextSlotMilliseconds.set(key, slot + intervalMilliseconds);
    if (slot > now) await sleep(slot - now, signal);
  }
}

/** The abortable wait of @jumeau/core, exported here too (it was first written for this package). */
export { sleep };
