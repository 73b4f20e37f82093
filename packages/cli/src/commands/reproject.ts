import { createReadStream, createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { JumeauError, parseCrs } from '@jumeau/core';
import { createTransformer } from '@jumeau/convert';
import type { Command, CommandIo } from '../command.js';
import { detectDelimiter, formatCsvField, readCsvRecords } from '../csv.js';
import { requireOption } from '../program.js';

const BATCH_ROWS = 65_536;

function columnIndex(header: readonly string[], wanted: string | undefined, fallbacks: readonly string[]): number {
  const names = header.map((name) => name.trim().toLowerCase());
  for (const candidate of wanted ? [wanted.toLowerCase()] : fallbacks) {
    const index = names.indexOf(candidate);
    if (index >= 0) return index;
  }
  return -1;
}

/** The text of a file or stdin, chunk by chunk (one streaming UTF-8 decoder, so characters are never split). */
async function* lines(io: CommandIo, path: string | undefined): AsyncGenerator<string> {
  const stream = path && path !== '-' ? createReadStream(resolve(io.cwd, path)) : io.stdin;
  const decoder = new TextDecoder();
  for await (const chunk of stream) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** `jumeau reproject`: transforms the x,y(,z) columns of a CSV between two CRSs, streaming. */
export const reprojectCommand: Command = {
  path: ['reproject'],
  summary: 'reproject the x,y(,z) columns of a CSV between CRSs (Lambert-93, CC zones, overseas, WGS84…)',
  help: `Usage: jumeau reproject --from EPSG:A --to EPSG:B [--in in.csv] [--out out.csv]
                        [--x-column x] [--y-column y] [--z-column z] [--delimiter ,|;|tab]

Reads a CSV with a header, transforms the x and y columns (and z if present: heights pass through unchanged,
no geoid change) and writes every other column as it came. Reads stdin and writes stdout by default.
The delimiter is detected from the header (",", ";" or tab) unless given. Geographic CRSs take and give
longitude in x and latitude in y, in degrees. Rows whose x or y is empty are written unchanged.

  --from CRS, --to CRS   EPSG:2154, 2154, urn:ogc:def:crs:EPSG::2154, CRS:84…
  --in FILE, --out FILE  input and output files (default: stdin, stdout)
  --x-column, --y-column, --z-column   column names (default x/lon/longitude, y/lat/latitude, z)`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    in: { type: 'string' },
    out: { type: 'string' },
    'x-column': { type: 'string' },
    'y-column': { type: 'string' },
    'z-column': { type: 'string' },
    delimiter: { type: 'string' },
  },
  async run({ values }, io) {
    const from = parseCrs(requireOption(values, 'from'));
    const to = parseCrs(requireOption(values, 'to'));
    const transformer = createTransformer(from, to);
    if (transformer.approximate)
      io.stderr.write(`jumeau reproject: warning: ${transformer.description} is approximate (metres off PROJ's grid-based operation)\n`);
    const out = typeof values.out === 'string' && values.out !== '-' ? createWriteStream(resolve(io.cwd, values.out)) : io.stdout;
    const given = typeof values.delimiter === 'string' ? (values.delimiter === 'tab' ? '\t' : values.delimiter) : undefined;
    const source = lines(io, typeof values.in === 'string' ? values.in : undefined);
    const first = await source.next();
    const firstText = first.done ? '' : first.value;
    const delimiter = given ?? detectDelimiter(firstText.split(/\r?\n/)[0] ?? '');
    async function* replay(): AsyncGenerator<string> {
      if (!first.done) yield firstText;
      yield* source;
    }
    let header: string[] | null = null;
    let xColumn = -1;
    let yColumn = -1;
    let batch: string[][] = [];
    const flush = () => {
      const coordinates = new Float64Array(batch.length * 2);
      batch.forEach((fields, row) => {
        coordinates[row * 2] = fields[xColumn] === '' ? Number.NaN : Number(fields[xColumn]);
        coordinates[row * 2 + 1] = fields[yColumn] === '' ? Number.NaN : Number(fields[yColumn]);
      });
      transformer.forward(coordinates, { inPlace: true });
      const text = batch
        .map((fields, row) => {
          if (fields[xColumn] !== '' && fields[yColumn] !== '') {
            fields[xColumn] = formatCoordinate(coordinates[row * 2] as number, to);
            fields[yColumn] = formatCoordinate(coordinates[row * 2 + 1] as number, to);
          }
          return fields.map((field) => formatCsvField(field, delimiter)).join(delimiter);
        })
        .join('\n');
      out.write(`${text}\n`);
      batch = [];
    };
    for await (const { fields, line } of readCsvRecords(replay(), delimiter)) {
      if (header === null) {
        header = fields;
        xColumn = columnIndex(header, values['x-column'] as string | undefined, ['x', 'lon', 'longitude', 'lng', 'easting']);
        yColumn = columnIndex(header, values['y-column'] as string | undefined, ['y', 'lat', 'latitude', 'northing']);
        if (xColumn < 0 || yColumn < 0) {
          throw new JumeauError(
            'input',
            `The CSV header has no x/y columns (header: ${header.join(delimiter)}); name them with --x-column/--y-column`,
          );
        }
        out.write(`${header.map((field) => formatCsvField(field, delimiter)).join(delimiter)}\n`);
        continue;
      }
      for (const column of [xColumn, yColumn]) {
        const text = fields[column] ?? '';
        if (text !== '' && !Number.isFinite(Number(text))) {
          throw new JumeauError('input', `CSV line ${line}: ${header[column]} "${text}" is not a number`);
        }
      }
      batch.push(fields);
      if (batch.length === BATCH_ROWS) flush();
    }
    if (batch.length > 0) flush();
    if (out !== io.stdout)
      await new Promise<void>((done, fail) => (out as NodeJS.WritableStream).end((error?: Error | null) => (error ? fail(error) : done())));
  },
};

function formatCoordinate(value: number, crs: number): string {
  if (!Number.isFinite(value)) return '';
  // 1e-9° ≈ 0.1 mm; 0.1 mm in projected CRSs: both well under PROJ-level accuracy.
  return crs === 4326 || crs === 4171 || crs === 4258 ? value.toFixed(9) : value.toFixed(4);
}
