import { type FeatureTable, type GeoArrowEncoding, JumeauError, utf8Vector, validate } from '@jumeau/core';
import { Bool, DateMillisecond, Float64, Int32, type Vector, vectorFromArray } from 'apache-arrow';
import { parquetSchema } from 'hyparquet';
import { z } from 'zod';
import { createGeometryBuilder, featureTableFromBuilder, type GeometryBuilder } from '../../vector/lib/feature-table-builder.js';

import { appendWkb, encodingForWkbType } from '../wkb.js';
import {
  type BboxCovering,
  type Bounds,
  bboxCoveringOf,
  boundsIntersect,
  coordinateBounds,
  coveringBounds,
  rowRangesToRead,
} from './bbox-filter.js';
import { type GeoColumnMetadata, type GeoParquetEncoding, epsgOfGeoColumn, parseGeoMetadata } from './geo-metadata.js';
import { type GeoParquetSource, readColumnRanges, readParquetMetadata, toAsyncBuffer } from './parquet-source.js';

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
  /**
   * Keep only the rows whose geometry's box meets `[minX, minY, maxX, maxY]` (in the file's CRS). With a
   * GeoParquet 1.1 bbox covering column, row groups whose statistics miss the box are not read at all.
   */
  readonly bbox?: readonly [number, number, number, number];
}

const optionsSchema = z.object({
  columns: z.array(z.string().min(1)).optional(),
  geometryColumn: z.string().min(1).optional(),
  crs: z.number().int().positive().optional(),
  rowStart: z.number().int().nonnegative().optional(),
  rowEnd: z.number().int().nonnegative().optional(),
  maximumRows: z.number().int().positive().optional(),
  bbox: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .refine(([minX, minY, maxX, maxY]) => minX <= maxX && minY <= maxY, 'bbox must be [minX, minY, maxX, maxY]')
    .optional(),
});

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

/** Appends one decoded geometry value (WKB bytes, a native struct, or null) to the builder. */
function appendGeometry(
  value: unknown,
  nativeDepth: number | undefined,
  builder: GeometryBuilder,
  row: number,
  rowLabel: () => number,
): void {
  // A null struct may come back as { x: null, y: null } (its fields' own nulls).
  const nullPoint = nativeDepth === 0 && value !== null && typeof value === 'object' && (value as { x?: unknown }).x == null;
  if (value === null || value === undefined || nullPoint) appendNull(builder, row);
  else if (nativeDepth !== undefined) appendNative(value as Nested, nativeDepth, builder);
  else if (value instanceof Uint8Array) {
    try {
      appendWkb(new DataView(value.buffer, value.byteOffset, value.byteLength), 0, builder);
    } catch (cause) {
      if (cause instanceof JumeauError && cause.code !== 'format') throw cause;
      throw new JumeauError('format', `Invalid WKB in GeoParquet row ${rowLabel()}: ${(cause as Error).message}`, { cause });
    }
  } else throw new JumeauError('format', `GeoParquet row ${rowLabel()}: the WKB geometry column holds a ${typeof value}, not bytes`);
}

/** The file row number of the `index`-th row read over `ranges`, for error messages. */
function fileRow(ranges: readonly (readonly [number, number])[], index: number): number {
  let remaining = index;
  for (const [start, end] of ranges) {
    if (remaining < end - start) return start + remaining;
    remaining -= end - start;
  }
  return index;
}

interface BoundsFilter {
  readonly bounds: Bounds;
  readonly covering: BboxCovering | undefined;
  readonly coveringValues: readonly unknown[] | undefined;
  readonly nativeDepth: number | undefined;
  readonly encoding: GeoArrowEncoding;
}

/** Indexes of the rows whose box meets the filter: from the covering column, else from the decoded geometry. */
function rowsInBounds(geometries: readonly unknown[], filter: BoundsFilter, rowLabel: (index: number) => number): number[] {
  const kept: number[] = [];
  geometries.forEach((value, index) => {
    let box: Bounds | null;
    if (filter.covering && filter.coveringValues) box = coveringBounds(filter.coveringValues[index], filter.covering);
    else {
      const scratch = createGeometryBuilder(filter.encoding);
      appendGeometry(value, filter.nativeDepth, scratch, 0, () => rowLabel(index));
      box = scratch.nullRows.size > 0 ? null : coordinateBounds(scratch.coordinates);
    }
    if (box && boundsIntersect(box, filter.bounds)) kept.push(index);
  });
  return kept;
}

/**
 * Reads a GeoParquet file (1.0 and 1.1: WKB or native GeoArrow geometries; SNAPPY, GZIP, ZSTD, BROTLI, LZ4
 * pages) into a FeatureTable, with hyparquet. The source is bytes, or a Blob (a browser `File`, Node's
 * `fs.openAsBlob`) of which only the footer and the needed column chunks are read. The CRS comes from the column's
 * PROJJSON `id` (absent = OGC:CRS84 = EPSG:4326 longitude first); lines and polygons become their multi encodings
 * so single and multi rows share one column; numbers become Float64 (INT32 stays Int32), booleans Bool, dates
 * DateMillisecond, text and nested values Utf8 (nested as JSON). `bbox` keeps the rows meeting a box, skipping the
 * row groups whose 1.1 bbox covering statistics miss it (the covering column itself is not an attribute).
 * Errors: `format` (not Parquet, truncated, no or invalid `geo` metadata, bad WKB), `crs`, `unsupported` (mixed
 * geometry families, binary attributes), `too-large` (more rows than `maximumRows`, checked before any page).
 *
 * @example
 * ```ts
 * const communes = await readGeoParquet(await readFile('communes.parquet')) // EPSG:2154 from its PROJJSON
 * const ile = await readGeoParquet(file, { bbox: [360000, 6530000, 390000, 6570000] }) // a browser File
 * ```
 */
export async function readGeoParquet(source: GeoParquetSource, options: ReadGeoParquetOptions = {}): Promise<FeatureTable> {
  const parsed = validate(optionsSchema, options, 'GeoParquet read options');
  const file = toAsyncBuffer(source);
  const metadata = await readParquetMetadata(file);
  const rowCount = Number(metadata.num_rows);
  const maximumRows = parsed.maximumRows ?? 50_000_000;
  if (rowCount > maximumRows)
    throw new JumeauError(
      'too-large',
      `The GeoParquet file announces ${rowCount} rows, more than maximumRows (${maximumRows}): read it by rowStart/rowEnd`,
      { details: { rows: rowCount } },
    );
  const geo = parseGeoMetadata(metadata.key_value_metadata?.find((entry) => entry.key === 'geo')?.value);
  const geometryName = parsed.geometryColumn ?? geo.primary_column;
  const geometryColumn = geo.columns[geometryName];
  const schemaNames = parquetSchema(metadata).children.map((child) => child.element.name); // top-level columns
  if (!geometryColumn || !schemaNames.includes(geometryName))
    throw new JumeauError('format', `GeoParquet geometry column "${geometryName}" is not in the file (columns: ${schemaNames.join(', ')})`);
  const crs = epsgOfGeoColumn(geometryColumn, parsed.crs);
  const covering = bboxCoveringOf(geometryColumn, schemaNames);
  const hidden = new Set([...Object.keys(geo.columns), ...(covering ? [covering.column] : [])]);
  const attributeNames = (parsed.columns ?? schemaNames.filter((name) => !hidden.has(name))).filter((name) => name !== geometryName);
  for (const name of attributeNames)
    if (!schemaNames.includes(name))
      throw new JumeauError('input', `GeoParquet column "${name}" is not in the file (columns: ${schemaNames.join(', ')})`);
  const bounds = parsed.bbox as Bounds | undefined;
  const ranges = rowRangesToRead(
    metadata,
    parsed.rowStart ?? 0,
    Math.min(parsed.rowEnd ?? rowCount, rowCount),
    bounds && covering ? { covering, bounds } : undefined,
  );
  const coveringRead = bounds && covering && !attributeNames.includes(covering.column) ? [covering.column] : [];
  const columns = await readColumnRanges(file, metadata, [geometryName, ...attributeNames, ...coveringRead], ranges);
  let geometries = columns.get(geometryName) as unknown[];
  const nativeDepth = NATIVE_DEPTH[geometryColumn.encoding as GeoParquetEncoding];
  const firstWkb = geometries.find((value) => value instanceof Uint8Array) as Uint8Array | undefined;
  const encoding = chooseEncoding(geometryColumn, geometryName, firstWkb);
  let rowLabel = (index: number) => fileRow(ranges, index);
  if (bounds) {
    const coveringValues = covering ? columns.get(covering.column) : undefined;
    const kept = rowsInBounds(geometries, { bounds, covering, coveringValues, nativeDepth, encoding }, rowLabel);
    for (const [name, values] of columns)
      columns.set(
        name,
        kept.map((index) => values[index]),
      );
    geometries = columns.get(geometryName) as unknown[];
    rowLabel = (index: number) => fileRow(ranges, kept[index] as number);
  }
  const builder = createGeometryBuilder(encoding);
  geometries.forEach((value, index) => {
    appendGeometry(value, nativeDepth, builder, index, () => rowLabel(index));
  });
  const physical = new Map(metadata.schema.map((element) => [element.name, element.type]));
  const attributes: Record<string, Vector> = {};
  for (const name of attributeNames) attributes[name] = attributeVector(columns.get(name) as unknown[], name, physical.get(name));
  return featureTableFromBuilder(builder, crs, attributes);
}
