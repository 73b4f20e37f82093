/**
 * Node-only helpers of @jumeau/core (they use `node:fs`): locating the shared real-data folder.
 * @packageDocumentation
 */
export { SHARED_DIR_VARIABLE, findSharedDir, sharedDataPath, sharedPath } from './shared-data.js';
