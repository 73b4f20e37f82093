import type { FeatureTable, Grid } from '@jumeau/core';
import type { Table } from 'apache-arrow';
import { computeExposure } from '../exposure/exposure.js';
import type { PopulationSource } from '../exposure/population.js';
import type { KernelOptions } from '../kernel-options.js';
import { computeStaticSubmersion } from '../submersion/static-submersion.js';
import type { SubmersionStatistics } from '../submersion/statistics.js';

/** One flood scenario: the territory (DEM, defences, exposure layers) and the levels. */
export interface FloodScenarioInput extends KernelOptions {
  readonly dem: Grid;
  readonly stillWaterLevelMetres: number;
  readonly seaLevelRiseMetres?: number;
  readonly connectivity?: 4 | 8;
  readonly barrier?: Grid;
  readonly breaches?: Grid;
  readonly communes: FeatureTable;
  readonly communeIdColumn: string;
  readonly communeNameColumn?: string;
  readonly population?: PopulationSource;
  readonly buildings?: FeatureTable;
  readonly buildingUseColumn?: string;
  readonly equipment?: FeatureTable;
  readonly equipmentCategoryColumn?: string;
}

/** The indicators of one scenario (the depth grid is not kept: sweeps return indicators only). */
export interface FloodScenarioResult {
  readonly statistics: SubmersionStatistics;
  /** Totals over the territory: `floodedAreaSquareMetres` (inside communes), `people`, `buildings`… */
  readonly totals: Readonly<Record<string, number>>;
  /** Per commune indicators (see `computeExposure`). */
  readonly byCommune: Table;
}

/**
 * Runs static submersion then exposure for one scenario and keeps the indicators: the unit of work of a sweep.
 *
 * @example
 * ```ts
 * const result = computeFloodScenario({ dem, stillWaterLevelMetres: 4.5, seaLevelRiseMetres: 0.6, communes, communeIdColumn: 'code' })
 * result.totals.people
 * ```
 */
export function computeFloodScenario(input: FloodScenarioInput): FloodScenarioResult {
  const half = (offset: number) => (fraction: number, message?: string) => input.onProgress?.(offset + fraction / 2, message);
  const { depth, statistics } = computeStaticSubmersion(input.dem, {
    stillWaterLevelMetres: input.stillWaterLevelMetres,
    seaLevelRiseMetres: input.seaLevelRiseMetres ?? 0,
    connectivity: input.connectivity ?? 8,
    ...(input.barrier ? { barrier: input.barrier } : {}),
    ...(input.breaches ? { breaches: input.breaches } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    onProgress: half(0),
  });
  const exposure = computeExposure({
    depth,
    communes: {
      table: input.communes,
      idColumn: input.communeIdColumn,
      ...(input.communeNameColumn ? { nameColumn: input.communeNameColumn } : {}),
    },
    ...(input.population ? { population: input.population } : {}),
    ...(input.buildings
      ? { buildings: { table: input.buildings, ...(input.buildingUseColumn ? { useColumn: input.buildingUseColumn } : {}) } }
      : {}),
    ...(input.equipment && input.equipmentCategoryColumn
      ? { equipment: { table: input.equipment, categoryColumn: input.equipmentCategoryColumn } }
      : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  input.onProgress?.(1, 'exposure');
  return { statistics, totals: exposure.totals, byCommune: exposure.byCommune };
}
