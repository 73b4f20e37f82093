import {
  type FeatureTable,
  type GeometryBuffers,
  describeGeometryColumn,
  featureTableCrs,
  geometryBuffers,
  getCrs,
  JumeauError,
  validate,
} from '@jumeau/core';
import { type DataType, Type } from 'apache-arrow';
import { type ColumnSource, parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { z } from 'zod';
import { geometryToWkb, geometryTypeName } from '../wkb-write.js';
import { projJsonOf } from './geo-metadata.js';

/** Options of {@link writeGeoParquet}. */
export interface WriteGeoParquetOptions {
  /**
   * Page compression: SNAPPY (default, what GDAL, GeoPandas and DuckDB write), none, GZIP (Node: its zlib) or ZSTD
   * (Node ≥ 22.15: `zlib.zstdCompressSync`). GZIP and ZSTD are refused with `unsupported` where no synchronous encoder
   * exists (browsers, older Node) — before any work.
   */
  readonly compression?: 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP' | 'ZSTD';
  /** Rows per row group (default 65 536): smaller groups let readers skip more by statistics. */
  readonly rowGroupSize?: number;
  /**
   * Add the GeoParquet 1.1 bbox covering: a `bbox` struct column (xmin, ymin, xmax, ymax per row) whose row-group
   * statistics let readers (this one, GDAL ≥ 3.9, DuckDB) skip groups outside a box. Default true; 32 bytes a row
   * before compression.
   */
  readonly bboxCovering?: boolean;
}

const optionsSchema = z.object({
  compression: z.enum(['SNAPPY', 'UNCOMPRESSED', 'GZIP', 'ZSTD']).optional(),
  rowGroupSize: z.number().int().positive().optional(),
  bboxCovering: z.boolean().optional(),
});

type ZlibEncoders = { gzipSync?: (bytes: Uint8Array) => Uint8Array; zstdCompressSync?: (bytes: Uint8Array) => Uint8Array };

/**
 * The page compressor hyparquet-writer needs for `codec` (SNAPPY and none are built in): Node's zlib, reached
 * synchronously through `process.getBuiltinModule` (Node ≥ 20.16). Throws `unsupported` when there is none.
 */
function compressorsFor(codec: 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP' | 'ZSTD'): Record<string, (bytes: Uint8Array) => Uint8Array> {
  if (codec === 'SNAPPY' || codec === 'UNCOMPRESSED') return {};
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  const zlib = getBuiltinModule?.('node:zlib') as ZlibEncoders | undefined;
  const encode = codec === 'GZIP' ? zlib?.gzipSync : zlib?.zstdCompressSync;
  if (!encode) {
    throw new JumeauError(
      'unsupported',
      codec === 'GZIP'
        ? 'GZIP GeoParquet pages are written with Node’s zlib (Node ≥ 20.16); here, write SNAPPY'
        : 'ZSTD GeoParquet pages need Node ≥ 22.15 (zlib.zstdCompressSync); here, write SNAPPY or GZIP',
      { details: { compression: codec } },
    );
  }
  return { [codec]: (bytes) => new Uint8Array(encode(bytes)) };
}

/** hyparquet-writer's schema elements (its own hyparquet version's type). */
type SchemaElement = ReturnType<typeof schemaFromColumnData>[number];

type RowBox = { xmin: number; ymin: number; xmax: number; ymax: number } | null;

/** The box of row `row` of a batch (its vertices found by walking the offsets down), null for a null or empty one. */
function rowBox(buffers: GeometryBuffers, row: number): RowBox {
  if (!buffers.isValid(row)) return null;
  let first = row;
  let last = row + 1;
  for (const offsets of buffers.offsets) {
    first = offsets[first] as number;
    last = offsets[last] as number;
  }
  const { coordinates, stride } = buffers;
  const box = {
    xmin: Number.POSITIVE_INFINITY,
    ymin: Number.POSITIVE_INFINITY,
    xmax: Number.NEGATIVE_INFINITY,
    ymax: Number.NEGATIVE_INFINITY,
  };
  for (let index = first * stride; index < last * stride; index += stride) {
    const x = coordinates[index] as number;
    const y = coordinates[index + 1] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    box.xmin = Math.min(box.xmin, x);
    box.ymin = Math.min(box.ymin, y);
    box.xmax = Math.max(box.xmax, x);
    box.ymax = Math.max(box.ymax, y);
  }
  return box.xmin <= box.xmax ? box : null;
}

const COVERING_NAME = 'bbox';
const COVERING_FIELDS = ['xmin', 'ymin', 'xmax', 'ymax'] as const;

/** The Parquet schema of the columns, plus the covering struct (hyparquet-writer infers flat columns only). */
function schemaWithCovering(columnData: readonly ColumnSource[]): SchemaElement[] {
  const schema = schemaFromColumnData({ columnData: [...columnData] });
  (schema[0] as SchemaElement).num_children = columnData.length + 1;
  schema.push({ name: COVERING_NAME, repetition_type: 'OPTIONAL', num_children: 4 });
  for (const name of COVERING_FIELDS) schema.push({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' });
  return schema;
}

type BasicType = NonNullable<ColumnSource['type']>;

/** The Parquet type an Arrow attribute column is written as, and its values. */
function attributeColumn(name: string, type: DataType, values: unknown[]): ColumnSource {
  const column = (parquetType: BasicType, data: unknown[]): ColumnSource => ({ name, type: parquetType, data, nullable: true });
  switch (type.typeId) {
    case Type.Bool:
      return column('BOOLEAN', values);
    case Type.Int:
    case Type.Int8:
    case Type.Int16:
    case Type.Int32:
    case Type.Uint8:
    case Type.Uint16:
      return column('INT32', values);
    case Type.Int64:
    case Type.Uint32:
    case Type.Uint64:
      return column(
        'INT64',
        values.map((value) => (value === null || value === undefined ? null : BigInt(value as number))),
      );
    case Type.Float:
    case Type.Float16:
    case Type.Float32:
    case Type.Float64:
      return column('DOUBLE', values);
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
    case Type.Timestamp:
      return column(
        'TIMESTAMP',
        values.map((value) => (value === null || value === undefined ? null : new Date(value as number))),
      );
    default:
      return column(
        'STRING',
        values.map((value) => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value))),
      );
  }
}

/**
 * Writes a FeatureTable as GeoParquet 1.1 with hyparquet-writer: the geometry as ISO WKB (Z kept), the `geo`
 * metadata with `geometry_types`, the bounding box and the CRS as PROJJSON (PROJ's, for the registry's CRSs;
 * omitted for EPSG:4326, which is GeoParquet's default OGC:CRS84), attributes as BOOLEAN, INT32, INT64, DOUBLE,
 * TIMESTAMP or STRING (other types as JSON text). Null geometries stay null. With `bboxCovering` (default) a
 * `bbox` struct column holds each row's box, declared as the 1.1 `covering`.
 *
 * @example
 * ```ts
 * await writeFile('communes.parquet', writeGeoParquet(communes)) // read back by GDAL ≥ 3.8, GeoPandas, DuckDB
 * ```
 */
export function writeGeoParquet(table: FeatureTable, options: WriteGeoParquetOptions = {}): Uint8Array {
  const parsed = validate(optionsSchema, options, 'GeoParquet write options');
  const codec = parsed.compression ?? 'SNAPPY';
  const compressors = compressorsFor(codec);
  const info = describeGeometryColumn(table);
  const crs = featureTableCrs(table);
  const wkb: (Uint8Array | null)[] = [];
  const boxes: RowBox[] = [];
  const covering = parsed.bboxCovering ?? true;
  const bbox = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  let stride = 2;
  for (const buffers of geometryBuffers(table, info.name)) {
    stride = buffers.stride;
    for (let row = 0; row < buffers.length; row += 1) {
      wkb.push(geometryToWkb(buffers, row));
      if (covering) boxes.push(rowBox(buffers, row));
    }
    const { coordinates } = buffers;
    for (let index = 0; index < coordinates.length; index += buffers.stride) {
      const x = coordinates[index] as number;
      const y = coordinates[index + 1] as number;
      if (Number.isNaN(x) || Number.isNaN(y)) continue;
      bbox[0] = Math.min(bbox[0] as number, x);
      bbox[1] = Math.min(bbox[1] as number, y);
      bbox[2] = Math.max(bbox[2] as number, x);
      bbox[3] = Math.max(bbox[3] as number, y);
    }
  }
  const projJson = projJsonOf(crs, getCrs(crs).name);
  const geometryColumn = {
    encoding: 'WKB',
    geometry_types: wkb.some((value) => value !== null) ? [geometryTypeName(info.encoding, stride)] : [],
    ...(projJson ? { crs: projJson } : {}),
    ...(Number.isFinite(bbox[0]) ? { bbox } : {}),
    ...(covering ? { covering: { bbox: Object.fromEntries(COVERING_FIELDS.map((field) => [field, [COVERING_NAME, field]])) } } : {}),
  };
  const geo = { version: '1.1.0', primary_column: info.name, columns: { [info.name]: geometryColumn } };
  const columnData: ColumnSource[] = [{ name: info.name, type: 'BYTE_ARRAY', data: wkb, nullable: true }];
  table.schema.fields.forEach((field, index) => {
    if (index === info.index) return;
    const vector = table.getChildAt(index);
    columnData.push(attributeColumn(field.name, field.type, vector ? Array.from(vector) : new Array(table.numRows).fill(null)));
  });
  if (covering && columnData.some((column) => column.name === COVERING_NAME))
    throw new JumeauError('input', `The table has a "${COVERING_NAME}" attribute: rename it or write with bboxCovering: false`);
  const buffer = parquetWriteBuffer({
    ...(covering
      ? {
          schema: schemaWithCovering(columnData),
          columnData: [...columnData.map(({ type: _type, ...column }) => column), { name: COVERING_NAME, data: boxes }],
        }
      : { columnData }),
    codec,
    compressors,
    rowGroupSize: parsed.rowGroupSize ?? 65_536,
    kvMetadata: [{ key: 'geo', value: JSON.stringify(geo) }],
    createdBy: '@jumeau/convert (hyparquet-writer)',
  });
  return new Uint8Array(buffer);
}
