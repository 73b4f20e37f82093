import { Bool, Float64, Int32, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { z } from 'zod';
import { JumeauError, featureTableFromGeoJSON, parseCrs, validate, type FeatureTable } from '@jumeau/core';
import { crsFromWkt } from '../crs-from-wkt.js';
import { readDbf, type DbfField, type DbfTable } from './dbf.js';
import { readShp, type ShapeGeometry } from './shp.js';

/** The files of a Shapefile by name (`communes.shp`, `communes.dbf`, `communes.prj`, `communes.cpg`…). */
export type ShapefileFiles = Readonly<Record<string, Uint8Array>> | ReadonlyMap<string, Uint8Array>;

/** Options of {@link readShapefile}. */
export interface ReadShapefileOptions {
  /** Which `.shp` to read when several are given (its base name, without extension). */
  readonly layer?: string;
  /** EPSG code used when there is no `.prj` (a `.prj` that names another CRS wins). */
  readonly crs?: number;
  /** Text encoding of the `.dbf`, overriding the `.cpg` and the language driver byte (e.g. `windows-1252`, `UTF-8`). */
  readonly encoding?: string;
}

const optionsSchema = z.object({
  layer: z.string().min(1).optional(),
  crs: z.number().int().positive().optional(),
  encoding: z.string().min(1).optional(),
});

function fileMap(files: ShapefileFiles): Map<string, Uint8Array> {
  const entries = files instanceof Map ? [...files.entries()] : Object.entries(files as Record<string, Uint8Array>);
  return new Map(entries.map(([name, bytes]) => [name.replace(/^.*[\\/]/, ''), bytes]));
}

/** The sidecar of `base` with extension `extension`, whatever the case of the extension. */
function sidecar(files: Map<string, Uint8Array>, base: string, extension: string): Uint8Array | undefined {
  for (const [name, bytes] of files) if (name.toLowerCase() === `${base}.${extension}`.toLowerCase()) return bytes;
  return undefined;
}

function chooseLayer(files: Map<string, Uint8Array>, layer: string | undefined): string {
  const layers = [...files.keys()].filter((name) => /\.shp$/i.test(name)).map((name) => name.slice(0, -4));
  const chosen = layer === undefined ? layers[0] : layers.find((candidate) => candidate.toLowerCase() === layer.toLowerCase());
  if (chosen === undefined || (layer === undefined && layers.length > 1)) {
    throw new JumeauError(
      'input',
      layers.length === 0
        ? `No .shp among the files given (${[...files.keys()].join(', ') || 'none'})`
        : `Shapefile layer "${layer ?? '(unnamed)'}" not found or ambiguous (layers: ${layers.join(', ')}): give options.layer`,
      { details: { layers } },
    );
  }
  return chosen;
}

function layerCrs(prj: Uint8Array | undefined, fallback: number | undefined, layer: string): number {
  if (prj === undefined) {
    if (fallback !== undefined) return parseCrs(fallback);
    throw new JumeauError('crs', `Shapefile "${layer}" has no .prj: give options.crs (e.g. 2154 for Lambert-93)`, { details: { layer } });
  }
  const wkt = new TextDecoder().decode(prj);
  const code = crsFromWkt(wkt);
  if (code !== null) return code;
  if (fallback !== undefined) return parseCrs(fallback);
  const name = /^\s*\w+\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? wkt.slice(0, 60);
  throw new JumeauError('crs', `The .prj of "${layer}" names a CRS Jumeau's registry does not know ("${name}"): give options.crs`, {
    details: { layer, wkt },
  });
}

/** A typed Arrow column per DBF field: C and D → Utf8, L → Bool, N/F without decimals and < 10 digits → Int32, else Float64. */
function attributeVector(field: DbfField, values: unknown[]): Vector {
  if (field.type === 'L') return vectorFromArray(values as (boolean | null)[], new Bool());
  if (field.type === 'N' || field.type === 'F') {
    return field.decimals === 0 && field.length < 10
      ? vectorFromArray(values as (number | null)[], new Int32())
      : vectorFromArray(values as (number | null)[], new Float64());
  }
  return vectorFromArray(values as (string | null)[], new Utf8());
}

function attributeTable(dbf: DbfTable, keep: readonly number[]): Table {
  const columns: Record<string, Vector> = {};
  dbf.fields.forEach((field, index) => {
    if (field.name in columns) return;
    columns[field.name] = attributeVector(
      field,
      keep.map((row) => dbf.rows[row]?.[index] ?? null),
    );
  });
  return new Table(columns);
}

/**
 * Reads a Shapefile given as its files' bytes (`.shp` and `.dbf` required; `.shx`, `.prj` and `.cpg` used when present)
 * into a feature table. The CRS comes from the `.prj`, identified against the core registry (ESRI and OGC WKT:
 * Lambert-93 under any of its names, RGF93, WGS 84, UTM zones of the overseas territories…), else `options.crs`;
 * the `.dbf` text encoding from `options.encoding`, the `.cpg`, the language driver byte, else UTF-8 when valid and
 * Windows-1252 otherwise. Geometries follow GDAL (see {@link readShp}); records marked deleted are skipped; the
 * attribute columns keep their DBF types.
 *
 * @example
 * ```ts
 * const communes = readShapefile({ 'COMMUNE.shp': shp, 'COMMUNE.dbf': dbf, 'COMMUNE.prj': prj }) // EPSG:2154
 * ```
 */
export function readShapefile(files: ShapefileFiles, options: ReadShapefileOptions = {}): FeatureTable {
  const parsed = validate(optionsSchema, options, 'Shapefile options');
  const all = fileMap(files);
  const layer = chooseLayer(all, parsed.layer);
  const shp = readShp(sidecar(all, layer, 'shp') as Uint8Array, sidecar(all, layer, 'shx'));
  const dbfBytes = sidecar(all, layer, 'dbf');
  if (!dbfBytes) throw new JumeauError('input', `Shapefile "${layer}" has no .dbf among the files given`, { details: { layer } });
  const cpg = sidecar(all, layer, 'cpg');
  const dbf = readDbf(dbfBytes, {
    ...(cpg ? { cpg: new TextDecoder().decode(cpg) } : {}),
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
  });
  if (dbf.rows.length !== shp.geometries.length) {
    throw new JumeauError('format', `Shapefile "${layer}": ${shp.geometries.length} shapes but ${dbf.rows.length} DBF records`, {
      details: { shapes: shp.geometries.length, records: dbf.rows.length },
    });
  }
  const crs = layerCrs(sidecar(all, layer, 'prj'), parsed.crs, layer);
  const keep = dbf.rows.map((_, row) => row).filter((row) => dbf.deleted[row] === 0);
  const geometries = keep.map((row) => shp.geometries[row] as ShapeGeometry | null);
  const geometryTable = featureTableFromGeoJSON(
    { type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', geometry, properties: {} })) },
    { crs, ...encodingFor(shp.shapeType % 10, geometries) },
  );
  return geometryTable.assign(attributeTable(dbf, keep)) as FeatureTable;
}

function encodingFor(baseType: number, geometries: readonly (ShapeGeometry | null)[]): { encoding?: 'geoarrow.multipoint' } {
  return baseType === 8 && geometries.every((geometry) => geometry === null) ? { encoding: 'geoarrow.multipoint' } : {};
}
