import { type FeatureTable, type GeoArrowEncoding, JumeauError, validate } from '@jumeau/core';
import { Bool, DateMillisecond, Float64, Int32, type Vector, vectorFromArray } from 'apache-arrow';
import { type FileMetaData, parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { z } from 'zod';
import { createGeometryBuilder, featureTableFromBuilder, type GeometryBuilder } from '../../vector/lib/feature-table-builder.js';
import { utf8Vector } from '../../vector/lib/utf8-vector.js';
import { appendWkb, encodingForWkbType } from '../wkb.js';
import { type GeoColumnMetadata, type GeoParquetEncoding, epsgOfGeoColumn, parseGeoMetadata } from './geo-metadata.js';

/** Options of {@link readGeoParquet}. */
export interface ReadGeoParquetOptions {
  /** Attribute columns to read (default: all); the geometry column is always read. */
  readonly columns?: readonly string[];
  /** The geometry column (default: the file's `primary_column`). */
  readonly geometryColumn?: string;
  /** EPSG code for a column whose CRS is unknown (`crs: null`) or outside the registry. */
  readonly crs?: number;
  /** First row (inclusive) and last row (exclusive) to read, to page through a big file. */
  readonly rowStart?: number;
  readonly rowEnd?: number;
  /** Refuse files announcing more rows than this before reading them (default 50 million). */
  readonly maximumRows?: number;
}

const optionsSchema = z.object({
  columns: z.array(z.string().min(1)).optional(),
  geometryColumn: z.string().min(1).optional(),
  crs: z.number().int().positive().optional(),
  rowStart: z.number().int().nonnegative().optional(),
  rowEnd: z.number().int().nonnegative().optional(),
  maximumRows: z.number().int().positive().optional(),
});

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

function hasMagic(bytes: Uint8Array, offset: number): boolean {
  return PARQUET_MAGIC.every((byte, index) => bytes[offset + index] === byte);
}

function readMetadata(buffer: ArrayBuffer): FileMetaData {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || !hasMagic(bytes, 0)) throw new JumeauError('format', 'Not a Parquet file (no "PAR1" magic at its start)');
  if (!hasMagic(bytes, bytes.length - 4))
    throw new JumeauError('format', `Truncated Parquet file: no "PAR1" magic at its end (${bytes.length} bytes)`);
  try {
    return parquetMetadata(buffer);
  } catch (cause) {
    throw new JumeauError('format', `Unreadable Parquet footer: ${(cause as Error).message}`, { cause });
  }
}

/** The GeoArrow multi encoding that holds every geometry type the column declares (or its first geometry's). */
function chooseEncoding(column: GeoColumnMetadata, name: string, firstWkb: Uint8Array | undefined): GeoArrowEncoding {
  const native: Partial<Record<GeoParquetEncoding, GeoArrowEncoding>> = {
    point: 'geoarrow.point',
    multipoint: 'geoarrow.multipoint',
    linestring: 'geoarrow.multilinestring',
    multilinestring: 'geoarrow.multilinestring',
    polygon: 'geoarrow.multipolygon',
    multipolygon: 'geoarrow.multipolygon',
  };
  const fromNative = native[column.encoding as GeoParquetEncoding];
  if (fromNative) return fromNative;
  const families = new Set(
    column.geometry_types.map((type) => {
      const base = type.replace(/ Z$/, '').replace(/ M$/, '').replace(/ ZM$/, '');
      if (base === 'Point') return 'geoarrow.point';
      if (base === 'MultiPoint') return 'geoarrow.multipoint';
      if (base === 'LineString' || base === 'MultiLineString') return 'geoarrow.multilinestring';
      if (base === 'Polygon' || base === 'MultiPolygon') return 'geoarrow.multipolygon';
      throw new JumeauError(
        'unsupported',
        `GeoParquet column "${name}" declares ${type} geometries (points, lines, polygons are supported)`,
      );
    }),
  );
  if (families.has('geoarrow.point') && families.has('geoarrow.multipoint')) families.delete('geoarrow.point');
  if (families.size > 1)
    throw new JumeauError(
      'unsupported',
      `GeoParquet column "${name}" mixes ${column.geometry_types.join(', ')}: read a layer of one geometry family`,
    );
  const [family] = families;
  if (family) return family as GeoArrowEncoding;
  if (firstWkb && firstWkb.length >= 5) {
    const view = new DataView(firstWkb.buffer, firstWkb.byteOffset, firstWkb.byteLength);
    return encodingForWkbType(view.getUint32(1, view.getUint8(0) === 1));
  }
  return 'geoarrow.point';
}

type NativePoint = { x: number; y: number };
type Nested = NativePoint | Nested[];

/** Appends a GeoParquet 1.1 native (GeoArrow struct) geometry: points are `{x, y}`, parts nested lists of them. */
function appendNative(value: Nested, depth: number, builder: GeometryBuilder): void {
  const { coordinates, offsets } = builder;
  if (builder.encoding === 'geoarrow.point') {
    const point = value as NativePoint;
    coordinates.push(Number(point.x), Number(point.y));
    return;
  }
  // depth: 0 point, 1 linestring/multipoint, 2 polygon/multilinestring, 3 multipolygon; builder levels 1–3.
  const levels = offsets.length;
  const wrapped: Nested[] = depth < levels ? [value] : (value as Nested[]);
  const visit = (parts: Nested[], level: number): void => {
    const offsetsOfLevel = offsets[level] as number[];
    if (level === levels - 1) {
      for (const point of parts as NativePoint[]) coordinates.push(Number(point.x), Number(point.y));
      offsetsOfLevel.push(coordinates.length / 2);
      return;
    }
    offsetsOfLevel.push((offsetsOfLevel.at(-1) as number) + parts.length);
    for (const part of parts) visit(part as Nested[], level + 1);
  };
  if (builder.encoding === 'geoarrow.multipoint') {
    const points = (depth === 0 ? [value] : value) as NativePoint[];
    for (const point of points) coordinates.push(Number(point.x), Number(point.y));
    (offsets[0] as number[]).push(coordinates.length / 2);
    return;
  }
  visit(wrapped, 0);
}

function appendNull(builder: GeometryBuilder, row: number): void {
  builder.nullRows.add(row);
  if (builder.encoding === 'geoarrow.point') builder.coordinates.push(Number.NaN, Number.NaN);
  else (builder.offsets[0] as number[]).push((builder.offsets[0] as number[]).at(-1) as number);
}

const NATIVE_DEPTH: Partial<Record<GeoParquetEncoding, number>> = {
  point: 0,
  linestring: 1,
  multipoint: 1,
  polygon: 2,
  multilinestring: 2,
  multipolygon: 3,
};

/** An Arrow vector for one attribute column, from the values hyparquet decoded. */
function attributeVector(values: unknown[], name: string, physicalType: string | undefined): Vector {
  const present = values.filter((value) => value !== null && value !== undefined);
  const nullable = (value: unknown) => (value === undefined ? null : value);
  if (present.every((value) => typeof value === 'boolean')) return vectorFromArray(values.map(nullable) as (boolean | null)[], new Bool());
  if (present.every((value) => typeof value === 'number'))
    return vectorFromArray(values.map(nullable) as (number | null)[], physicalType === 'INT32' ? new Int32() : new Float64());
  if (present.every((value) => typeof value === 'bigint')) {
    if (present.every((value) => Number.isSafeInteger(Number(value))))
      return vectorFromArray(
        values.map((value) => (value === null || value === undefined ? null : Number(value))),
        new Float64(),
      );
    return utf8Vector(values.map((value) => (value === null || value === undefined ? null : String(value))));
  }
  if (present.every((value) => value instanceof Date))
    return vectorFromArray(values.map(nullable) as (Date | null)[], new DateMillisecond());
  if (present.some((value) => value instanceof Uint8Array))
    throw new JumeauError(
      'unsupported',
      `GeoParquet column "${name}" holds binary values, which feature tables do not carry: leave it out with options.columns`,
    );
  return utf8Vector(
    values.map((value) =>
      value === null || value === undefined
        ? null
        : typeof value === 'string'
          ? value
          : JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? Number(item) : item)),
    ),
  );
}

/**
 * Reads a GeoParquet file (1.0 and 1.1: WKB or native GeoArrow geometries; SNAPPY, GZIP, ZSTD, BROTLI, LZ4
 * pages) into a FeatureTable, with hyparquet. The CRS comes from the column's PROJJSON `id` (absent = OGC:CRS84 =
 * EPSG:4326 longitude first); lines and polygons become their multi encodings so single and multi rows share one
 * column; numbers become Float64 (INT32 stays Int32), booleans Bool, dates DateMillisecond, text and nested values
 * Utf8 (nested as JSON). Errors: `format` (not Parquet, truncated, no or invalid `geo` metadata, bad WKB), `crs`,
 * `unsupported` (mixed geometry families, binary attributes), `too-large` (more rows than `maximumRows`, checked
 * before reading any page).
 *
 * @example
 * ```ts
 * const communes = await readGeoParquet(await readFile('communes.parquet')) // EPSG:2154 from its PROJJSON
 * ```
 */
export async function readGeoParquet(bytes: Uint8Array | ArrayBuffer, options: ReadGeoParquetOptions = {}): Promise<FeatureTable> {
  const parsed = validate(optionsSchema, options, 'GeoParquet read options');
  const buffer =
    bytes instanceof ArrayBuffer ? bytes : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const metadata = readMetadata(buffer);
  const rowCount = Number(metadata.num_rows);
  const maximumRows = parsed.maximumRows ?? 50_000_000;
  if (rowCount > maximumRows)
    throw new JumeauError(
      'too-large',
      `The GeoParquet file announces ${rowCount} rows, more than maximumRows (${maximumRows}): read it by rowStart/rowEnd`,
      {
        details: { rows: rowCount },
      },
    );
  const geo = parseGeoMetadata(metadata.key_value_metadata?.find((entry) => entry.key === 'geo')?.value);
  const geometryName = parsed.geometryColumn ?? geo.primary_column;
  const geometryColumn = geo.columns[geometryName];
  const schemaNames = parquetSchema(metadata).children.map((child) => child.element.name); // top-level columns
  if (!geometryColumn || !schemaNames.includes(geometryName))
    throw new JumeauError('format', `GeoParquet geometry column "${geometryName}" is not in the file (columns: ${schemaNames.join(', ')})`);
  const crs = epsgOfGeoColumn(geometryColumn, parsed.crs);
  const otherGeometries = new Set(Object.keys(geo.columns).filter((name) => name !== geometryName));
  const attributeNames = (parsed.columns ?? schemaNames.filter((name) => !otherGeometries.has(name) && name !== geometryName)).filter(
    (name) => name !== geometryName,
  );
  for (const name of attributeNames)
    if (!schemaNames.includes(name))
      throw new JumeauError('input', `GeoParquet column "${name}" is not in the file (columns: ${schemaNames.join(', ')})`);
  const first = parsed.rowStart ?? 0;
  const last = Math.min(parsed.rowEnd ?? rowCount, rowCount);
  const columnNames = [geometryName, ...attributeNames];
  const columns = new Map(columnNames.map((name) => [name, new Array<unknown>(Math.max(0, last - first)).fill(null)]));
  try {
    // Column chunks straight into column arrays: no row objects (they cost more than the decoding itself).
    await parquetRead({
      file: buffer,
      metadata,
      columns: columnNames,
      compressors,
      parsers: { geometryFromBytes: (value: Uint8Array) => value, geographyFromBytes: (value: Uint8Array) => value },
      rowStart: first,
      rowEnd: last,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const target = columns.get(columnName);
        if (!target) return;
        const from = Math.max(first, rowStart);
        const to = Math.min(last, rowStart + columnData.length);
        for (let row = from; row < to; row += 1) target[row - first] = columnData[row - rowStart];
      },
    });
  } catch (cause) {
    throw new JumeauError('format', `Unreadable GeoParquet pages: ${(cause as Error).message}`, { cause });
  }
  const geometries = columns.get(geometryName) as unknown[];
  const nativeDepth = NATIVE_DEPTH[geometryColumn.encoding as GeoParquetEncoding];
  const firstWkb = geometries.find((value) => value instanceof Uint8Array) as Uint8Array | undefined;
  const encoding = chooseEncoding(geometryColumn, geometryName, firstWkb);
  const builder = createGeometryBuilder(encoding);
  geometries.forEach((value, index) => {
    // A null struct may come back as { x: null, y: null } (its fields' own nulls).
    const nullPoint = nativeDepth === 0 && value !== null && typeof value === 'object' && (value as { x?: unknown }).x == null;
    if (value === null || value === undefined || nullPoint) appendNull(builder, index);
    else if (nativeDepth !== undefined) appendNative(value as Nested, nativeDepth, builder);
    else if (value instanceof Uint8Array) {
      try {
        appendWkb(new DataView(value.buffer, value.byteOffset, value.byteLength), 0, builder);
      } catch (cause) {
        if (cause instanceof JumeauError && cause.code !== 'format') throw cause;
        throw new JumeauError('format', `Invalid WKB in GeoParquet row ${index + (parsed.rowStart ?? 0)}: ${(cause as Error).message}`, {
          cause,
        });
      }
    } else throw new JumeauError('format', `GeoParquet row ${index}: the WKB geometry column holds a ${typeof value}, not bytes`);
  });
  const physical = new Map(metadata.schema.map((element) => [element.name, element.type]));
  const attributes: Record<string, Vector> = {};
  for (const name of attributeNames) attributes[name] = attributeVector(columns.get(name) as unknown[], name, physical.get(name));
  return featureTableFromBuilder(builder, crs, attributes);
}
