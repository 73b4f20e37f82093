/** Exposure: who and what a flood reaches, per commune. */
export type { ExposureInput, ExposureResult } from './exposure.js';
export type { PopulationCells, PopulationSource } from './population.js';
export { computeExposure } from './exposure.js';
export { featureCentroid } from './feature-centroid.js';
export { readInseeGridCells } from './population.js';
