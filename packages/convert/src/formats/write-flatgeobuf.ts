import * as flatbuffers from 'flatbuffers';
import { Type, type DataType } from 'apache-arrow';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type ColumnMeta from 'flatgeobuf/lib/mjs/column-meta.js';
import type HeaderMeta from 'flatgeobuf/lib/mjs/header-meta.js';
import {
  JumeauError,
  describeGeometryColumn,
  featureTableCrs,
  geometryBuffers,
  getCrs,
  readGeometryFromBuffers,
  type FeatureTable,
} from '@jumeau/core';

import { DEFAULT_INDEX_NODE_SIZE, hilbertOrder, packedRTree } from './flatgeobuf-index.js';

const MAGIC = new Uint8Array([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x00]);

const GEOMETRY_TYPES: Readonly<Record<string, GeometryType>> = {
  'geoarrow.point': GeometryType.Point,
  'geoarrow.linestring': GeometryType.LineString,
  'geoarrow.polygon': GeometryType.Polygon,
  'geoarrow.multipoint': GeometryType.MultiPoint,
  'geoarrow.multilinestring': GeometryType.MultiLineString,
  'geoarrow.multipolygon': GeometryType.MultiPolygon,
};

/** FlatGeobuf column type of an Arrow type: ints → Int / Long, floats → Double, bool → Bool, the rest as String. */
function columnType(type: DataType): ColumnType {
  if (type.typeId === Type.Int) return (type as unknown as { bitWidth: number }).bitWidth === 64 ? ColumnType.Long : ColumnType.Int;
  if (type.typeId === Type.Float) return ColumnType.Double;
  if (type.typeId === Type.Bool) return ColumnType.Bool;
  return ColumnType.String;
}

function columnMeta(name: string, type: ColumnType): ColumnMeta {
  return {
    name,
    type,
    title: null,
    description: null,
    width: -1,
    precision: -1,
    scale: -1,
    nullable: true,
    unique: false,
    primary_key: false,
  };
}

/** The header table: name, envelope, geometry type, z, columns, feature count, CRS (EPSG code and WKT-free name). */
function buildHeader(meta: HeaderMeta, hasZ: boolean, name: string): Uint8Array {
  const builder = new flatbuffers.Builder(1024);
  const columns = Header.createColumnsVector(
    builder,
    (meta.columns ?? []).map((column) => {
      const columnName = builder.createString(column.name);
      Column.startColumn(builder);
      Column.addName(builder, columnName);
      Column.addType(builder, column.type);
      Column.addNullable(builder, true);
      return Column.endColumn(builder);
    }),
  );
  const organisation = builder.createString('EPSG');
  const crsName = builder.createString(meta.crs?.name ?? '');
  const crs = Crs.createCrs(builder, organisation, meta.crs?.code ?? 0, crsName, 0, 0, 0);
  const layerName = builder.createString(name);
  const envelope = meta.envelope ? Header.createEnvelopeVector(builder, meta.envelope) : 0;
  Header.startHeader(builder);
  Header.addName(builder, layerName);
  if (envelope) Header.addEnvelope(builder, envelope);
  Header.addGeometryType(builder, meta.geometryType);
  Header.addHasZ(builder, hasZ);
  Header.addColumns(builder, columns);
  Header.addFeaturesCount(builder, BigInt(meta.featuresCount));
  Header.addIndexNodeSize(builder, meta.indexNodeSize);
  Header.addCrs(builder, crs);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}

function envelopeOf(table: FeatureTable): Float64Array | null {
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (const buffers of geometryBuffers(table)) {
    for (let index = 0; index < buffers.coordinates.length; index += buffers.stride) {
      const x = buffers.coordinates[index] as number;
      const y = buffers.coordinates[index + 1] as number;
      if (Number.isNaN(x)) continue;
      extent[0] = Math.min(extent[0] as number, x);
      extent[1] = Math.min(extent[1] as number, y);
      extent[2] = Math.max(extent[2] as number, x);
      extent[3] = Math.max(extent[3] as number, y);
    }
  }
  return Number.isFinite(extent[0]) ? Float64Array.from(extent) : null;
}

/** Options of {@link writeFlatGeobuf}. */
export interface WriteFlatGeobufOptions {
  /** Layer name in the header (default `features`). */
  readonly layerName?: string;
  /**
   * Write the packed Hilbert R-tree (default true, as GDAL's `SPATIAL_INDEX=YES`): features are then written in
   * Hilbert order of their box centres, not in the table's order, and readers fetch only what a box touches.
   */
  readonly spatialIndex?: boolean;
}

/** Bounding box of one geometry's coordinates (x, y), or null without any finite coordinate. */
function boxOf(coordinates: ArrayLike<number>, stride: number, start: number, end: number, box: Float64Array, at: number): void {
  let minimumX = Number.POSITIVE_INFINITY;
  let minimumY = Number.POSITIVE_INFINITY;
  let maximumX = Number.NEGATIVE_INFINITY;
  let maximumY = Number.NEGATIVE_INFINITY;
  for (let index = start * stride; index < end * stride; index += stride) {
    const x = coordinates[index] as number;
    const y = coordinates[index + 1] as number;
    if (x < minimumX) minimumX = x;
    if (y < minimumY) minimumY = y;
    if (x > maximumX) maximumX = x;
    if (y > maximumY) maximumY = y;
  }
  box[at] = minimumX;
  box[at + 1] = minimumY;
  box[at + 2] = maximumX;
  box[at + 3] = maximumY;
}

/** Boxes of every row (4 numbers each), from the coordinate range of each geometry. */
function featureBoxes(table: FeatureTable): Float64Array {
  const boxes = new Float64Array(table.numRows * 4);
  let row = 0;
  for (const buffers of geometryBuffers(table)) {
    // The outermost offsets level maps each geometry to its range in the next level, down to vertices.
    for (let local = 0; local < buffers.length; local += 1, row += 1) {
      let start = local;
      let end = local + 1;
      for (const offsets of buffers.offsets) {
        start = offsets[start] as number;
        end = offsets[end] as number;
      }
      boxOf(buffers.coordinates, buffers.stride, start, end, boxes, 4 * row);
    }
  }
  return boxes;
}

/**
 * Writes a feature table as a FlatGeobuf file (v3, flatgeobuf's feature encoder, our header so that the CRS is
 * written): the header holds the layer name, envelope, geometry type, z flag, one column per attribute (Int32 →
 * Int, Int64 → Long, floats → Double, Bool, everything else String) and the CRS as an EPSG code, which GDAL and
 * QGIS read back. By default a packed Hilbert R-tree spatial index follows the header (node size 16, as GDAL
 * writes it) and the features are in Hilbert order; `spatialIndex: false` keeps the table's order and writes no
 * index. Null attribute values are left out of the feature as FlatGeobuf specifies. Null geometries are refused
 * (`input`).
 *
 * @example
 * ```ts
 * writeFileSync('communes.fgb', writeFlatGeobuf(communes)) // ogrinfo: "Layer SRS WKT: … Lambert-93"
 * const box = await readFlatGeobuf(bytes, { bbox: [370000, 6530000, 390000, 6550000] }) // through the index
 * ```
 */
export function writeFlatGeobuf(table: FeatureTable, options: WriteFlatGeobufOptions = {}): Uint8Array {
  const geometryColumn = describeGeometryColumn(table);
  const geometryType = GEOMETRY_TYPES[geometryColumn.encoding];
  if (geometryType === undefined) throw new JumeauError('unsupported', `No FlatGeobuf type for ${geometryColumn.encoding}`);
  const attributes = table.schema.fields.filter((field) => field.name !== geometryColumn.name);
  const crs = featureTableCrs(table);
  const envelope = envelopeOf(table);
  const indexed = (options.spatialIndex ?? true) && table.numRows > 0 && envelope !== null;
  const meta: HeaderMeta = {
    geometryType,
    columns: attributes.map((field) => columnMeta(field.name, columnType(field.type))),
    envelope,
    featuresCount: table.numRows,
    indexNodeSize: indexed ? DEFAULT_INDEX_NODE_SIZE : 0,
    crs: { org: 'EPSG', code: crs, name: safeCrsName(crs), description: null, wkt: null, code_string: null },
    title: null,
    description: null,
    metadata: null,
  };
  const hasZ = geometryColumn.dimensions === 'xyz';
  const geometries: unknown[] = [];
  let row = 0;
  for (const buffers of geometryBuffers(table)) {
    for (let local = 0; local < buffers.length; local += 1, row += 1) {
      const geometry = readGeometryFromBuffers(buffers, local);
      if (geometry === null)
        throw new JumeauError('input', `Row ${row} has no geometry: FlatGeobuf needs one per feature`, { details: { row } });
      geometries.push(geometry);
    }
  }
  const boxes = indexed ? featureBoxes(table) : null;
  const order =
    boxes && envelope
      ? hilbertOrder(boxes, [envelope[0] as number, envelope[1] as number, envelope[2] as number, envelope[3] as number])
      : Uint32Array.from({ length: table.numRows }, (_, index) => index);
  const features: Uint8Array[] = [];
  const featureOffsets: number[] = [];
  let offset = 0;
  for (const source of order) {
    const properties: Record<string, unknown> = {};
    for (const field of attributes) properties[field.name] = propertyValue(table.getChild(field.name)?.get(source));
    const feature = buildFeature(parseGeometry(geometries[source] as never), properties as never, meta);
    featureOffsets.push(offset);
    offset += feature.length;
    features.push(feature);
  }
  const header = buildHeader(meta, hasZ, options.layerName ?? 'features');
  if (!boxes) return concatenate([MAGIC, header, ...features]);
  const sortedBoxes = new Float64Array(boxes.length);
  for (let position = 0; position < order.length; position += 1) {
    const source = order[position] as number;
    sortedBoxes.set(boxes.subarray(4 * source, 4 * source + 4), 4 * position);
  }
  return concatenate([MAGIC, header, packedRTree(sortedBoxes, featureOffsets, DEFAULT_INDEX_NODE_SIZE), ...features]);
}

function propertyValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  return JSON.stringify(value);
}

function safeCrsName(code: number): string | null {
  try {
    return getCrs(code).name;
  } catch {
    return null;
  }
}

function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const output = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    output.set(part, offset);
    offset += part.length;
  }
  return output;
}
