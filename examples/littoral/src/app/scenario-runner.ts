/**
 * Runs scenarios in the worker pool as the user moves a control: debounced (50 ms), the previous run cancelled
 * with an AbortSignal, only the latest result delivered. The main thread only posts messages and draws.
 */
import { type Grid, isJumeauError } from '@jumeau/core';
import type { WorkerPool } from '@jumeau/workers';
import { type ScenarioOutcome, createOutcome } from '../model/outcome.js';
import { type ScenarioSettings, floodLevelOf, seaLevelRiseOf } from '../model/scenario.js';
import type { TerritoryIndex } from '../model/territory-index.js';
import type { FloodSurface, LevelResult, SweepPoint, littoralTasks } from '../worker/littoral-tasks.js';
import type { TerrainMesh } from '@jumeau/layers';

/** What `prepareTerritory` gave back (kept on the main thread, copied into each run). */
export interface PreparedTerritory {
  readonly index: TerritoryIndex;
  readonly intactBarrier: Grid<Float32Array> | null;
  readonly breachedBarrier: Grid<Float32Array> | null;
  readonly breaches: Grid<Uint8Array> | null;
  /** The terrain mesh (built in the worker). */
  readonly terrainMesh: TerrainMesh;
  /** Time the worker spent preparing, ms. */
  readonly milliseconds: number;
}

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
  /** Schedules the scenario (and its comparison); earlier pending or running requests are cancelled. */
  request(settings: ScenarioSettings, comparison: ScenarioSettings | null): void;
  onResult(listener: (delivery: RunDelivery) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** The water surfaces of the delivered results, built after them (the numbers do not wait for the meshes). */
  onSurfaces(listener: (surfaces: { main: FloodSurface; comparison: FloodSurface | null; milliseconds: number }) => void): void;
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
 * await pool.run('floodLevel', levelInput(dem, prepared, settings, manifest.dem.nodataIsSea), { transfer: 'none' })
 * ```
 */
export function levelInput(dem: Grid, prepared: PreparedTerritory, settings: ScenarioSettings, nodataIsSea = false) {
  const breached = settings.defences === 'breached';
  const barrier = breached ? prepared.breachedBarrier : prepared.intactBarrier;
  return {
    dem,
    index: prepared.index,
    stillWaterLevelMetres: floodLevelOf(settings),
    seaLevelRiseMetres: seaLevelRiseOf(settings),
    connectivity: settings.connectivity,
    nodataIsSea,
    ...(barrier ? { barrier } : {}),
    ...(breached && prepared.breaches ? { breaches: prepared.breaches } : {}),
  };
}

/**
 * Creates the runner over a pool of `littoralTasks` workers.
 *
 * @example
 * ```ts
 * const runner = createScenarioRunner(pool, dem, prepared)
 * runner.onResult(({ main }) => renderResults(container, main.outcome))
 * runner.request(settings, null)
 * ```
 */
export function createScenarioRunner(
  pool: WorkerPool<typeof littoralTasks>,
  dem: Grid,
  prepared: PreparedTerritory,
  options: { readonly nodataIsSea?: boolean } = {},
): ScenarioRunner {
  const nodataIsSea = options.nodataIsSea ?? false;
  const resultListeners: Array<(delivery: RunDelivery) => void> = [];
  const errorListeners: Array<(error: unknown) => void> = [];
  const surfaceListeners: Array<(surfaces: { main: FloodSurface; comparison: FloodSurface | null; milliseconds: number }) => void> = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller: AbortController | null = null;
  const { communeIds, communeNames } = prepared.index;

  const runOne = async (settings: ScenarioSettings, signal: AbortSignal): Promise<ScenarioRun> => {
    const result = (await pool.run('floodLevel', levelInput(dem, prepared, settings, nodataIsSea), {
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
          { signal: current.signal, transfer: 'none' },
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
    request(settings, comparison) {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void start(settings, comparison);
      }, DEBOUNCE_MILLISECONDS);
    },
    onResult: (listener) => void resultListeners.push(listener),
    onError: (listener) => void errorListeners.push(listener),
    onSurfaces: (listener) => void surfaceListeners.push(listener),
    async sweep(levels, settings) {
      const { stillWaterLevelMetres: _level, ...input } = levelInput(dem, prepared, settings, nodataIsSea);
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
