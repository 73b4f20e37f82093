import type { Field, Table } from 'apache-arrow';
import { JumeauError } from '../errors.js';
import { parseCrs } from '../crs/registry.js';
import { EXTENSION_METADATA_KEY, EXTENSION_NAME_KEY, NESTING_DEPTH, type CoordinateDimensions, type GeoArrowEncoding } from './geoarrow.js';

/**
 * A feature table: an Apache Arrow `Table` with one GeoArrow geometry column (native interleaved encoding,
 * with the `crs` in its extension metadata) and typed attribute columns. It is a plain Arrow table, so any
 * Arrow tool reads it, and it crosses worker boundaries as IPC bytes or transferred buffers.
 */
export type FeatureTable = Table;

/** What {@link describeGeometryColumn} tells about a table's geometry column. */
export interface GeometryColumnInfo {
  readonly name: string;
  readonly index: number;
  readonly encoding: GeoArrowEncoding;
  readonly dimensions: CoordinateDimensions;
  /** EPSG code from the GeoArrow metadata, or null when the column declares none. */
  readonly crs: number | null;
}

function isGeoArrowField(field: Field): boolean {
  const name = field.metadata.get(EXTENSION_NAME_KEY);
  return name !== undefined && name in NESTING_DEPTH;
}

/**
 * Finds the geometry column (the first GeoArrow field, or the one named `column`) and reads its encoding,
 * dimensions and CRS. Throws `input` when the table has none.
 */
export function describeGeometryColumn(table: Table, column?: string): GeometryColumnInfo {
  const index = table.schema.fields.findIndex((field) => (column === undefined ? isGeoArrowField(field) : field.name === column));
  const field = table.schema.fields[index];
  if (!field || !isGeoArrowField(field)) {
    const names = table.schema.fields.map((candidate) => candidate.name).join(', ');
    throw new JumeauError(
      'input',
      column === undefined
        ? `The table has no GeoArrow geometry column (columns: ${names})`
        : `The column "${column}" is not a GeoArrow geometry column (columns: ${names})`,
    );
  }
  const encoding = field.metadata.get(EXTENSION_NAME_KEY) as GeoArrowEncoding;
  let type = field.type;
  for (let level = 0; level < NESTING_DEPTH[encoding]; level += 1) type = type.children[0]?.type;
  const dimensions: CoordinateDimensions = type?.children?.[0]?.name === 'xyz' ? 'xyz' : 'xy';
  return { name: field.name, index, encoding, dimensions, crs: readCrs(field.metadata.get(EXTENSION_METADATA_KEY)) };
}

function readCrs(metadata: string | undefined): number | null {
  if (!metadata) return null;
  let parsed: { crs?: unknown };
  try {
    parsed = JSON.parse(metadata) as { crs?: unknown };
  } catch (cause) {
    throw new JumeauError('format', 'The GeoArrow extension metadata is not valid JSON', { cause });
  }
  const crs = parsed.crs;
  if (crs === undefined || crs === null) return null;
  if (typeof crs === 'string' || typeof crs === 'number') return parseCrs(crs);
  const id = (crs as { id?: { authority?: string; code?: number | string } }).id;
  if (id?.authority?.toUpperCase() === 'EPSG' && id.code !== undefined) return Number(id.code);
  throw new JumeauError('crs', `Cannot read the GeoArrow CRS ${JSON.stringify(crs).slice(0, 120)}: only EPSG codes are supported`);
}

/** The EPSG code of a feature table's geometry column; throws `crs` when it declares none. */
export function featureTableCrs(table: Table): number {
  const info = describeGeometryColumn(table);
  if (info.crs === null) throw new JumeauError('crs', `The geometry column "${info.name}" declares no CRS`);
  return info.crs;
}
