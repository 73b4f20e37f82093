import { z } from 'zod';
import {
  JumeauError,
  featureTableFromGeoJSON,
  featureTableFromIPC,
  featureTableToGeoJSON,
  featureTableToIPC,
  featureTableCrs,
  validate,
  type FeatureTable,
} from '@jumeau/core';
import { readFlatGeobuf } from './flatgeobuf.js';
import { readGeoParquet } from './geoparquet/read-geoparquet.js';
import { readGeoPackage } from './geopackage.js';
import { readCsv, type ReadCsvOptions } from './csv/read-csv.js';
import { readShapefile, type ShapefileFiles } from './shapefile/read-shapefile.js';

/** The vector formats {@link loadFeatureTable} reads. */
export type VectorFormat = 'geojson' | 'geopackage' | 'flatgeobuf' | 'arrow' | 'shapefile' | 'csv' | 'geoparquet';

/** Options of {@link loadFeatureTable}. */
export interface LoadFeatureTableOptions {
  /** Skip sniffing. */
  readonly format?: VectorFormat;
  /** GeoPackage layer (default: the first). */
  readonly layer?: string;
  /** CRS of files that do not declare one (GeoJSON is WGS84 by RFC 7946 unless a legacy `crs` member says otherwise). */
  readonly crs?: number;
  /** CSV columns, separator and decimal comma (see {@link readCsv}); `crs` above applies to CSVs too. */
  readonly csv?: Omit<ReadCsvOptions, 'crs'>;
  /** Text encoding of a Shapefile's `.dbf` or of a CSV, overriding detection. */
  readonly encoding?: string;
}

const optionsSchema = z.object({
  format: z.enum(['geojson', 'geopackage', 'flatgeobuf', 'arrow', 'shapefile', 'csv', 'geoparquet']).optional(),
  layer: z.string().optional(),
  crs: z.number().int().positive().optional(),
  csv: z.record(z.string(), z.unknown()).optional(),
  encoding: z.string().min(1).optional(),
});

/**
 * Recognises a vector file by its first bytes: `SQLite format 3` (GeoPackage), `fgb` (FlatGeobuf), `PAR1`
 * (GeoParquet), `ARROW1`
 * (Arrow IPC file), `{` (GeoJSON), the file code 9994 (a Shapefile's `.shp`: its `.dbf` is needed too), or text
 * whose first line holds coordinate or WKT column names (CSV). Returns null when none matches.
 *
 * @example
 * ```ts
 * sniffVectorFormat(new TextEncoder().encode('x;y;nom\n')) // 'csv'
 * ```
 */
export function sniffVectorFormat(bytes: Uint8Array): VectorFormat | null {
  const head = new TextDecoder().decode(bytes.subarray(0, 16));
  if (head.startsWith('SQLite format 3')) return 'geopackage';
  if (head.startsWith('fgb')) return 'flatgeobuf';
  if (head.startsWith('PAR1')) return 'geoparquet';
  if (head.startsWith('ARROW1') || (bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)) return 'arrow';
  if (head.trimStart().startsWith('{')) return 'geojson';
  if (bytes.length >= 100 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a) return 'shapefile';
  return looksLikeCsv(bytes) ? 'csv' : null;
}

const CSV_HEADER =
  /^\uFEFF?[^\n]*(?:^|[,;\t|"])\s*(?:x|lon|lng|long|longitude|easting|wkt|geom|geometry|the_geom|x_\w+)\s*"?(?:[,;\t|]|\r?$)/im;

/** A first line with a separator and a coordinate or WKT column name. */
function looksLikeCsv(bytes: Uint8Array): boolean {
  const firstLine = new TextDecoder().decode(bytes.subarray(0, 4096)).split('\n')[0] ?? '';
  return /[,;\t|]/.test(firstLine) && !firstLine.includes('\0') && CSV_HEADER.test(firstLine);
}

/**
 * Loads a vector file's bytes into a feature table, sniffing the format unless given: GeoJSON (core reader;
 * a legacy `crs` member naming an EPSG code is honoured), GeoPackage (sql.js), FlatGeobuf (loaders.gl), Arrow IPC
 * (core GeoArrow reader), GeoParquet ({@link readGeoParquet}), CSV with x/y or WKT columns ({@link readCsv}). A Shapefile is given as its files by name
 * (`{ 'a.shp': …, 'a.dbf': …, 'a.prj': … }`, see {@link readShapefile}). Throws `format` for bytes no reader
 * recognises.
 *
 * @example
 * ```ts
 * const districts = await loadFeatureTable(bytes, { layer: 'districts' })
 * const communes = await loadFeatureTable({ 'COMMUNE.shp': shp, 'COMMUNE.dbf': dbf, 'COMMUNE.prj': prj })
 * ```
 */
export async function loadFeatureTable(bytes: Uint8Array | ShapefileFiles, options: LoadFeatureTableOptions = {}): Promise<FeatureTable> {
  const parsed = validate(optionsSchema, options, 'load options');
  const common = {
    ...(parsed.crs === undefined ? {} : { crs: parsed.crs }),
    ...(parsed.encoding === undefined ? {} : { encoding: parsed.encoding }),
  };
  if (!(bytes instanceof Uint8Array))
    return readShapefile(bytes, { ...common, ...(parsed.layer === undefined ? {} : { layer: parsed.layer }) });
  const format = parsed.format ?? sniffVectorFormat(bytes);
  if (format === 'shapefile') {
    throw new JumeauError(
      'input',
      'A .shp alone has no attributes: pass the files as { "name.shp": bytes, "name.dbf": bytes, "name.prj": bytes }',
    );
  }
  if (format === 'csv') return readCsv(bytes, { ...(parsed.csv as Omit<ReadCsvOptions, 'crs'>), ...common });
  if (format === 'geopackage') return readGeoPackage(bytes, parsed.layer === undefined ? {} : { layer: parsed.layer });
  if (format === 'flatgeobuf') return readFlatGeobuf(bytes, parsed.crs === undefined ? {} : { crs: parsed.crs });
  if (format === 'arrow') return featureTableFromIPC(bytes);
  if (format === 'geoparquet') return readGeoParquet(bytes, parsed.crs === undefined ? {} : { crs: parsed.crs });
  if (format === 'geojson') return readGeoJSON(bytes, parsed.crs);
  throw new JumeauError(
    'format',
    `Unrecognised vector format (first bytes ${JSON.stringify(new TextDecoder().decode(bytes.subarray(0, 8)))}): give options.format`,
  );
}

function readGeoJSON(bytes: Uint8Array, fallbackCrs: number | undefined): FeatureTable {
  let collection: { crs?: { properties?: { name?: string } } };
  try {
    collection = JSON.parse(new TextDecoder().decode(bytes)) as typeof collection;
  } catch (cause) {
    throw new JumeauError('format', 'The GeoJSON is not valid JSON', { cause });
  }
  const named = /EPSG:{1,2}(\d+)/.exec(collection.crs?.properties?.name ?? '')?.[1];
  return featureTableFromGeoJSON(collection, { crs: named ? Number(named) : (fallbackCrs ?? 4326) });
}

/**
 * Writes a feature table as GeoJSON text; a table not in WGS84 gets the legacy `crs` member (as GDAL writes) so
 * GDAL and QGIS read its coordinates right.
 *
 * @example
 * ```ts
 * writeFileSync('communes.geojson', writeGeoJSON(communes))
 * ```
 */
export function writeGeoJSON(table: FeatureTable): string {
  const collection = featureTableToGeoJSON(table);
  const crs = featureTableCrs(table);
  return JSON.stringify(
    crs === 4326
      ? collection
      : {
          type: collection.type,
          crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${crs}` } },
          features: collection.features,
        },
  );
}

/**
 * Writes a feature table as Arrow IPC (stream format) bytes with its GeoArrow metadata.
 *
 * @example
 * ```ts
 * writeFileSync('communes.arrow', writeArrowIPC(communes))
 * ```
 */
export function writeArrowIPC(table: FeatureTable): Uint8Array {
  return featureTableToIPC(table);
}
