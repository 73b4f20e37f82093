/**
 * The small read-only status the end-to-end test and the benchmark read: `window.__jumeau`.
 */
import type { ScenarioOutcome } from '../model/outcome.js';

/** The last result, as the page shows it (unrounded). */
export interface StatusResult {
  /** Water level W, m NGF. */
  readonly level: number;
  readonly people: number;
  readonly buildings: number;
  readonly floodedAreaSquareMetres: number;
  readonly byCommune: ReadonlyArray<{
    communeId: string;
    communeName: string;
    people: number;
    buildings: number;
    floodedAreaSquareMetres: number;
  }>;
}

/** The last shoreline retreat shown (unrounded). */
export interface StatusShoreline {
  readonly horizonYear: number;
  readonly areaLostSquareMetres: number;
  /** Area of the band on the DEM grid (cells whose centre is in it), m². */
  readonly bandCellsAreaSquareMetres: number;
  readonly people: number;
  readonly buildings: number;
  readonly transectCount: number;
}

/** `window.__jumeau`. */
export interface AppStatus {
  readonly ready: boolean;
  readonly lastResult: StatusResult | null;
  readonly lastShoreline: StatusShoreline | null;
  readonly runs: number;
  readonly timings: {
    readonly firstViewMilliseconds: number | null;
    readonly lastRunMilliseconds: number | null;
    /** `performance.now()` when the last result was shown (the frames before it were drawn while the kernel ran). */
    readonly lastResultAtMilliseconds: number | null;
    /** `performance.now()` when the last result's water was handed to the view (its redraw follows). */
    readonly lastWaterAtMilliseconds: number | null;
  };
  readonly error: string | null;
}

declare global {
  interface Window {
    __jumeau?: AppStatus;
  }
}

let status: AppStatus = {
  ready: false,
  lastResult: null,
  lastShoreline: null,
  runs: 0,
  timings: { firstViewMilliseconds: null, lastRunMilliseconds: null, lastResultAtMilliseconds: null, lastWaterAtMilliseconds: null },
  error: null,
};

function publish(next: AppStatus): void {
  status = Object.freeze({ ...next, timings: Object.freeze({ ...next.timings }) });
  window.__jumeau = status;
}

/**
 * Records a delivered result (and counts the run).
 *
 * @example
 * ```ts
 * recordResult(outcome, 42)
 * ```
 */
export function recordResult(outcome: ScenarioOutcome, milliseconds: number): void {
  publish({
    ...status,
    runs: status.runs + 1,
    timings: { ...status.timings, lastRunMilliseconds: milliseconds, lastResultAtMilliseconds: performance.now() },
    lastResult: {
      level: outcome.waterLevelMetres,
      people: outcome.total.people,
      buildings: outcome.total.buildings,
      floodedAreaSquareMetres: outcome.total.floodedAreaSquareMetres,
      byCommune: outcome.byCommune.map(({ communeId, communeName, people, buildings, floodedAreaSquareMetres }) => ({
        communeId,
        communeName,
        people,
        buildings,
        floodedAreaSquareMetres,
      })),
    },
  });
}

/**
 * Records the shoreline retreat the page shows.
 *
 * @example
 * ```ts
 * recordShoreline({ horizonYear: 2100, areaLostSquareMetres: 485_116, bandCellsAreaSquareMetres: 480_600, people: 0, buildings: 0, transectCount: 101 })
 * ```
 */
export function recordShoreline(shoreline: StatusShoreline): void {
  publish({ ...status, lastShoreline: Object.freeze({ ...shoreline }) });
}

/**
 * Records that the last result's water surfaces were handed to the view.
 *
 * @example
 * ```ts
 * recordWater()
 * ```
 */
export function recordWater(): void {
  publish({ ...status, timings: { ...status.timings, lastWaterAtMilliseconds: performance.now() } });
}

/**
 * Marks the first meaningful view (terrain drawn and first results shown): `performance.mark('jumeau:first-view')`.
 *
 * @example
 * ```ts
 * recordFirstView()
 * ```
 */
export function recordFirstView(): void {
  if (status.ready) return;
  performance.mark('jumeau:first-view');
  publish({ ...status, ready: true, timings: { ...status.timings, firstViewMilliseconds: performance.now() } });
}

/**
 * Records a fatal error (the error page is shown).
 *
 * @example
 * ```ts
 * recordError(error)
 * ```
 */
export function recordError(error: unknown): void {
  publish({ ...status, error: error instanceof Error ? error.message : String(error) });
}

publish(status);
