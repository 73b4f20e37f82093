/**
 * Runs scenarios in the worker pool as the user moves a control: debounced (50 ms), the previous run cancelled
 * with an AbortSignal, only the latest result delivered. The main thread only posts messages and draws.
 */
import { type Grid, isJumeauError } from '@jumeau/core';
import { type WorkerPool, canShareMemory, shareBuffers } from '@jumeau/workers';
import { type ScenarioOutcome, createOutcome } from '../model/outcome.js';
import { type ScenarioSettings, floodLevelOf, seaLevelRiseOf } from '../model/scenario.js';
import type { FloodSurface, LevelData, LevelResult, SweepPoint, littoralTasks } from '../worker/littoral-tasks.js';

/** One computed scenario. */
export interface ScenarioRun {
  readonly settings: ScenarioSettings;
  readonly result: LevelResult;
  readonly outcome: ScenarioOutcome;
}

/** What the runner delivers after each completed change. */
export interface RunDelivery {
  readonly main: ScenarioRun;
  readonly comparison: ScenarioRun | null;
  /** From the change (after the debounce) to the results, ms. */
  readonly milliseconds: number;
}

/** The runner. */
export interface ScenarioRunner {
  /**
   * Schedules the scenario (and its comparison) after the debounce, or at once with `immediately`; earlier pending
   * or running requests are cancelled.
   */
  request(settings: ScenarioSettings, comparison: ScenarioSettings | null, options?: { readonly immediately?: boolean }): void;
  onResult(listener: (delivery: RunDelivery) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** The water surfaces of the delivered results, built after them (the numbers do not wait for the meshes). */
  onSurfaces(listener: (surfaces: { main: FloodSurface; comparison: FloodSurface | null; milliseconds: number }) => void): void;
  /** The DEM and level data the runs read: in shared memory when the page is cross-origin isolated (pass them with `transfer: 'none'`). */
  readonly shared: { readonly dem: Grid } & LevelData;
  /** Sweeps still-water levels under `settings` (margin, rise, defences, connectivity kept). */
  sweep(levels: readonly number[], settings: ScenarioSettings): Promise<SweepPoint[]>;
}

/** Debounce of control changes, ms (`runner.request` waits this long for the control to settle). */
export const DEBOUNCE_MILLISECONDS = 50;

/**
 * The kernel input of a scenario (W = level + margin, plus the rise; defences as chosen).
 *
 * @example
 * ```ts
 * await pool.run('floodLevel', levelInput(dem, levelData, settings, manifest.dem.nodataIsSea), { transfer: 'none' })
 * ```
 */
export function levelInput(dem: Grid, levelData: LevelData, settings: ScenarioSettings, nodataIsSea = false) {
  const breached = settings.defences === 'breached';
  const barrier = breached ? levelData.breachedBarrier : levelData.intactBarrier;
  return {
    dem,
    index: levelData.index,
    stillWaterLevelMetres: floodLevelOf(settings),
    seaLevelRiseMetres: seaLevelRiseOf(settings),
    connectivity: settings.connectivity,
    nodataIsSea,
    ...(barrier ? { barrier } : {}),
    ...(breached && levelData.breaches ? { breaches: levelData.breaches } : {}),
  };
}

/**
 * Creates the runner over a pool of `littoralTasks` workers. The level-independent arrays (DEM, territory index,
 * barriers: ~10 MB on Oléron) are moved once into shared memory when the page is cross-origin isolated, so a run
 * posts a few numbers instead of copying them on the main thread (170 ms per run measured in Chromium); otherwise
 * they are copied into each run.
 *
 * @example
 * ```ts
 * const runner = createScenarioRunner(pool, territory.dem, levelData)
 * runner.onResult(({ main }) => renderResults(container, main.outcome))
 * runner.request(settings, null)
 * ```
 */
export function createScenarioRunner(
  pool: WorkerPool<typeof littoralTasks>,
  dem: Grid,
  levelData: LevelData,
  options: { readonly nodataIsSea?: boolean } = {},
): ScenarioRunner {
  const nodataIsSea = options.nodataIsSea ?? false;
  const shared = canShareMemory() ? shareBuffers({ dem, ...levelData }) : { dem, ...levelData };
  const resultListeners: Array<(delivery: RunDelivery) => void> = [];
  const errorListeners: Array<(error: unknown) => void> = [];
  const surfaceListeners: Array<(surfaces: { main: FloodSurface; comparison: FloodSurface | null; milliseconds: number }) => void> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller: AbortController | null = null;
  const { communeIds, communeNames } = levelData.index;

  const runOne = async (settings: ScenarioSettings, signal: AbortSignal): Promise<ScenarioRun> => {
    const result = (await pool.run('floodLevel', levelInput(shared.dem, shared, settings, nodataIsSea), {
      signal,
      transfer: 'none',
    })) as LevelResult;
    return { settings, result, outcome: createOutcome(result.exposure, communeIds, communeNames, result.statistics.waterLevelMetres) };
  };

  const start = async (settings: ScenarioSettings, comparison: ScenarioSettings | null) => {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const started = performance.now();
    try {
      const [main, other] = await Promise.all([runOne(settings, current.signal), comparison ? runOne(comparison, current.signal) : null]);
      if (current.signal.aborted) return;
      const delivery = { main, comparison: other, milliseconds: performance.now() - started };
      for (const listener of resultListeners) listener(delivery);
      const surfaceOf = (run: ScenarioRun) =>
        pool.run(
          'floodMesh',
          { depth: run.result.depth, waterLevelMetres: run.result.statistics.waterLevelMetres },
          // The depth grid is not needed here after its run: moved to the worker, not copied.
          { signal: current.signal, transfer: 'auto' },
        ) as Promise<FloodSurface>;
      const [mainSurface, otherSurface] = await Promise.all([surfaceOf(main), other ? surfaceOf(other) : null]);
      if (current.signal.aborted) return;
      for (const listener of surfaceListeners)
        listener({ main: mainSurface, comparison: otherSurface, milliseconds: performance.now() - started });
    } catch (error) {
      if (current.signal.aborted || isJumeauError(error, 'aborted')) return;
      for (const listener of errorListeners) listener(error);
    }
  };

  return {
    request(settings, comparison, requestOptions = {}) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (requestOptions.immediately) {
        void start(settings, comparison);
        return;
      }
      timer = setTimeout(() => {
        timer = null;
        void start(settings, comparison);
      }, DEBOUNCE_MILLISECONDS);
    },
    onResult: (listener) => void resultListeners.push(listener),
    onError: (listener) => void errorListeners.push(listener),
    onSurfaces: (listener) => void surfaceListeners.push(listener),
    shared,
    async sweep(levels, settings) {
      const { stillWaterLevelMetres: _level, ...input } = levelInput(shared.dem, shared, settings, nodataIsSea);
      const margin = floodLevelOf(settings) - settings.stillWaterLevelMetres;
      const points = (await pool.run(
        'floodSweep',
        { ...input, levels: levels.map((level) => level + margin) },
        { transfer: 'none' },
      )) as SweepPoint[];
      return points.map((point, index) => ({ ...point, levelMetres: levels[index] as number }));
    },
  };
}
