import {
  Bool,
  Field,
  Float64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  makeData,
  vectorFromArray,
  type Data,
  type DataType,
} from 'apache-arrow';
import { z } from 'zod';
import { JumeauError } from '../errors.js';
import { parseCrs, type CrsLike } from '../crs/registry.js';
import { validate } from '../validate.js';
import {
  EXTENSION_METADATA_KEY,
  EXTENSION_NAME_KEY,
  NESTING_DEPTH,
  coordinateType,
  geoArrowMetadata,
  geometryStorageType,
  type CoordinateDimensions,
  type GeoArrowEncoding,
} from './geoarrow.js';
import type { FeatureTable } from './feature-table.js';
import { GrowableFloat64Array, GrowableInt32Array } from './growable.js';
import { float64Vector, utf8Vector } from './columns.js';

// Only the envelope is checked with zod: coordinates are checked in the build loop, which is ~20× faster on
// 100 k-feature files than a recursive zod schema and names the offending feature just as well.
const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      geometry: z.object({ type: z.string(), coordinates: z.array(z.unknown()) }).nullable(),
      properties: z.record(z.string(), z.unknown()).nullable().optional(),
    }),
  ),
});

/** A GeoJSON FeatureCollection as Jumeau reads it. */
export type GeoJSONFeatureCollection = z.input<typeof featureCollectionSchema>;

/** Options of {@link featureTableFromGeoJSON}. */
export interface FromGeoJSONOptions {
  /** CRS of the coordinates. GeoJSON (RFC 7946) is WGS84 longitude/latitude: the default is 4326. */
  readonly crs?: CrsLike;
  /** Force an encoding (e.g. `geoarrow.multipolygon` so Polygon and MultiPolygon files get one type). */
  readonly encoding?: GeoArrowEncoding;
  /** Name of the geometry column (default `geometry`). */
  readonly geometryColumn?: string;
}

const FAMILY: Readonly<Record<string, { single: GeoArrowEncoding; multi: GeoArrowEncoding }>> = {
  Point: { single: 'geoarrow.point', multi: 'geoarrow.multipoint' },
  MultiPoint: { single: 'geoarrow.multipoint', multi: 'geoarrow.multipoint' },
  LineString: { single: 'geoarrow.linestring', multi: 'geoarrow.multilinestring' },
  MultiLineString: { single: 'geoarrow.multilinestring', multi: 'geoarrow.multilinestring' },
  Polygon: { single: 'geoarrow.polygon', multi: 'geoarrow.multipolygon' },
  MultiPolygon: { single: 'geoarrow.multipolygon', multi: 'geoarrow.multipolygon' },
};

type Geometry = { type: string; coordinates: unknown[] } | null;

function chooseEncoding(geometries: readonly Geometry[]): GeoArrowEncoding {
  const types = new Set<string>();
  for (const geometry of geometries) if (geometry) types.add(geometry.type);
  if (types.size === 0) return 'geoarrow.point';
  const families = new Set([...types].map((type) => FAMILY[type]?.multi));
  if (families.has(undefined)) {
    const unsupported = [...types].filter((type) => !FAMILY[type]);
    throw new JumeauError('unsupported', `GeoJSON geometry type ${unsupported.join(', ')} is not supported in a feature table`);
  }
  if (families.size > 1) {
    throw new JumeauError('input', `The features mix geometry families (${[...types].join(', ')}): split them into one table per family`);
  }
  const [only] = [...types];
  return types.size === 1 && only ? (FAMILY[only] as { single: GeoArrowEncoding }).single : ([...families][0] as GeoArrowEncoding);
}

/** Wraps single geometries into their multi form when the column is multi. */
function coordinatesFor(geometry: NonNullable<Geometry>, encoding: GeoArrowEncoding): unknown {
  const depth = NESTING_DEPTH[encoding];
  const single = FAMILY[geometry.type]?.single;
  if (single !== undefined && single !== encoding && NESTING_DEPTH[single] + 1 === depth) return [geometry.coordinates];
  if (single !== encoding && FAMILY[geometry.type]?.multi !== encoding) {
    throw new JumeauError('input', `A ${geometry.type} cannot be stored in a ${encoding} column`);
  }
  return geometry.coordinates;
}

class GeometryBuilder {
  readonly coordinates = new GrowableFloat64Array();
  readonly offsets: GrowableInt32Array[];
  readonly counts: number[];
  readonly validity: Uint8Array;
  nullCount = 0;
  feature = 0;

  constructor(
    readonly encoding: GeoArrowEncoding,
    readonly dimensions: CoordinateDimensions,
    length: number,
  ) {
    const depth = NESTING_DEPTH[encoding];
    this.offsets = Array.from({ length: depth }, () => GrowableInt32Array.of(0));
    this.counts = new Array<number>(depth + 1).fill(0);
    this.validity = new Uint8Array(Math.ceil(length / 8)).fill(0xff);
  }

  appendNull(): void {
    const depth = NESTING_DEPTH[this.encoding];
    this.validity[this.feature >> 3] = (this.validity[this.feature >> 3] as number) & ~(1 << (this.feature & 7));
    this.nullCount += 1;
    if (depth === 0) this.pushCoordinate([Number.NaN, Number.NaN, Number.NaN]);
    else this.offsets[0]?.push(this.counts[1] as number);
    this.feature += 1;
  }

  append(coordinates: unknown): void {
    this.appendLevel(0, coordinates);
    this.feature += 1;
  }

  private appendLevel(level: number, value: unknown): void {
    const depth = NESTING_DEPTH[this.encoding];
    if (level === depth) {
      this.pushCoordinate(value);
      return;
    }
    if (!Array.isArray(value)) {
      throw new JumeauError(
        'format',
        `Feature ${this.feature}: expected an array of coordinates at nesting level ${level}, got ${typeof value}`,
      );
    }
    for (const child of value) this.appendLevel(level + 1, child);
    (this.offsets[level] as GrowableInt32Array).push(this.counts[level + 1] as number);
    this.counts[level] = (this.counts[level] as number) + 1;
  }

  private pushCoordinate(value: unknown): void {
    if (!Array.isArray(value) || value.length < 2) {
      throw new JumeauError(
        'format',
        `Feature ${this.feature}: a position must be [x, y] or [x, y, z], got ${JSON.stringify(value)?.slice(0, 60)}`,
      );
    }
    const x = value[0] as number;
    const y = value[1] as number;
    const z = value.length > 2 ? (value[2] as number) : Number.NaN;
    if (typeof x !== 'number' || typeof y !== 'number' || typeof z !== 'number') {
      throw new JumeauError('format', `Feature ${this.feature}: position ${JSON.stringify(value).slice(0, 60)} is not numeric`);
    }
    this.coordinates.push(x);
    this.coordinates.push(y);
    if (this.dimensions === 'xyz') this.coordinates.push(z);
    this.counts[NESTING_DEPTH[this.encoding]] = (this.counts[NESTING_DEPTH[this.encoding]] as number) + 1;
  }

  finish(): Data {
    const depth = NESTING_DEPTH[this.encoding];
    const coordinateCount = this.counts[depth] as number;
    const values = makeData({ type: new Float64(), length: coordinateCount * this.dimensions.length, data: this.coordinates.toArray() });
    let data: Data = makeData({ type: coordinateType(this.dimensions), length: coordinateCount, nullCount: 0, child: values });
    const storage = geometryStorageType(this.encoding, this.dimensions);
    const types: DataType[] = [storage];
    for (let level = 0; level < depth; level += 1) types.push(types[level]?.children[0]?.type as DataType);
    for (let level = depth - 1; level >= 0; level -= 1) {
      const offsets = (this.offsets[level] as GrowableInt32Array).toArray();
      const top = level === 0;
      data = makeData({
        type: types[level] as never,
        length: offsets.length - 1,
        nullCount: top ? this.nullCount : 0,
        ...(top && this.nullCount > 0 ? { nullBitmap: this.validity } : {}),
        valueOffsets: offsets,
        child: data,
      });
    }
    if (depth === 0 && this.nullCount > 0) {
      data = makeData({
        type: data.type as never,
        length: data.length,
        nullCount: this.nullCount,
        nullBitmap: this.validity,
        child: data.children[0] as never,
      });
    }
    return data;
  }
}

function dimensionsOf(geometries: readonly Geometry[]): CoordinateDimensions {
  const hasZ = (value: unknown): boolean => Array.isArray(value) && (typeof value[0] === 'number' ? value.length > 2 : value.some(hasZ));
  return geometries.some((geometry) => geometry !== null && hasZ(geometry.coordinates)) ? 'xyz' : 'xy';
}

function attributeData(values: unknown[]): Data {
  let kind: 'number' | 'string' | 'boolean' | 'json' | null = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    const type = typeof value;
    const next = type === 'number' || type === 'string' || type === 'boolean' ? type : 'json';
    kind = kind === null || kind === next ? next : 'json';
    if (kind === 'json') break;
  }
  if (kind === 'number') return float64Vector(values as (number | null | undefined)[]).data[0] as Data;
  if (kind === 'boolean') {
    return vectorFromArray(values.map((value) => (value === undefined ? null : value)) as (boolean | null)[], new Bool()).data[0] as Data;
  }
  // Strings, and columns of nulls only (Utf8, as before).
  if (kind === 'string' || kind === null) return utf8Vector(values as (string | null | undefined)[]).data[0] as Data;
  return utf8Vector(
    values.map((value) => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value))),
  ).data[0] as Data;
}

/**
 * Builds a {@link FeatureTable} from a GeoJSON FeatureCollection: one GeoArrow geometry column (the encoding is
 * chosen from the geometry types: Polygon + MultiPolygon → `geoarrow.multipolygon`) and one typed column per
 * property (numbers → Float64, strings → Utf8, booleans → Bool, anything else → JSON text). A feature `id` becomes
 * an `id` column when no property has that name. Null geometries are null rows.
 *
 * @example
 * ```ts
 * const communes = featureTableFromGeoJSON(JSON.parse(text)) // EPSG:4326
 * const l93 = featureTableFromGeoJSON(collection, { crs: 2154, encoding: 'geoarrow.multipolygon' })
 * ```
 */
export function featureTableFromGeoJSON(collection: unknown, options: FromGeoJSONOptions = {}): FeatureTable {
  const parsed = validate(featureCollectionSchema, collection, 'GeoJSON FeatureCollection', 'format');
  const crs = parseCrs(options.crs ?? 4326);
  const geometries = parsed.features.map((feature) => feature.geometry as Geometry);
  const encoding = options.encoding ?? chooseEncoding(geometries);
  const dimensions = dimensionsOf(geometries);
  const builder = new GeometryBuilder(encoding, dimensions, geometries.length);
  for (const geometry of geometries) {
    if (geometry === null) builder.appendNull();
    else builder.append(coordinatesFor(geometry, encoding));
  }
  const geometryName = options.geometryColumn ?? 'geometry';
  const geometryField = new Field(
    geometryName,
    geometryStorageType(encoding, dimensions),
    true,
    new Map([
      [EXTENSION_NAME_KEY, encoding],
      [EXTENSION_METADATA_KEY, geoArrowMetadata(crs)],
    ]),
  );
  const keys: string[] = [];
  const seen = new Set<string>([geometryName]);
  for (const feature of parsed.features) {
    for (const key of Object.keys(feature.properties ?? {})) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const columns: Data[] = [builder.finish()];
  const fields: Field[] = [geometryField];
  if (!seen.has('id') && parsed.features.some((feature) => feature.id !== undefined)) {
    const data = attributeData(parsed.features.map((feature) => feature.id));
    fields.push(new Field('id', data.type, true));
    columns.push(data);
  }
  for (const key of keys) {
    const data = attributeData(parsed.features.map((feature) => feature.properties?.[key]));
    fields.push(new Field(key, data.type, true));
    columns.push(data);
  }
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: geometries.length, nullCount: 0, children: columns });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}
