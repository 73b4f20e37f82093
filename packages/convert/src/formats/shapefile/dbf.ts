import { JumeauError } from '@jumeau/core';

/** A DBF attribute value as GDAL's Shapefile driver types it. */
export type DbfValue = string | number | boolean | null;

/** One field of a DBF header. */
export interface DbfField {
  readonly name: string;
  /** dBase type letter: C (text), N / F (number), L (logical), D (date YYYYMMDD). */
  readonly type: string;
  readonly length: number;
  readonly decimals: number;
}

/** A decoded DBF table: fields, rows in file order, and which rows are marked deleted. */
export interface DbfTable {
  readonly fields: readonly DbfField[];
  readonly rows: readonly (readonly DbfValue[])[];
  readonly deleted: Uint8Array;
  /** The text encoding used (WHATWG label), and where it came from. */
  readonly encoding: string;
  readonly encodingSource: 'option' | 'cpg' | 'ldid' | 'utf-8-detected' | 'default';
}

/** dBase "language driver id" (byte 29) → WHATWG encoding label, for the code pages met in French data. */
const LANGUAGE_DRIVERS: Readonly<Record<number, string>> = {
  1: 'ibm437',
  2: 'ibm850',
  3: 'windows-1252',
  87: 'windows-1252',
  88: 'windows-1252',
  89: 'windows-1252',
  100: 'ibm852',
  101: 'ibm866',
  125: 'windows-1255',
  200: 'windows-1250',
  201: 'windows-1251',
};

/**
 * The text encoding of a `.cpg` sidecar (`UTF-8`, `1252`, `ANSI 1252`, `ISO-8859-1`, `CP1252`, `LATIN1`…) as a WHATWG
 * label, or null when it names nothing this runtime decodes.
 */
export function encodingFromCpg(cpg: string): string | null {
  const text = cpg
    .trim()
    .toLowerCase()
    .replace(/^ansi\s*/, '');
  const label = /^\d+$/.test(text) ? (text === '65001' ? 'utf-8' : `windows-${text}`) : text.replace(/^cp(\d+)$/, 'windows-$1');
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/**
 * Reads a dBase III/IV table (the `.dbf` of a Shapefile). The encoding is, in order: `encoding`, the `.cpg`, the
 * language driver byte; when none is known (byte 0, no `.cpg`) the text is decoded as UTF-8 if it is valid UTF-8,
 * else as Windows-1252 — French accents come out right either way. Values follow GDAL: blank text is null,
 * numbers with no decimals and ≤ 18 digits are integers, `*` overflow and blanks are null, dates become `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * const table = readDbf(dbfBytes, { cpg: 'UTF-8' }); table.rows[0] // ['Moëze', 17245, …]
 * ```
 */
export function readDbf(bytes: Uint8Array, options: { cpg?: string; encoding?: string } = {}): DbfTable {
  if (bytes.length < 33) throw new JumeauError('format', `A DBF file has at least 33 bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength + recordCount * recordLength > bytes.length || recordLength === 0) {
    throw new JumeauError(
      'format',
      `Truncated DBF: header says ${recordCount} records of ${recordLength} bytes, file has ${bytes.length}`,
      {
        details: { recordCount, recordLength, byteLength: bytes.length },
      },
    );
  }
  const { encoding, encodingSource } = chooseEncoding(bytes, headerLength, options);
  const decoder = new TextDecoder(encoding);
  const fields = readFields(bytes, headerLength, decoder);
  const rows: DbfValue[][] = [];
  const deleted = new Uint8Array(recordCount);
  for (let record = 0; record < recordCount; record += 1) {
    const start = headerLength + record * recordLength;
    deleted[record] = bytes[start] === 0x2a ? 1 : 0;
    rows.push(readRecord(bytes, start + 1, fields, decoder));
  }
  return { fields, rows, deleted, encoding, encodingSource };
}

function chooseEncoding(
  bytes: Uint8Array,
  headerLength: number,
  options: { cpg?: string; encoding?: string },
): { encoding: string; encodingSource: DbfTable['encodingSource'] } {
  if (options.encoding !== undefined) {
    const label = encodingFromCpg(options.encoding);
    if (!label) throw new JumeauError('input', `Unknown text encoding "${options.encoding}"`, { details: { encoding: options.encoding } });
    return { encoding: label, encodingSource: 'option' };
  }
  const fromCpg = options.cpg === undefined ? null : encodingFromCpg(options.cpg);
  if (fromCpg) return { encoding: fromCpg, encodingSource: 'cpg' };
  const fromLanguageDriver = LANGUAGE_DRIVERS[bytes[29] as number];
  if (fromLanguageDriver) return { encoding: fromLanguageDriver, encodingSource: 'ldid' };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(headerLength));
    return { encoding: 'utf-8', encodingSource: 'utf-8-detected' };
  } catch {
    return { encoding: 'windows-1252', encodingSource: 'default' };
  }
}

function readFields(bytes: Uint8Array, headerLength: number, decoder: TextDecoder): DbfField[] {
  const fields: DbfField[] = [];
  for (let offset = 32; offset + 32 <= headerLength && bytes[offset] !== 0x0d; offset += 32) {
    const nameBytes = bytes.subarray(offset, offset + 11);
    const end = nameBytes.indexOf(0);
    const name = decoder.decode(end === -1 ? nameBytes : nameBytes.subarray(0, end)).trim();
    fields.push({
      name,
      type: String.fromCharCode(bytes[offset + 11] as number).toUpperCase(),
      length: bytes[offset + 16] as number,
      decimals: bytes[offset + 17] as number,
    });
  }
  return fields;
}

function readRecord(bytes: Uint8Array, start: number, fields: readonly DbfField[], decoder: TextDecoder): DbfValue[] {
  const values: DbfValue[] = [];
  let offset = start;
  for (const field of fields) {
    const raw = bytes.subarray(offset, offset + field.length);
    offset += field.length;
    values.push(decodeValue(raw, field, decoder));
  }
  return values;
}

function decodeValue(raw: Uint8Array, field: DbfField, decoder: TextDecoder): DbfValue {
  if (field.type === 'C') {
    const text = decoder.decode(raw).replace(/[\s\0]+$/, '');
    return text.length === 0 ? null : text;
  }
  const text = latin1(raw).trim();
  if (text.length === 0 || text.startsWith('*')) return null;
  if (field.type === 'N' || field.type === 'F') {
    const value = Number(text.replace(',', '.'));
    return Number.isNaN(value) ? null : value;
  }
  if (field.type === 'L') return /^[yt]$/i.test(text) ? true : /^[nf]$/i.test(text) ? false : null;
  if (field.type === 'D')
    return /^\d{8}$/.test(text) && text !== '00000000' ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
  return decoder.decode(raw).trim() || null;
}

function latin1(raw: Uint8Array): string {
  let text = '';
  for (const byte of raw) text += String.fromCharCode(byte);
  return text;
}
