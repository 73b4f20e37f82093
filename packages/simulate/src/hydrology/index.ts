/** Hydrology: Priority-Flood depression filling, D8 flow directions, flow accumulation, watersheds. */
export type { FillDepressionsOptions } from './priority-flood.js';
export type { WatershedOptions } from './watershed.js';
export type { FlowDirectionsOptions } from './flow-directions.js';
export { fillDepressions } from './priority-flood.js';
export { computeFlowDirections } from './flow-directions.js';
export { FLOW_ACCUMULATION_NODATA, computeFlowAccumulation } from './flow-accumulation.js';
export { computeWatershed } from './watershed.js';
export { D8_CODES, FLOW_DIRECTION_NODATA, NO_FLOW_DIRECTION } from './d8.js';
export { nextUpFloat32, nextUpFloat64 } from './next-up.js';
