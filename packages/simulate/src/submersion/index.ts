/** Static submersion with hydraulic connectivity. */
export type { StaticSubmersionOptions, StaticSubmersionResult } from './static-submersion.js';
export type { SubmersionStatistics } from './statistics.js';
export type { SeedPoint } from './seeds.js';
export { computeStaticSubmersion } from './static-submersion.js';
