/** Scenario runner: one flood scenario's indicators, sweeps on a worker pool, comparisons. */
export type { FloodScenarioInput, FloodScenarioResult } from './flood-scenario.js';
export type { ScenarioRunner, ScenarioSweepOptions } from './sweep.js';
export { computeFloodScenario } from './flood-scenario.js';
export { parseLevels, runScenarioSweep, scenarioTable } from './sweep.js';
export { compareScenarios } from './compare.js';
