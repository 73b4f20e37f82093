/** The progress throttle, on a fake clock: deliveries ≥ interval apart, the latest kept, the final 1 always. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgressReporter } from '../src/index.js';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => vi.useRealTimers());

describe('createProgressReporter', () => {
  it('delivers the first report, then at most one per interval, the latest pending one last', async () => {
    const delivered: [number, string | undefined][] = [];
    const reporter = createProgressReporter((fraction, message) => void delivered.push([fraction, message]), 50);
    reporter.report(0, 'start');
    for (let step = 1; step <= 40; step += 1) {
      vi.advanceTimersByTime(5);
      reporter.report(step / 100, `step ${step}`);
    }
    // 200 ms of reports every 5 ms → one delivery at 0, then one per 50 ms: at 50, 100, 150, 200 ms the
    // timer delivers the latest report made before it (the report at the same instant waits for the next).
    expect(delivered.map(([fraction]) => fraction)).toEqual([0, 0.09, 0.19, 0.29, 0.39]);
    await reporter.finish();
    expect(delivered.at(-1)).toEqual([1, 'step 40']);
    reporter.report(0.5);
    vi.advanceTimersByTime(100);
    expect(delivered.length).toBe(6); // nothing after the final 1
  });

  it('delivers 1 at once and only once, dropping a pending report', async () => {
    const delivered: number[] = [];
    const reporter = createProgressReporter((fraction) => void delivered.push(fraction), 50);
    reporter.report(0.2);
    reporter.report(0.3); // pending
    reporter.report(1.7); // clamped to 1
    vi.advanceTimersByTime(100);
    await reporter.finish();
    expect(delivered).toEqual([0.2, 1]);
  });

  it('refuses a fraction that is not a number, naming it', () => {
    const reporter = createProgressReporter(() => undefined, 50);
    expect(() => reporter.report(Number.NaN)).toThrow(/progress fraction must be a number in \[0, 1\], got NaN/);
  });

  it('survives a failing receiver and stops on cancel', async () => {
    let calls = 0;
    const reporter = createProgressReporter(() => {
      calls += 1;
      throw new Error('listener bug');
    }, 50);
    reporter.report(0.1);
    reporter.report(0.2);
    reporter.cancel();
    vi.advanceTimersByTime(100);
    await reporter.finish();
    expect(calls).toBe(1);
  });
});
