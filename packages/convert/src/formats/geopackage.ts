import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import { Float64, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { JumeauError, type FeatureTable, type GeoArrowEncoding } from '@jumeau/core';
import { createGeometryBuilder, featureTableFromBuilder, type GeometryBuilder } from '../vector/lib/feature-table-builder.js';
import { appendWkb, encodingForWkbType } from './wkb.js';

/** Options of {@link readGeoPackage}. */
export interface ReadGeoPackageOptions {
  /** Feature layer (table) to read; default the first of `gpkg_contents`. */
  readonly layer?: string;
  /** The sql.js WebAssembly binary, for browsers that cannot locate it (Node finds it in the package). */
  readonly sqlWasm?: ArrayBuffer;
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64] as const;

/** The feature layers of a GeoPackage: name, geometry column, geometry type and EPSG code. */
export async function listGeoPackageLayers(
  bytes: Uint8Array,
  options: { sqlWasm?: ArrayBuffer } = {},
): Promise<{ name: string; geometryColumn: string; geometryType: string; crs: number | null }[]> {
  const database = await openDatabase(bytes, options.sqlWasm);
  try {
    return layersOf(database);
  } finally {
    database.close();
  }
}

/**
 * Reads one feature layer of a GeoPackage (OGC 12-128r18) with SQLite compiled to WebAssembly (sql.js): the
 * GeoPackage binary header is skipped (envelope size from its flags), the WKB goes straight into GeoArrow
 * buffers (z and m dropped), the CRS comes from `gpkg_spatial_ref_sys` (EPSG organisation). Polygons and lines
 * become their multi encodings so single and multi rows share one column; every other column becomes Float64
 * (numbers) or Utf8 (text); the primary key is kept as `fid`.
 *
 * @example
 * ```ts
 * const districts = await readGeoPackage(bytes, { layer: 'districts' }) // EPSG:2154, 6 rows
 * ```
 */
export async function readGeoPackage(bytes: Uint8Array, options: ReadGeoPackageOptions = {}): Promise<FeatureTable> {
  const database = await openDatabase(bytes, options.sqlWasm);
  try {
    const layers = layersOf(database);
    const layer = options.layer === undefined ? layers[0] : layers.find((candidate) => candidate.name === options.layer);
    if (!layer) {
      throw new JumeauError(
        'input',
        `GeoPackage layer "${options.layer ?? '(first)'}" not found (layers: ${layers.map((candidate) => candidate.name).join(', ') || 'none'})`,
      );
    }
    const result = database.exec(`SELECT * FROM "${layer.name.replaceAll('"', '""')}"`)[0];
    const columns = result?.columns ?? [];
    const rows = result?.values ?? [];
    const geometryIndex = columns.indexOf(layer.geometryColumn);
    const encoding = chooseEncoding(layer.geometryType, rows, geometryIndex);
    const builder = createGeometryBuilder(encoding);
    rows.forEach((row, rowIndex) => {
      appendGeoPackageGeometry(row[geometryIndex] ?? null, builder, rowIndex);
    });
    const attributes: Record<string, Vector> = {};
    columns.forEach((name, index) => {
      if (index !== geometryIndex)
        attributes[name] = attributeVector(
          rows.map((row) => row[index] ?? null),
          name,
        );
    });
    return featureTableFromBuilder(builder, layer.crs ?? 4326, attributes);
  } finally {
    database.close();
  }
}

async function openDatabase(bytes: Uint8Array, sqlWasm: ArrayBuffer | undefined): Promise<Database> {
  const SQL = await initSqlJs(sqlWasm ? { wasmBinary: sqlWasm } : {});
  try {
    return new SQL.Database(bytes);
  } catch (cause) {
    throw new JumeauError('format', 'Not a readable SQLite/GeoPackage file', { cause });
  }
}

function layersOf(database: Database): { name: string; geometryColumn: string; geometryType: string; crs: number | null }[] {
  let result: ReturnType<Database['exec']>[number] | undefined;
  try {
    result = database.exec(
      `SELECT c.table_name, g.column_name, g.geometry_type_name, s.organization, s.organization_coordsys_id
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
       LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id WHERE c.data_type = 'features' ORDER BY c.rowid`,
    )[0];
  } catch (cause) {
    throw new JumeauError('format', 'The file is SQLite but not a GeoPackage (no gpkg_contents / gpkg_geometry_columns)', { cause });
  }
  return (result?.values ?? []).map(([name, geometryColumn, geometryType, organization, code]) => ({
    name: String(name),
    geometryColumn: String(geometryColumn),
    geometryType: String(geometryType).toUpperCase(),
    crs: String(organization).toUpperCase() === 'EPSG' && Number(code) > 0 ? Number(code) : null,
  }));
}

function chooseEncoding(geometryType: string, rows: readonly SqlValue[][], geometryIndex: number): GeoArrowEncoding {
  const byName: Record<string, GeoArrowEncoding> = {
    POINT: 'geoarrow.point',
    MULTIPOINT: 'geoarrow.multipoint',
    LINESTRING: 'geoarrow.multilinestring',
    MULTILINESTRING: 'geoarrow.multilinestring',
    POLYGON: 'geoarrow.multipolygon',
    MULTIPOLYGON: 'geoarrow.multipolygon',
  };
  const named = byName[geometryType];
  if (named) return named;
  // GEOMETRY: take the family of the first non-empty geometry.
  for (const row of rows) {
    const blob = row[geometryIndex];
    if (blob instanceof Uint8Array && blob.length > 8) {
      const { view, wkbOffset } = wkbStart(blob);
      return encodingForWkbType(view.getUint32(wkbOffset + 1, view.getUint8(wkbOffset) === 1));
    }
  }
  return 'geoarrow.point';
}

function wkbStart(blob: Uint8Array): { view: DataView; wkbOffset: number; empty: boolean } {
  if (blob[0] !== 0x47 || blob[1] !== 0x50)
    throw new JumeauError('format', `Not a GeoPackage geometry blob (magic ${blob[0]}, ${blob[1]})`);
  const flags = blob[3] as number;
  const envelope = ENVELOPE_BYTES[((flags >> 1) & 7) as 0];
  if (envelope === undefined) throw new JumeauError('format', `Invalid GeoPackage envelope indicator ${(flags >> 1) & 7}`);
  return { view: new DataView(blob.buffer, blob.byteOffset, blob.byteLength), wkbOffset: 8 + envelope, empty: (flags & 0x10) !== 0 };
}

function appendGeoPackageGeometry(blob: SqlValue, builder: GeometryBuilder, rowIndex: number): void {
  if (blob instanceof Uint8Array) {
    const { view, wkbOffset, empty } = wkbStart(blob);
    if (!empty || builder.encoding === 'geoarrow.point') {
      appendWkb(view, wkbOffset, builder);
      return;
    }
  }
  builder.nullRows.add(rowIndex);
  if (builder.encoding === 'geoarrow.point') builder.coordinates.push(Number.NaN, Number.NaN);
  else (builder.offsets[0] as number[]).push((builder.offsets[0] as number[]).at(-1) as number);
}

function attributeVector(values: SqlValue[], name: string): Vector {
  if (values.every((value) => value === null || typeof value === 'number'))
    return vectorFromArray(values as (number | null)[], new Float64());
  if (values.some((value) => value instanceof Uint8Array)) {
    throw new JumeauError('unsupported', `GeoPackage column "${name}" holds binary values, which feature tables do not carry`);
  }
  return vectorFromArray(
    values.map((value) => (value === null ? null : String(value))),
    new Utf8(),
  );
}
