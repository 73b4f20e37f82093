/**
 * @jumeau/core — the data model every Jumeau package speaks: georeferenced grids, GeoArrow feature tables,
 * the French CRS registry, one error class and input validation.
 * @packageDocumentation
 */

// Types
export type { Bounds, CellWindow, GeoTransform, Grid, GridArray, GridDataType } from './grid/types.js';
export type { CrsDefinition, LonLatBounds } from './crs/definitions.js';
export type { CrsLike } from './crs/registry.js';
export type { LegalCrs } from './crs/legal.js';
export type { JumeauErrorCode, JumeauErrorDetails, SerializedJumeauError } from './errors.js';
export type { FeatureTable, GeometryColumnInfo } from './table/feature-table.js';
export type { CoordinateDimensions, GeoArrowEncoding } from './table/geoarrow.js';
export type { GeoJSONFeatureCollection, FromGeoJSONOptions } from './table/from-geojson.js';
export type { GeoJSONFeature, GeoJSONFeatureCollectionOutput } from './table/to-geojson.js';
export type { GeoJSONGeometry, GeometryBuffers } from './table/read-geometry.js';
export type { CreateGridOptions } from './grid/create.js';

// Errors and validation
export {
  JUMEAU_ERROR_CODES,
  JumeauError,
  deserializeJumeauError,
  isJumeauError,
  sleep,
  throwIfAborted,
  toJumeauError,
} from './errors.js';
export { formatZodIssues, validate } from './validate.js';
export { DEFAULT_MAXIMUM_CELLS, assertCellCount, getMaximumCells, setMaximumCells } from './size-guard.js';

// CRS registry
export { CRS_DEFINITIONS } from './crs/definitions.js';
export { formatCrs, getCrs, hasCrs, listCrs, parseCrs, registerCrs } from './crs/registry.js';
export { conicConformalZoneFor, legalCrsFor } from './crs/legal.js';

// Grids
export { createGrid, createGridLike, gridDataType } from './grid/create.js';
export { GRID_DATA_TYPES, allocateGridArray, bytesPerElement, gridDataTypeOf, viewGridArray } from './grid/data-types.js';
export {
  assertSameGrid,
  cellArea,
  cellAt,
  cellToWorld,
  gridBounds,
  isAxisAligned,
  isNodata,
  isSameGrid,
  sampleGrid,
  worldToCell,
} from './grid/geometry.js';
export { cropGrid, windowForBounds } from './grid/window.js';
export { geoTransformSchema, gridMetadataSchema } from './grid/schema.js';
export {
  GRID_METADATA_KEY,
  GRID_VALUES_COLUMN,
  gridFromArrowIPC,
  gridFromArrowTable,
  gridToArrowIPC,
  gridToArrowTable,
} from './grid/arrow.js';

// Feature tables (GeoArrow)
export { EXTENSION_METADATA_KEY, EXTENSION_NAME_KEY, coordinateType, geometryStorageType } from './table/geoarrow.js';
export { describeGeometryColumn, featureTableCrs } from './table/feature-table.js';
export { featureTableFromGeoJSON } from './table/from-geojson.js';
export { float64Vector, utf8Vector } from './table/columns.js';
export { featureTableToGeoJSON } from './table/to-geojson.js';
export { geometryBuffers, readGeometry, readGeometryFromBuffers } from './table/read-geometry.js';
export { featureTableFromIPC, featureTableToIPC } from './table/ipc.js';
