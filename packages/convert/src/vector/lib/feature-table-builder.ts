import { Field, RecordBatch, Schema, Struct, Table, makeData, type Data, type Vector } from 'apache-arrow';
import { EXTENSION_METADATA_KEY, EXTENSION_NAME_KEY, geometryStorageType, type FeatureTable, type GeoArrowEncoding } from '@jumeau/core';
import { buildGeometryData } from './geometry-data.js';

/** Growable flat buffers of a geometry column under construction (interleaved xy, one offsets list per level). */
export interface GeometryBuilder {
  readonly encoding: GeoArrowEncoding;
  readonly coordinates: number[];
  /** From the outermost level to the innermost; each starts with 0. */
  readonly offsets: number[][];
  /** Rows whose geometry is null (left empty in the offsets). */
  readonly nullRows: Set<number>;
}

/** Offsets levels of each encoding (features → parts → rings → vertices). */
export const GEOMETRY_LEVELS: Readonly<Record<GeoArrowEncoding, number>> = {
  'geoarrow.point': 0,
  'geoarrow.multipoint': 1,
  'geoarrow.linestring': 1,
  'geoarrow.multilinestring': 2,
  'geoarrow.polygon': 2,
  'geoarrow.multipolygon': 3,
};

/** An empty builder: `offsets` has one `[0]` per nesting level of the encoding (default: the encoding's own). */
export function createGeometryBuilder(encoding: GeoArrowEncoding, levels = GEOMETRY_LEVELS[encoding]): GeometryBuilder {
  return { encoding, coordinates: [], offsets: Array.from({ length: levels }, () => [0]), nullRows: new Set() };
}

/**
 * A feature table from built geometry buffers and attribute vectors (same length), with the GeoArrow extension
 * metadata (encoding and EPSG code) on the geometry field.
 */
export function featureTableFromBuilder(builder: GeometryBuilder, crs: number, attributes: Readonly<Record<string, Vector>>): FeatureTable {
  const storageType = geometryStorageType(builder.encoding, 'xy');
  const rowCount = (builder.offsets[0]?.length ?? builder.coordinates.length / 2 + 1) - 1;
  const geometry = buildGeometryData(
    storageType,
    builder.offsets.map((offsets) => Int32Array.from(offsets)),
    Float64Array.from(builder.coordinates),
    2,
    (row) => !builder.nullRows.has(row),
    rowCount,
  );
  const geometryField = new Field(
    'geometry',
    storageType,
    true,
    new Map([
      [EXTENSION_NAME_KEY, builder.encoding],
      [EXTENSION_METADATA_KEY, JSON.stringify({ crs: `EPSG:${crs}`, crs_type: 'authority_code' })],
    ]),
  );
  const fields = [geometryField, ...Object.entries(attributes).map(([name, vector]) => new Field(name, vector.type, true))];
  const children: Data[] = [geometry, ...Object.values(attributes).map((vector) => vector.data[0] as Data)];
  const schema = new Schema(fields);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: rowCount, nullCount: 0, children }))]);
}
