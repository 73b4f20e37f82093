import type { Data, Table } from 'apache-arrow';
import { JumeauError } from '../errors.js';
import { describeGeometryColumn, type GeometryColumnInfo } from './feature-table.js';
import { NESTING_DEPTH, type GeoArrowEncoding } from './geoarrow.js';

/** A GeoJSON geometry object as produced by {@link readGeometry}. */
export interface GeoJSONGeometry {
  readonly type: 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';
  readonly coordinates: unknown[];
}

const GEOJSON_TYPE: Readonly<Record<GeoArrowEncoding, GeoJSONGeometry['type']>> = {
  'geoarrow.point': 'Point',
  'geoarrow.linestring': 'LineString',
  'geoarrow.polygon': 'Polygon',
  'geoarrow.multipoint': 'MultiPoint',
  'geoarrow.multilinestring': 'MultiLineString',
  'geoarrow.multipolygon': 'MultiPolygon',
};

/** The flat buffers of one record batch's geometry column: interleaved coordinates and one offsets array per level. */
export interface GeometryBuffers {
  readonly encoding: GeoArrowEncoding;
  /** 2 for xy, 3 for xyz. */
  readonly stride: number;
  /** Interleaved coordinates (a view of the Arrow buffer, not a copy). Index with `stride`. */
  readonly coordinates: Float64Array;
  /** Offsets from the outermost level (features) to the innermost (vertices); empty for points. */
  readonly offsets: readonly Int32Array[];
  /** Number of geometries (rows) in the batch. */
  readonly length: number;
  /** Arrow validity of row `index` (false for a null geometry). */
  readonly isValid: (index: number) => boolean;
}

/**
 * Zero-copy access to the geometry buffers of each record batch, for kernels that loop over coordinates.
 * Offsets are absolute into `coordinates` (vertices) or into the next level, GeoArrow style; a batch's
 * slice offset is already applied to the first level.
 */
export function geometryBuffers(table: Table, column?: string): GeometryBuffers[] {
  const info = describeGeometryColumn(table, column);
  const vector = table.getChildAt(info.index);
  if (!vector) throw new JumeauError('internal', `Geometry column ${info.name} has no vector`);
  return vector.data.map((data) => buffersOf(data as Data, info));
}

function buffersOf(data: Data, info: GeometryColumnInfo): GeometryBuffers {
  const depth = NESTING_DEPTH[info.encoding];
  const stride = info.dimensions.length;
  const offsets: Int32Array[] = [];
  let level: Data = data;
  // Arrow JS slices value and offset buffers eagerly (and a fixed-size list's children): `Data.offset` only
  // indexes the validity bitmap, so the buffers below are used as they are.
  for (let index = 0; index < depth; index += 1) {
    offsets.push(level.valueOffsets as Int32Array);
    level = level.children[0] as Data;
  }
  const coordinates = (level.children[0] as Data).values as Float64Array;
  return {
    encoding: info.encoding,
    stride,
    coordinates,
    offsets,
    length: data.length,
    isValid: (index: number) => data.getValid(index),
  };
}

function readLevel(buffers: GeometryBuffers, level: number, index: number): unknown[] {
  const depth = buffers.offsets.length;
  if (level === depth) {
    const start = index * buffers.stride;
    const position = [buffers.coordinates[start] as number, buffers.coordinates[start + 1] as number];
    if (buffers.stride === 3 && !Number.isNaN(buffers.coordinates[start + 2])) position.push(buffers.coordinates[start + 2] as number);
    return position;
  }
  const offsets = buffers.offsets[level] as Int32Array;
  const out: unknown[] = [];
  for (let child = offsets[index] as number; child < (offsets[index + 1] as number); child += 1)
    out.push(readLevel(buffers, level + 1, child));
  return out;
}

/** The GeoJSON geometry of one row of a batch's buffers, or null for a null geometry. */
export function readGeometryFromBuffers(buffers: GeometryBuffers, index: number): GeoJSONGeometry | null {
  if (!buffers.isValid(index)) return null;
  return { type: GEOJSON_TYPE[buffers.encoding], coordinates: readLevel(buffers, 0, index) };
}

/**
 * The GeoJSON geometry of row `row` of a feature table (null for a null geometry).
 *
 * @example
 * ```ts
 * readGeometry(communes, 0) // { type: 'MultiPolygon', coordinates: [[[[-1.25, 45.9], …]]] }
 * ```
 */
export function readGeometry(table: Table, row: number, column?: string): GeoJSONGeometry | null {
  if (!Number.isSafeInteger(row) || row < 0 || row >= table.numRows) {
    throw new JumeauError('input', `Row ${row} is outside the table (0…${table.numRows - 1})`);
  }
  let start = 0;
  for (const buffers of geometryBuffers(table, column)) {
    if (row < start + buffers.length) return readGeometryFromBuffers(buffers, row - start);
    start += buffers.length;
  }
  throw new JumeauError('internal', `Row ${row} not found in any batch`);
}
