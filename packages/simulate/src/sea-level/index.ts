/** Sea-level rise scenarios (IPCC AR6) and French practice levels. */
export type { PracticeHorizon, SeaLevelHorizon, SeaLevelProjection, SeaLevelScenario } from './scenarios.js';
export { FRENCH_PRACTICE_ALLOWANCES_METRES, SEA_LEVEL_PROJECTIONS, practiceWaterLevel, seaLevelProjection } from './scenarios.js';
