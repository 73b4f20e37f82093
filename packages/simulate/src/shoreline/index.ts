/** Shoreline retreat: MobiTC rates per transect and their projection to a horizon. */
export type { ShorelineObservation } from './observations.js';
export type { TransectRates } from './rates.js';
export type { ProjectedTransect, ProjectShorelineOptions, ShorelineProjection, ShorelineRateMethod } from './project.js';
export { decimalYear, shorelineDate } from './dates.js';
export { readMobiTCIntersections } from './observations.js';
export { computeShorelineRates } from './rates.js';
export { projectShoreline } from './project.js';
export type { ShorelineExposureInput, ShorelineExposureResult } from './shoreline-exposure.js';
export { burnErosionBand, computeShorelineExposure } from './shoreline-exposure.js';
