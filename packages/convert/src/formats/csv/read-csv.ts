import { Float64, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { z } from 'zod';
import { JumeauError, featureTableFromGeoJSON, parseCrs, validate, type FeatureTable } from '@jumeau/core';
import { parseWkt, type WktGeometry } from '../wkt.js';
import { CSV_SEPARATORS, decodeCsvBytes, detectSeparator, parseCsvRows } from './csv-text.js';
import { findGeometryColumns, type CsvGeometryColumns } from './geometry-columns.js';

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** Column of x (easting or longitude); with `y`. Default: detected (x/y, lon/lat, lng/lat, longitude/latitude…). */
  readonly x?: string;
  /** Column of y (northing or latitude). */
  readonly y?: string;
  /** Column of WKT geometries, instead of x/y. Default: detected (`WKT`, `geometry`, `geom`, `the_geom`). */
  readonly wkt?: string;
  /** EPSG code of the coordinates. Default: 4326 for lon/lat columns and WKT in degrees; required for x/y in metres. */
  readonly crs?: number;
  /** Field separator. Default: detected among `,` `;` tab `|`. */
  readonly separator?: ',' | ';' | '\t' | '|';
  /** Read `12,5` as 12.5 (French decimal comma) in coordinates and numeric columns. Needs a separator other than `,`. */
  readonly decimalComma?: boolean;
  /** Text encoding. Default: UTF-8, or Windows-1252 when the bytes are not valid UTF-8. */
  readonly encoding?: string;
}

const optionsSchema = z.object({
  x: z.string().min(1).optional(),
  y: z.string().min(1).optional(),
  wkt: z.string().min(1).optional(),
  crs: z.number().int().positive().optional(),
  separator: z.enum(CSV_SEPARATORS).optional(),
  decimalComma: z.boolean().default(false),
  encoding: z.string().min(1).optional(),
});

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(text: string, decimalComma: boolean): number {
  const normalised = decimalComma ? text.trim().replace(',', '.') : text.trim();
  return NUMBER.test(normalised) ? Number(normalised) : Number.NaN;
}

/**
 * A column is numeric when every non-empty value is a plain decimal number without a leading zero (so INSEE codes
 * such as `01001` and postcodes stay text); else it is text. Empty fields are null.
 */
function attributeVector(values: readonly string[], decimalComma: boolean): Vector {
  const present = values.filter((value) => value !== '');
  const numeric =
    present.length > 0 && present.every((value) => !/^[+-]?0\d/.test(value.trim()) && !Number.isNaN(toNumber(value, decimalComma)));
  if (numeric)
    return vectorFromArray(
      values.map((value) => (value === '' ? null : toNumber(value, decimalComma))),
      new Float64(),
    );
  return vectorFromArray(
    values.map((value) => (value === '' ? null : value)),
    new Utf8(),
  );
}

function pointGeometry(row: readonly string[], columns: { x: number; y: number }, decimalComma: boolean, line: number): WktGeometry | null {
  const xText = row[columns.x] ?? '';
  const yText = row[columns.y] ?? '';
  if (xText.trim() === '' && yText.trim() === '') return null;
  const x = toNumber(xText, decimalComma);
  const y = toNumber(yText, decimalComma);
  if (Number.isNaN(x) || Number.isNaN(y)) {
    throw new JumeauError(
      'format',
      `CSV line ${line}: coordinates "${xText}", "${yText}" are not numbers${decimalComma ? '' : ' (decimal commas? set decimalComma)'}`,
      {
        details: { line, x: xText, y: yText },
      },
    );
  }
  return { type: 'Point', coordinates: [x, y] };
}

function chooseCrs(requested: number | undefined, geometry: CsvGeometryColumns, geometries: readonly (WktGeometry | null)[]): number {
  if (requested !== undefined) return parseCrs(requested);
  if (geometry.kind === 'lon-lat') return 4326;
  const degrees = geometries.every(
    (item) =>
      item === null ||
      JSON.stringify(item.coordinates)
        .match(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi)
        ?.every((n) => Math.abs(Number(n)) <= 180),
  );
  if (geometry.kind === 'wkt' && degrees) return 4326;
  throw new JumeauError(
    'crs',
    `The CSV coordinates (${geometry.names.join(', ')}) are not longitudes/latitudes: give options.crs (e.g. 2154)`,
    {
      details: { columns: geometry.names },
    },
  );
}

/**
 * Reads a CSV with coordinates into a feature table (points from x/y columns, or any geometry from a WKT column).
 * The separator is detected (`,` `;` tab `|`), quotes follow RFC 4180, a UTF-8 BOM is dropped and non-UTF-8 text
 * is read as Windows-1252. Other columns become Float64 when every value is a number (codes with a leading zero
 * stay text) and Utf8 otherwise; empty fields are null, rows without coordinates get a null geometry.
 *
 * @example
 * ```ts
 * const cells = readCsv(bytes, { crs: 2975 }) // columns "x","y" in RGR92 / UTM 40S, other columns as attributes
 * const fires = readCsv(text, { x: 'longitude', y: 'latitude', decimalComma: true }) // ';' and "45,93"
 * ```
 */
export function readCsv(input: Uint8Array | string, options: ReadCsvOptions = {}): FeatureTable {
  const parsed = validate(optionsSchema, options, 'CSV options');
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeCsvBytes(input, parsed.encoding).replace(/^\uFEFF/, '');
  const separator = parsed.separator ?? detectSeparator(text);
  if (parsed.decimalComma && separator === ',') throw new JumeauError('input', 'decimalComma needs a separator other than ","');
  const [header, ...rows] = parseCsvRows(text, separator);
  if (!header) throw new JumeauError('format', 'The CSV is empty (no header line)');
  const names = header.map((name) => name.trim());
  const geometryColumns = findGeometryColumns(names, rows, parsed);
  const geometries = rows.map((row, index) =>
    geometryColumns.kind === 'wkt'
      ? (row[geometryColumns.wkt] ?? '').trim() === ''
        ? null
        : parseWkt(row[geometryColumns.wkt] as string)
      : pointGeometry(row, geometryColumns, parsed.decimalComma, index + 2),
  );
  const crs = chooseCrs(parsed.crs, geometryColumns, geometries);
  const table = featureTableFromGeoJSON(
    { type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', geometry, properties: {} })) },
    { crs },
  );
  const columns: Record<string, Vector> = {};
  names.forEach((name, column) => {
    if (geometryColumns.consumed.includes(column) || name in columns || name === 'geometry') return;
    columns[name] = attributeVector(
      rows.map((row) => row[column] ?? ''),
      parsed.decimalComma,
    );
  });
  return Object.keys(columns).length === 0 ? table : (table.assign(new Table(columns)) as FeatureTable);
}
