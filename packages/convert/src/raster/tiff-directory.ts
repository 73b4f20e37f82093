import { JumeauError } from '@jumeau/core';
import type { ByteSource } from './byte-source.js';
import { FIELD_TYPE_SIZES } from './tiff-tags.js';

/** One IFD: its tags, each as numbers or (ASCII) a string. */
export type TiffDirectory = ReadonlyMap<number, readonly number[] | string>;

/** The parsed structure of a TIFF file: byte order, flavour and every IFD in chain order. */
export interface TiffStructure {
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  readonly directories: readonly TiffDirectory[];
}

const MAXIMUM_DIRECTORIES = 4096;

/**
 * Reads the header and the whole IFD chain of a TIFF or BigTIFF file. Throws `format` for anything that is not a
 * TIFF or whose IFD chain is corrupt (loops, offsets past the end, unknown field types).
 */
export async function readTiffStructure(source: ByteSource, signal?: AbortSignal): Promise<TiffStructure> {
  const header = await source.read(0, Math.min(16, source.sizeBytes ?? 16), signal).catch(() => {
    throw formatError(source, 'the file is shorter than a TIFF header');
  });
  if (header.byteLength < 8) throw formatError(source, `the file is shorter than a TIFF header (${header.byteLength} bytes)`);
  const order = String.fromCharCode(header[0] ?? 0, header[1] ?? 0);
  if (order !== 'II' && order !== 'MM') throw formatError(source, `not a TIFF file (starts with "${order}")`);
  const littleEndian = order === 'II';
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const magic = view.getUint16(2, littleEndian);
  if (magic !== 42 && magic !== 43) throw formatError(source, `not a TIFF file (version ${magic}, expected 42 or 43)`);
  const bigTiff = magic === 43;
  if (bigTiff && header.byteLength < 16) throw formatError(source, 'truncated BigTIFF header');
  let offset = bigTiff ? Number(view.getBigUint64(8, littleEndian)) : view.getUint32(4, littleEndian);
  const directories: TiffDirectory[] = [];
  const seen = new Set<number>();
  while (offset !== 0) {
    if (seen.has(offset) || directories.length >= MAXIMUM_DIRECTORIES) {
      throw formatError(source, `the IFD chain loops or is too long (IFD at offset ${offset})`);
    }
    seen.add(offset);
    const { directory, next } = await readDirectory(source, offset, littleEndian, bigTiff, signal);
    directories.push(directory);
    offset = next;
  }
  if (directories.length === 0) throw formatError(source, 'the file has no image directory');
  return { littleEndian, bigTiff, directories };
}

async function readDirectory(
  source: ByteSource,
  offset: number,
  littleEndian: boolean,
  bigTiff: boolean,
  signal?: AbortSignal,
): Promise<{ directory: TiffDirectory; next: number }> {
  const countBytes = bigTiff ? 8 : 2;
  const entryBytes = bigTiff ? 20 : 12;
  const countView = toView(await source.read(offset, countBytes, signal));
  const count = bigTiff ? Number(countView.getBigUint64(0, littleEndian)) : countView.getUint16(0, littleEndian);
  if (count === 0 || count > 10_000) throw formatError(source, `the IFD at offset ${offset} declares ${count} entries`);
  const tableBytes = count * entryBytes + (bigTiff ? 8 : 4);
  const table = toView(await source.read(offset + countBytes, tableBytes, signal));
  const directory = new Map<number, readonly number[] | string>();
  for (let index = 0; index < count; index += 1) {
    const at = index * entryBytes;
    const tag = table.getUint16(at, littleEndian);
    const type = table.getUint16(at + 2, littleEndian);
    const valueCount = bigTiff ? Number(table.getBigUint64(at + 4, littleEndian)) : table.getUint32(at + 4, littleEndian);
    const typeSize = FIELD_TYPE_SIZES[type];
    if (typeSize === undefined) continue; // unknown types are skipped, as libtiff does
    const valueBytes = typeSize * valueCount;
    const inlineBytes = bigTiff ? 8 : 4;
    const valueAt = at + (bigTiff ? 12 : 8);
    let values: DataView;
    if (valueBytes <= inlineBytes) {
      values = new DataView(table.buffer, table.byteOffset + valueAt, valueBytes);
    } else {
      const pointer = bigTiff ? Number(table.getBigUint64(valueAt, littleEndian)) : table.getUint32(valueAt, littleEndian);
      values = toView(await source.read(pointer, valueBytes, signal));
    }
    directory.set(tag, decodeValues(values, type, valueCount, littleEndian));
  }
  const nextAt = count * entryBytes;
  const next = bigTiff ? Number(table.getBigUint64(nextAt, littleEndian)) : table.getUint32(nextAt, littleEndian);
  return { directory, next };
}

function decodeValues(view: DataView, type: number, count: number, littleEndian: boolean): readonly number[] | string {
  if (type === 2) {
    let text = '';
    for (let index = 0; index < count; index += 1) {
      const code = view.getUint8(index);
      if (code === 0) break;
      text += String.fromCharCode(code);
    }
    return text;
  }
  const values = new Array<number>(count);
  for (let index = 0; index < count; index += 1) values[index] = readValue(view, type, index, littleEndian);
  return values;
}

function readValue(view: DataView, type: number, index: number, littleEndian: boolean): number {
  switch (type) {
    case 1:
    case 7:
      return view.getUint8(index);
    case 6:
      return view.getInt8(index);
    case 3:
      return view.getUint16(index * 2, littleEndian);
    case 8:
      return view.getInt16(index * 2, littleEndian);
    case 4:
      return view.getUint32(index * 4, littleEndian);
    case 9:
      return view.getInt32(index * 4, littleEndian);
    case 5:
      return view.getUint32(index * 8, littleEndian) / view.getUint32(index * 8 + 4, littleEndian);
    case 10:
      return view.getInt32(index * 8, littleEndian) / view.getInt32(index * 8 + 4, littleEndian);
    case 11:
      return view.getFloat32(index * 4, littleEndian);
    case 12:
      return view.getFloat64(index * 8, littleEndian);
    case 17:
      return Number(view.getBigInt64(index * 8, littleEndian));
    default:
      return Number(view.getBigUint64(index * 8, littleEndian));
  }
}

function toView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A `format` error naming the source and the problem. */
export function formatError(source: Pick<ByteSource, 'name'>, problem: string, details: Record<string, unknown> = {}): JumeauError {
  return new JumeauError('format', `Corrupt or invalid TIFF ${source.name}: ${problem}`, { details: { source: source.name, ...details } });
}
