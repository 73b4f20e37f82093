/**
 * A flood scenario as the user sets it: still-water level, horizon × IPCC scenario, French practice margin,
 * defences and connectivity — and the water level W it gives (m of the DEM's vertical datum).
 */
import { FRENCH_PRACTICE_ALLOWANCES_METRES, type SeaLevelScenario, seaLevelProjection } from '@jumeau/simulate';

/** `today` (no sea-level rise) or an AR6 horizon year. */
export type Horizon = 'today' | 2050 | 2100;

/** Margin of French coastal-risk practice added to the reference level: none, +0.20 m (today) or +0.60 m (2100). */
export type PracticeMargin = 'none' | 'present' | '2100';

/** The controls of one scenario. */
export interface ScenarioSettings {
  /** Still-water level, m NGF (e.g. Xynthia's peak, 4.541 m at Oléron). */
  readonly stillWaterLevelMetres: number;
  readonly horizon: Horizon;
  readonly climate: SeaLevelScenario;
  readonly practice: PracticeMargin;
  readonly defences: 'intact' | 'breached';
  readonly connectivity: 4 | 8;
}

/**
 * The default scenario: the given reference level today, no margin, defences intact, 8-connectivity.
 *
 * @example
 * ```ts
 * defaultScenario(4.541).stillWaterLevelMetres // 4.541
 * ```
 */
export function defaultScenario(referenceLevelMetres: number): ScenarioSettings {
  return {
    stillWaterLevelMetres: referenceLevelMetres,
    horizon: 'today',
    climate: 'SSP2-4.5',
    practice: 'none',
    defences: 'intact',
    connectivity: 8,
  };
}

/**
 * Sea-level rise of the scenario (m): 0 today, else the AR6 global-mean median of its climate scenario.
 *
 * @example
 * ```ts
 * seaLevelRiseOf({ ...defaultScenario(4.541), horizon: 2100, climate: 'SSP5-8.5' }) // 0.77
 * ```
 */
export function seaLevelRiseOf(settings: ScenarioSettings): number {
  return settings.horizon === 'today' ? 0 : seaLevelProjection(settings.climate, settings.horizon).medianMetres;
}

/**
 * Practice margin of the scenario (m): 0, 0.20 or 0.60.
 *
 * @example
 * ```ts
 * practiceMarginOf({ ...defaultScenario(4.541), practice: '2100' }) // 0.6
 * ```
 */
export function practiceMarginOf(settings: ScenarioSettings): number {
  return settings.practice === 'none' ? 0 : FRENCH_PRACTICE_ALLOWANCES_METRES[settings.practice];
}

/**
 * The still-water level the kernel floods to (before sea-level rise): the set level plus the practice margin.
 * The kernel adds {@link seaLevelRiseOf} itself; W = this + that.
 *
 * @example
 * ```ts
 * floodLevelOf({ ...defaultScenario(4.541), practice: 'present' }) // 4.741
 * ```
 */
export function floodLevelOf(settings: ScenarioSettings): number {
  return Math.round((settings.stillWaterLevelMetres + practiceMarginOf(settings)) * 1e6) / 1e6;
}

const decimal = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A short French label, e.g. "4,54 m NGF + 0,60 m (marge 2100) + 0,77 m (SSP5-8.5, 2100), digues rompues".
 *
 * @example
 * ```ts
 * describeScenario(defaultScenario(4.541)) // "4,54 m NGF, digues intactes"
 * ```
 */
export function describeScenario(settings: ScenarioSettings): string {
  const parts = [`${decimal.format(settings.stillWaterLevelMetres)} m NGF`];
  if (settings.practice !== 'none') {
    parts.push(`+ ${decimal.format(practiceMarginOf(settings))} m (marge ${settings.practice === 'present' ? 'actuelle' : '2100'})`);
  }
  if (settings.horizon !== 'today')
    parts.push(`+ ${decimal.format(seaLevelRiseOf(settings))} m (${settings.climate}, ${settings.horizon})`);
  const connectivity = settings.connectivity === 4 ? ', 4-connexité' : '';
  return `${parts.join(' ')}, digues ${settings.defences === 'intact' ? 'intactes' : 'rompues'}${connectivity}`;
}
