/**
 * Sea-level rise scenarios: IPCC AR6 WG1 projections (Fox-Kemper et al. 2021, chapter 9, Table 9.9 and SPM B.5.3)
 * and the levels of French coastal-risk practice (circular of 27 July 2011, guide PPRL 2014).
 */
import { JumeauError, validate } from '@jumeau/core';
import { z } from 'zod';

/** IPCC AR6 Shared Socioeconomic Pathways covered by the table. */
export type SeaLevelScenario = 'SSP1-2.6' | 'SSP2-4.5' | 'SSP5-8.5';
/** Horizons covered by the table (calendar years). */
export type SeaLevelHorizon = 2030 | 2050 | 2100;

/** One projection: sea-level rise (m) relative to the 1995–2014 mean, median and likely (17th–83rd pct) range. */
export interface SeaLevelProjection {
  readonly scenario: SeaLevelScenario;
  readonly horizonYear: SeaLevelHorizon;
  /**
   * Where the numbers hold: `global-mean` for the built-in table; `psmsl:<id>` for a tide gauge's relative sea level
   * read from the NASA/IPCC AR6 tool with {@link readAr6ProjectionTool} (e.g. `psmsl:1` Brest).
   */
  readonly region: 'global-mean' | `psmsl:${string}`;
  readonly medianMetres: number;
  readonly likelyLowMetres: number;
  readonly likelyHighMetres: number;
  /** Baseline of the rise: always the 1995–2014 mean in AR6. */
  readonly baseline: '1995-2014';
  readonly source: string;
}

const AR6_SOURCE =
  'IPCC AR6 WG1 (Fox-Kemper et al. 2021, ch. 9, Table 9.9; SPM B.5.3): global mean sea-level rise, medium-confidence processes, relative to 1995–2014';

const rows: ReadonlyArray<readonly [SeaLevelScenario, SeaLevelHorizon, number, number, number]> = [
  ['SSP1-2.6', 2030, 0.09, 0.08, 0.12],
  ['SSP1-2.6', 2050, 0.19, 0.16, 0.25],
  ['SSP1-2.6', 2100, 0.44, 0.32, 0.62],
  ['SSP2-4.5', 2030, 0.09, 0.08, 0.12],
  ['SSP2-4.5', 2050, 0.2, 0.17, 0.26],
  ['SSP2-4.5', 2100, 0.56, 0.44, 0.76],
  ['SSP5-8.5', 2030, 0.1, 0.09, 0.12],
  ['SSP5-8.5', 2050, 0.23, 0.2, 0.29],
  ['SSP5-8.5', 2100, 0.77, 0.63, 1.01],
];

/**
 * AR6 global-mean sea-level rise (m, relative to 1995–2014) by scenario and horizon: median and likely range.
 *
 * @example
 * ```ts
 * SEA_LEVEL_PROJECTIONS.filter((row) => row.horizonYear === 2100) // 0.44 / 0.56 / 0.77 m
 * ```
 */
export const SEA_LEVEL_PROJECTIONS: readonly SeaLevelProjection[] = rows.map(([scenario, horizonYear, median, low, high]) => ({
  scenario,
  horizonYear,
  region: 'global-mean',
  medianMetres: median,
  likelyLowMetres: low,
  likelyHighMetres: high,
  baseline: '1995-2014',
  source: AR6_SOURCE,
}));

const lookupSchema = z.object({
  scenario: z.enum(['SSP1-2.6', 'SSP2-4.5', 'SSP5-8.5']),
  horizonYear: z.union([z.literal(2030), z.literal(2050), z.literal(2100)]),
});

/**
 * The AR6 projection of one scenario at one horizon, from the built-in global-mean table or from `projections` (a
 * tide gauge's table read with {@link readAr6ProjectionTool}). Throws `input` for a scenario or horizon not in it.
 *
 * @example
 * ```ts
 * seaLevelProjection('SSP5-8.5', 2100).likelyHighMetres // 1.01 (global mean)
 * seaLevelProjection('SSP2-4.5', 2100, brest).medianMetres // Brest's relative sea level, from the AR6 tool's table
 * ```
 */
export function seaLevelProjection(
  scenario: SeaLevelScenario,
  horizonYear: SeaLevelHorizon,
  projections: readonly SeaLevelProjection[] = SEA_LEVEL_PROJECTIONS,
): SeaLevelProjection {
  const parsed = validate(lookupSchema, { scenario, horizonYear }, 'sea-level scenario');
  const found = projections.find((row) => row.scenario === parsed.scenario && row.horizonYear === parsed.horizonYear);
  if (!found) {
    throw new JumeauError('input', `No sea-level row for ${scenario} in ${horizonYear} in the table given (${projections.length} rows)`, {
      details: { scenario, horizonYear },
    });
  }
  return found;
}

/** The two horizons of French coastal flood-risk plans (PPRL). */
export type PracticeHorizon = 'present' | '2100';

/**
 * Sea-level rise allowances of French practice (metres added to the reference event, "événement de référence"):
 * circular of 27 July 2011 on coastal flooding in PPRL and the DGPR guide "Plans de prévention des risques
 * littoraux" (May 2014): +0.20 m now (a first effect of climate change), +0.60 m at the 2100 horizon.
 *
 * @example
 * ```ts
 * FRENCH_PRACTICE_ALLOWANCES_METRES['2100'] // 0.6
 * ```
 */
export const FRENCH_PRACTICE_ALLOWANCES_METRES: Readonly<Record<PracticeHorizon, number>> = { present: 0.2, '2100': 0.6 };

const practiceSchema = z.object({
  referenceEventLevelMetres: z.number().finite(),
  horizon: z.enum(['present', '2100']),
});

/**
 * The water level of French practice: reference event (m, e.g. NGF-IGN69) + 0.20 m now or + 0.60 m in 2100.
 *
 * @example
 * ```ts
 * practiceWaterLevel(4.5, '2100') // 5.1 m NGF for a 4.5 m NGF reference event
 * ```
 */
export function practiceWaterLevel(referenceEventLevelMetres: number, horizon: PracticeHorizon): number {
  const parsed = validate(practiceSchema, { referenceEventLevelMetres, horizon }, 'practice water level');
  return parsed.referenceEventLevelMetres + FRENCH_PRACTICE_ALLOWANCES_METRES[parsed.horizon];
}
