import { z } from 'zod';
import { JumeauError, describeGeometryColumn, geometryBuffers, readGeometryFromBuffers, validate, type FeatureTable } from '@jumeau/core';
import { formatWkt, type WktGeometry } from '../wkt.js';

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions {
  /** `xy`: columns `x`, `y` (points only; default for point tables); `wkt`: one `WKT` column (default otherwise). */
  readonly geometry?: 'xy' | 'wkt';
  /** Field separator (default `,`). */
  readonly separator?: ',' | ';' | '\t' | '|';
  /** Write numbers with a decimal comma (French spreadsheets); needs a separator other than `,`. */
  readonly decimalComma?: boolean;
}

const optionsSchema = z.object({
  geometry: z.enum(['xy', 'wkt']).optional(),
  separator: z.enum([',', ';', '\t', '|']).default(','),
  decimalComma: z.boolean().default(false),
});

function quote(text: string, separator: string): string {
  return /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatValue(value: unknown, separator: string, decimalComma: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return decimalComma ? String(value).replace('.', ',') : String(value);
  return quote(typeof value === 'object' ? JSON.stringify(value) : String(value), separator);
}

/**
 * Writes a feature table as CSV text with a header: points as `x`, `y` columns, or any geometry as a `WKT` column
 * (what `ogr2ogr -f CSV -lco GEOMETRY=AS_WKT` writes; GDAL and {@link readCsv} read both back). Numbers are written
 * in their shortest exact form, text is quoted when it holds the separator, a quote or a line break, null is empty.
 *
 * @example
 * ```ts
 * writeFileSync('cells.csv', writeCsv(cells, { separator: ';', decimalComma: true }))
 * ```
 */
export function writeCsv(table: FeatureTable, options: WriteCsvOptions = {}): string {
  const parsed = validate(optionsSchema, options, 'CSV writer options');
  if (parsed.decimalComma && parsed.separator === ',') throw new JumeauError('input', 'decimalComma needs a separator other than ","');
  const geometryColumn = describeGeometryColumn(table);
  const mode = parsed.geometry ?? (geometryColumn.encoding === 'geoarrow.point' ? 'xy' : 'wkt');
  if (mode === 'xy' && geometryColumn.encoding !== 'geoarrow.point') {
    throw new JumeauError('input', `x/y columns hold points only; this table has ${geometryColumn.encoding}: use geometry: 'wkt'`);
  }
  const attributes = table.schema.fields.filter((field) => field.name !== geometryColumn.name).map((field) => field.name);
  const separator = parsed.separator;
  const lines = [[...(mode === 'xy' ? ['x', 'y'] : ['WKT']), ...attributes].map((name) => quote(name, separator)).join(separator)];
  let row = 0;
  for (const buffers of geometryBuffers(table)) {
    for (let local = 0; local < buffers.length; local += 1, row += 1) {
      const geometry = readGeometryFromBuffers(buffers, local) as WktGeometry | null;
      const geometryFields =
        mode === 'xy'
          ? geometry === null
            ? ['', '']
            : (geometry.coordinates as number[]).slice(0, 2).map((value) => formatValue(value, separator, parsed.decimalComma))
          : [geometry === null ? '' : quote(formatWkt(geometry), separator)];
      const values = attributes.map((name) => formatValue(table.getChild(name)?.get(row), separator, parsed.decimalComma));
      lines.push([...geometryFields, ...values].join(separator));
    }
  }
  return `${lines.join('\n')}\n`;
}
