import { throwIfAborted } from '@jumeau/core';

/**
 * What every kernel of @jumeau/simulate takes besides its data: cancellation and progress. The same two hooks
 * the @jumeau/workers task context provides, so a kernel wraps into a worker task without change.
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const options: KernelOptions = { signal: controller.signal, onProgress: (fraction) => console.log(fraction) }
 * ```
 */
export interface KernelOptions {
  /** Aborts the computation: the kernel throws a `JumeauError` with code `aborted` at its next check. */
  readonly signal?: AbortSignal;
  /** Called with a fraction in [0, 1] (non-decreasing) and an optional message. */
  readonly onProgress?: (fraction: number, message?: string) => void;
}

/**
 * Progress and cancellation checks for a hot loop: `tick(done)` is cheap (one comparison) until `done` passes the
 * next checkpoint, then it checks the signal and reports `done / total` scaled into [start, end]. A class, so that
 * the hot loop always calls the same function (a fresh closure per run would make V8 deoptimise the loop).
 *
 * @example
 * ```ts
 * const progress = new ProgressReporter(options, cellCount, 0.1, 0.9, 'filling')
 * for (let done = 0; done < cellCount; done += 1) progress.tick(done)
 * ```
 */
export class ProgressReporter {
  private nextCheckpoint: number;
  private readonly step: number;

  constructor(
    private readonly options: KernelOptions,
    private readonly total: number,
    private readonly start: number,
    private readonly end: number,
    private readonly message: string,
  ) {
    this.step = Math.max(1 << 16, Math.ceil(total / 64));
    this.nextCheckpoint = this.step;
  }

  tick(done: number): void {
    if (done < this.nextCheckpoint) return;
    this.nextCheckpoint = done + this.step;
    throwIfAborted(this.options.signal);
    this.options.onProgress?.(this.start + (this.end - this.start) * Math.min(1, done / Math.max(1, this.total)), this.message);
  }
}

/**
 * Checks the signal and reports a fixed fraction (between phases of a kernel).
 *
 * @example
 * ```ts
 * reportPhase(options, 0.5, 'flow accumulation')
 * ```
 */
export function reportPhase(options: KernelOptions, fraction: number, message: string): void {
  throwIfAborted(options.signal);
  options.onProgress?.(fraction, message);
}
