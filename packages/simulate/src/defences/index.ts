/** Coastal defences burnt into barrier grids for the submersion kernel. */
export type { DefenceGrids, RasterizeDefencesOptions } from './defences.js';
export { rasterizeDefences } from './defences.js';
