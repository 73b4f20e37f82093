/** How failed requests are retried. */
export interface RetryPolicy {
  /** Total attempts including the first (default 4). */
  readonly maximumAttempts: number;
  /** First backoff delay, doubled on each retry (default 500 ms). */
  readonly baseDelayMilliseconds: number;
  /** Ceiling of one backoff delay and of an honoured `Retry-After` (default 30 000 ms). */
  readonly maximumDelayMilliseconds: number;
}

/** The default {@link RetryPolicy}: 4 attempts, 0.5 s → 1 s → 2 s with full jitter, at most 30 s per wait. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maximumAttempts: 4,
  baseDelayMilliseconds: 500,
  maximumDelayMilliseconds: 30_000,
};

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so retries of many
 * clients spread out while each still waits at least half the nominal delay.
 *
 * @param retryIndex 0 for the first retry.
 * @param random a number in [0, 1) (injectable for tests).
 * @example
 * ```ts
 * backoffDelayMilliseconds(2, DEFAULT_RETRY_POLICY) // between 1000 and 2000
 * ```
 */
export function backoffDelayMilliseconds(retryIndex: number, policy: RetryPolicy, random: number = Math.random()): number {
  const nominal = Math.min(policy.maximumDelayMilliseconds, policy.baseDelayMilliseconds * 2 ** retryIndex);
  return nominal / 2 + (nominal / 2) * random;
}

/**
 * Milliseconds to wait from an HTTP `Retry-After` header (delta-seconds or an HTTP date), capped by the policy;
 * `undefined` when the header is missing or unreadable.
 *
 * @example
 * ```ts
 * retryAfterMilliseconds('2', DEFAULT_RETRY_POLICY) // 2000
 * ```
 */
export function retryAfterMilliseconds(header: string | null, policy: RetryPolicy, nowMilliseconds = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  let milliseconds: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) milliseconds = Number(trimmed) * 1000;
  else {
    const date = Date.parse(trimmed);
    if (Number.isNaN(date)) return undefined;
    milliseconds = date - nowMilliseconds;
  }
  return Math.min(policy.maximumDelayMilliseconds, Math.max(0, milliseconds));
}

/** True for statuses worth retrying: 408, 425, 429 and 5xx except 501/505 (which will never succeed). */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505;
}
