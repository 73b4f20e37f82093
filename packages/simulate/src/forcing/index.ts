/** Forcing readers: boundary water levels of storm events. */
export type { BoundarySeries } from './lisflood-boundary.js';
export { peakBoundaryLevel, readLisfloodBoundary } from './lisflood-boundary.js';
