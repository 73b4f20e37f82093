/** Sea-level rise scenarios (IPCC AR6) and French practice levels. */
export type { PracticeHorizon, SeaLevelHorizon, SeaLevelProjection, SeaLevelScenario } from './scenarios.js';
export { FRENCH_PRACTICE_ALLOWANCES_METRES, SEA_LEVEL_PROJECTIONS, practiceWaterLevel, seaLevelProjection } from './scenarios.js';
export type { ReadAr6ProjectionToolOptions } from './ar6-projection-tool.js';
export { readAr6ProjectionTool } from './ar6-projection-tool.js';
