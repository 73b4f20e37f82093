/**
 * @jumeau/simulate — simulation kernels for territorial digital twins: coastal submersion, sea-level scenarios,
 * hydrology, shoreline retreat and exposure. Every kernel is a pure function over core Grids / typed arrays /
 * Arrow tables, taking `{ signal, onProgress }`, so it runs in-thread or wrapped in a @jumeau/workers task.
 * @packageDocumentation
 */

// Types
export type { KernelOptions } from './kernel-options.js';
export type { SeedPoint, StaticSubmersionOptions, StaticSubmersionResult, SubmersionStatistics } from './submersion/index.js';
export type {
  PracticeHorizon,
  ReadAr6ProjectionToolOptions,
  SeaLevelHorizon,
  SeaLevelProjection,
  SeaLevelScenario,
} from './sea-level/index.js';
export type { FillDepressionsOptions, FlowDirectionsOptions, WatershedOptions } from './hydrology/index.js';
export type {
  ProjectShorelineOptions,
  ProjectedTransect,
  ShorelineObservation,
  ShorelineProjection,
  ShorelineExposureInput,
  ShorelineExposureResult,
  ShorelineRateMethod,
  TransectRates,
} from './shoreline/index.js';

// Static submersion (kernel 1)
export { computeStaticSubmersion } from './submersion/index.js';

// Sea-level scenarios (kernel 2)
export {
  FRENCH_PRACTICE_ALLOWANCES_METRES,
  SEA_LEVEL_PROJECTIONS,
  practiceWaterLevel,
  readAr6ProjectionTool,
  seaLevelProjection,
} from './sea-level/index.js';

// Hydrology (kernel 5)
export {
  D8_CODES,
  FLOW_ACCUMULATION_NODATA,
  FLOW_DIRECTION_NODATA,
  NO_FLOW_DIRECTION,
  computeFlowAccumulation,
  computeFlowDirections,
  computeWatershed,
  fillDepressions,
  nextUpFloat32,
  nextUpFloat64,
} from './hydrology/index.js';

// Worker tasks (the kernels above, for a @jumeau/workers pool; worker entry: src/workers/simulate.worker.ts)
export { simulateTasks } from './tasks.js';
export { createSimulatePool } from './pool.js';

// Shoreline retreat (kernel 4)
export {
  burnErosionBand,
  computeShorelineExposure,
  computeShorelineRates,
  decimalYear,
  projectShoreline,
  readMobiTCIntersections,
  shorelineDate,
} from './shoreline/index.js';

// Coastal defences and exposure (kernel 1 defences, kernel 3)
export type { DefenceGrids, RasterizeDefencesOptions } from './defences/index.js';
export type { ExposureInput, ExposureResult, PopulationCells, PopulationSource } from './exposure/index.js';
export { rasterizeDefences } from './defences/index.js';
export { computeExposure, featureCentroid, readInseeGridCells } from './exposure/index.js';

// Scenario runner (kernel 6)
export type { FloodScenarioInput, FloodScenarioResult, ScenarioRunner, ScenarioSweepOptions } from './scenarios/index.js';
export { compareScenarios, computeFloodScenario, parseLevels, runScenarioSweep, scenarioTable } from './scenarios/index.js';

// Forcing (storm water levels)
export type { BoundarySeries } from './forcing/index.js';
export { peakBoundaryLevel, readLisfloodBoundary } from './forcing/index.js';
