/**
 * What the page shows for one scenario, from the worker's sums: rows per commune, the "outside every commune"
 * row and the totals (people, buildings and equipment over the whole DEM — as `jumeau exposure` totals them —,
 * flooded area over the communes only, since outside them it is mostly the sea).
 */
import { Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { LevelExposure } from './level-exposure.js';
import { totalOf } from './level-exposure.js';

/** One row of the results table. */
export interface OutcomeRow {
  readonly communeId: string;
  readonly communeName: string;
  readonly floodedAreaSquareMetres: number;
  readonly people: number;
  readonly buildings: number;
  /** Exposed equipment per category. */
  readonly equipment: Readonly<Record<string, number>>;
}

/** The indicators of one scenario. */
export interface ScenarioOutcome {
  /** Water level W flooded to (m NGF): still-water level + practice margin + sea-level rise. */
  readonly waterLevelMetres: number;
  readonly byCommune: readonly OutcomeRow[];
  /** People, buildings, equipment outside every commune (ports, oyster huts…); its flooded area is mostly sea. */
  readonly outside: OutcomeRow;
  readonly total: OutcomeRow;
}

function rowAt(exposure: LevelExposure, slot: number, communeId: string, communeName: string): OutcomeRow {
  return {
    communeId,
    communeName,
    floodedAreaSquareMetres: exposure.floodedAreaSquareMetres[slot] as number,
    people: exposure.population.people?.[slot] ?? 0,
    buildings: exposure.buildings[slot] as number,
    equipment: Object.fromEntries(Object.entries(exposure.equipment).map(([name, values]) => [name, values[slot] as number])),
  };
}

/**
 * Builds the outcome of one level's exposure.
 *
 * @example
 * ```ts
 * const outcome = createOutcome(result.exposure, index.communeIds, index.communeNames, result.statistics.waterLevelMetres)
 * outcome.total.people
 * ```
 */
export function createOutcome(
  exposure: LevelExposure,
  communeIds: readonly string[],
  communeNames: readonly string[],
  waterLevelMetres: number,
): ScenarioOutcome {
  const byCommune = communeIds.map((id, slot) => rowAt(exposure, slot, id, communeNames[slot] ?? id));
  const outside = rowAt(exposure, communeIds.length, 'hors-communes', 'Hors communes');
  const total: OutcomeRow = {
    communeId: 'total',
    communeName: 'Total',
    floodedAreaSquareMetres: totalOf(exposure.floodedAreaSquareMetres, { includeOutside: false }),
    people: totalOf(exposure.population.people, { includeOutside: true }),
    buildings: totalOf(exposure.buildings, { includeOutside: true }),
    equipment: Object.fromEntries(
      Object.entries(exposure.equipment).map(([name, values]) => [name, totalOf(values, { includeOutside: true })]),
    ),
  };
  return { waterLevelMetres, byCommune, outside, total };
}

/**
 * The per-commune rows as an Arrow table (`communeId`, `communeName`, `floodedAreaSquareMetres`, `people`,
 * `buildings`), the shape `compareScenarios` of @jumeau/simulate takes.
 *
 * @example
 * ```ts
 * compareScenarios(outcomeTable(a), outcomeTable(b)) // people:delta per commune
 * ```
 */
export function outcomeTable(outcome: ScenarioOutcome): Table {
  const rows = [...outcome.byCommune, outcome.outside];
  return new Table({
    communeId: vectorFromArray(
      rows.map((row) => row.communeId),
      new Utf8(),
    ),
    communeName: vectorFromArray(
      rows.map((row) => row.communeName),
      new Utf8(),
    ),
    floodedAreaSquareMetres: vectorFromArray(
      rows.map((row) => row.floodedAreaSquareMetres),
      new Float64(),
    ),
    people: vectorFromArray(
      rows.map((row) => row.people),
      new Float64(),
    ),
    buildings: vectorFromArray(
      rows.map((row) => row.buildings),
      new Float64(),
    ),
  });
}
