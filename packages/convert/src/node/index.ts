/**
 * Node-only helpers of @jumeau/convert (they use `node:fs`).
 * @packageDocumentation
 */

// Rasters
export { openFileSource } from './raster/file-source.js';
export type { ReadGeoTIFFParallelOptions } from './raster/geotiff-file.js';
export { readGeoTIFFFile, readGeoTIFFFileInfo, readGeoTIFFParallel, writeCOGFile } from './raster/geotiff-file.js';

// Reprojection
export { NTF_GRID_FILE_NAME, findNtfGrid, loadNtfGrid } from '../reproject/node/load-ntf-grid.js';

// Vectors and aggregation
export { readFeatureTableFile } from './vectors/feature-table-file.js';
export { readShapefileFile } from './vectors/shapefile-file.js';
export { readGeoParquetFile } from './vectors/geoparquet-file.js';
