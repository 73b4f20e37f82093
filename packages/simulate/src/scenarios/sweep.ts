import { JumeauError, throwIfAborted } from '@jumeau/core';
import { Float64, Table, vectorFromArray, type Vector } from 'apache-arrow';

/** Anything that runs named tasks: a `@jumeau/workers` pool (or an in-thread stand-in with the same `run`). */
export interface ScenarioRunner<Input, Output> {
  run(name: string, input: Input, options: { signal?: AbortSignal; transfer?: 'auto' | 'none' }): Promise<Output>;
}

/** Options of {@link runScenarioSweep}. */
export interface ScenarioSweepOptions<Shared, Scenario, Output> {
  readonly runner: ScenarioRunner<Shared & Scenario, Output>;
  /** Task name, e.g. `floodScenario`. */
  readonly task: string;
  /** What every scenario shares (the DEM, communes…): copied to each run, never transferred, so it stays usable. */
  readonly shared: Shared;
  /** The parameters of each scenario, merged over `shared`. */
  readonly scenarios: readonly Scenario[];
  readonly signal?: AbortSignal;
  /** Fraction of scenarios done and the index of the one that just finished. */
  readonly onProgress?: (fraction: number, message?: string) => void;
}

/**
 * Runs one task per scenario on a pool, all in flight at once (the pool queues them on its workers), and returns
 * the results **in scenario order** whatever order they finish in — a sweep is deterministic. Cancelling the
 * signal rejects at once with `aborted` and cancels every run still going.
 *
 * @example
 * ```ts
 * const results = await runScenarioSweep({ runner: pool, task: 'floodScenario', shared: territory, scenarios: levels.map((l) => ({ stillWaterLevelMetres: l })) })
 * ```
 */
export async function runScenarioSweep<Shared extends object, Scenario extends object, Output>(
  options: ScenarioSweepOptions<Shared, Scenario, Output>,
): Promise<Output[]> {
  if (options.scenarios.length === 0) throw new JumeauError('input', 'A sweep needs at least one scenario');
  throwIfAborted(options.signal);
  const controller = new AbortController();
  const forward = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  let done = 0;
  try {
    return await Promise.all(
      options.scenarios.map(async (scenario, index) => {
        const result = await options.runner.run(options.task, { ...options.shared, ...scenario } as Shared & Scenario, {
          signal: controller.signal,
          transfer: 'none',
        });
        done += 1;
        options.onProgress?.(done / options.scenarios.length, `scenario ${index + 1}`);
        return result;
      }),
    );
  } catch (error) {
    controller.abort(error);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', forward);
  }
}

/**
 * An Arrow table with one row per scenario: its numeric parameters, then the given indicators (union of keys,
 * missing → null), in scenario order.
 */
export function scenarioTable(
  scenarios: readonly Record<string, unknown>[],
  indicators: readonly Readonly<Record<string, number>>[],
): Table {
  const names = (rows: readonly Record<string, unknown>[]) => [
    ...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => typeof row[key] === 'number'))),
  ];
  const columns: Record<string, Vector> = {};
  for (const name of names(scenarios))
    columns[name] = vectorFromArray(
      scenarios.map((row) => (row[name] as number | undefined) ?? null),
      new Float64(),
    );
  for (const name of names(indicators)) {
    if (name in columns) continue;
    columns[name] = vectorFromArray(
      indicators.map((row) => row[name] ?? null),
      new Float64(),
    );
  }
  return new Table(columns);
}

/**
 * Parses a sweep of levels written `start:stop:step` (inclusive, e.g. `0:6:0.25` → 25 levels) or `a,b,c`.
 *
 * @example
 * ```ts
 * parseLevels('0:1:0.25') // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function parseLevels(text: string): number[] {
  if (text.includes(':')) {
    const [start, stop, step] = text.split(':').map(Number) as [number, number, number];
    if (![start, stop, step].every(Number.isFinite) || step <= 0 || stop < start) {
      throw new JumeauError('input', `Levels "${text}" must be start:stop:step with step > 0 and stop ≥ start`);
    }
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > 10_000) throw new JumeauError('too-large', `Levels "${text}" make ${count} scenarios (at most 10 000)`);
    // Rounded to 1e-9 m so 0.1-steps do not print as 0.30000000000000004.
    return Array.from({ length: count }, (_, index) => Math.round((start + index * step) * 1e9) / 1e9);
  }
  const levels = text.split(',').map((part) => Number(part.trim()));
  if (levels.length === 0 || levels.some((level) => !Number.isFinite(level)))
    throw new JumeauError('input', `Levels "${text}" are not numbers`);
  return levels;
}
