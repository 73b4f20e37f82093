import { JumeauError } from '@jumeau/core';

/**
 * Default minimum time between two progress deliveries, in milliseconds.
 *
 * @example
 * ```ts
 * createWorkerPool({ url, tasks, progressIntervalMilliseconds: 4 * DEFAULT_PROGRESS_INTERVAL_MILLISECONDS });
 * ```
 */
export const DEFAULT_PROGRESS_INTERVAL_MILLISECONDS = 50;

/** A throttled progress channel: `report` as often as you like, `finish` once on success. */
export interface ProgressReporter {
  /** Throttled report; `fraction` is clamped to [0, 1]; 1 is delivered at once (and only once). */
  report(fraction: number, message?: string): void;
  /** Delivers the final 1 when it was not reported yet and resolves once the receiver has it. */
  finish(): Promise<void>;
  /** Drops any pending report (on failure or cancellation). */
  cancel(): void;
}

type Deliver = (fraction: number, message?: string) => unknown;

/**
 * Builds a throttled progress reporter: deliveries are at least `intervalMilliseconds` apart, a report that
 * arrives too early is kept and delivered when the interval has passed (unless a newer one replaces it),
 * and the final 1 is always delivered, after every earlier report.
 *
 * @example
 * ```ts
 * const reporter = createProgressReporter((fraction) => console.log(fraction), 50);
 * for (let step = 0; step < 1000; step += 1) reporter.report(step / 1000, 'filling');
 * await reporter.finish(); // logs 0, then 1
 * ```
 */
export function createProgressReporter(
  deliver: Deliver | undefined,
  intervalMilliseconds = DEFAULT_PROGRESS_INTERVAL_MILLISECONDS,
): ProgressReporter {
  let lastDeliveryTime = Number.NEGATIVE_INFINITY;
  let pending: { fraction: number; message: string | undefined } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastMessage: string | undefined;
  let finished = false;
  let finalDelivery: Promise<unknown> = Promise.resolve();

  const send = (fraction: number, message: string | undefined): unknown => {
    lastDeliveryTime = performance.now();
    try {
      return deliver?.(fraction, message);
    } catch {
      return undefined; // progress is advisory: a failing receiver must not fail the task
    }
  };
  const flushPending = (): void => {
    timer = undefined;
    if (pending && !finished) ignoreRejection(send(pending.fraction, pending.message));
    pending = null;
  };
  const clear = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = null;
  };
  const complete = (): void => {
    clear();
    finished = true;
    finalDelivery = Promise.resolve(send(1, lastMessage)).catch(() => undefined);
  };
  return {
    report(fraction, message) {
      if (finished) return;
      const clamped = checkFraction(fraction);
      lastMessage = message ?? lastMessage;
      if (clamped >= 1) return complete();
      const waitMilliseconds = lastDeliveryTime + intervalMilliseconds - performance.now();
      if (waitMilliseconds <= 0 && timer === undefined) return void ignoreRejection(send(clamped, message));
      pending = { fraction: clamped, message };
      timer ??= setTimeout(flushPending, Math.max(0, waitMilliseconds));
    },
    async finish() {
      if (!finished) complete();
      await finalDelivery;
    },
    cancel() {
      clear();
      finished = true;
    },
  };
}

function checkFraction(fraction: number): number {
  if (typeof fraction !== 'number' || Number.isNaN(fraction)) {
    throw new JumeauError('input', `A progress fraction must be a number in [0, 1], got ${String(fraction)}`, {
      details: { fraction: String(fraction) },
    });
  }
  return Math.min(1, Math.max(0, fraction));
}

/** Progress is advisory: a receiver that failed (or went away) must not fail the task. */
function ignoreRejection(result: unknown): void {
  if (result instanceof Promise) result.catch(() => undefined);
}
