import { Field, FixedSizeList, Float64, List, type DataType } from 'apache-arrow';

/** The GeoArrow native encodings Jumeau reads and writes (extension names of the GeoArrow 0.2 spec). */
export type GeoArrowEncoding =
  | 'geoarrow.point'
  | 'geoarrow.linestring'
  | 'geoarrow.polygon'
  | 'geoarrow.multipoint'
  | 'geoarrow.multilinestring'
  | 'geoarrow.multipolygon';

/** Coordinate dimensions of a geometry column. */
export type CoordinateDimensions = 'xy' | 'xyz';

/** Field metadata keys of the Arrow extension type mechanism. */
export const EXTENSION_NAME_KEY = 'ARROW:extension:name';
export const EXTENSION_METADATA_KEY = 'ARROW:extension:metadata';

/** Number of list levels above the coordinates, per encoding (point 0 … multipolygon 3). */
export const NESTING_DEPTH: Readonly<Record<GeoArrowEncoding, number>> = {
  'geoarrow.point': 0,
  'geoarrow.linestring': 1,
  'geoarrow.multipoint': 1,
  'geoarrow.polygon': 2,
  'geoarrow.multilinestring': 2,
  'geoarrow.multipolygon': 3,
};

const LEVEL_NAMES: Readonly<Record<GeoArrowEncoding, readonly string[]>> = {
  'geoarrow.point': [],
  'geoarrow.linestring': ['vertices'],
  'geoarrow.multipoint': ['points'],
  'geoarrow.polygon': ['rings', 'vertices'],
  'geoarrow.multilinestring': ['linestrings', 'vertices'],
  'geoarrow.multipolygon': ['polygons', 'rings', 'vertices'],
};

/** The interleaved coordinate type: `FixedSizeList<double>[2|3]` with child field `xy`/`xyz`. */
export function coordinateType(dimensions: CoordinateDimensions): FixedSizeList<Float64> {
  return new FixedSizeList(dimensions.length, new Field(dimensions, new Float64(), false));
}

/** The Arrow storage type of a GeoArrow encoding (interleaved coordinates). */
export function geometryStorageType(encoding: GeoArrowEncoding, dimensions: CoordinateDimensions): DataType {
  let type: DataType = coordinateType(dimensions);
  const names = LEVEL_NAMES[encoding];
  for (let level = names.length - 1; level >= 0; level -= 1) {
    type = new List(new Field(names[level] as string, type, false));
  }
  return type;
}

/** The GeoArrow extension metadata for a CRS given as an EPSG code. */
export function geoArrowMetadata(crs: number): string {
  return JSON.stringify({ crs: `EPSG:${crs}`, crs_type: 'authority_code' });
}
