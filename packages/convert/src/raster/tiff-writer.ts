import { FIELD_TYPE, FIELD_TYPE_SIZES } from './tiff-tags.js';

/** One IFD entry to write: numbers of a numeric type, or an ASCII string (NUL added). Internal. */
export interface IfdEntry {
  readonly tag: number;
  readonly type: number;
  readonly values: readonly number[] | string;
}

function valueCount(entry: IfdEntry): number {
  return typeof entry.values === 'string' ? entry.values.length + 1 : entry.values.length;
}

function valueBytes(entry: IfdEntry): number {
  return valueCount(entry) * (FIELD_TYPE_SIZES[entry.type] as number);
}

/** Bytes an IFD takes with its out-of-line values (each padded to an even size), little-endian layout. */
export function measureIfd(entries: readonly IfdEntry[], bigTiff: boolean): number {
  const inline = bigTiff ? 8 : 4;
  const table = (bigTiff ? 8 : 2) + entries.length * (bigTiff ? 20 : 12) + (bigTiff ? 8 : 4);
  let extra = 0;
  for (const entry of entries) {
    const bytes = valueBytes(entry);
    if (bytes > inline) extra += bytes + (bytes % 2);
  }
  return table + extra;
}

/**
 * Writes an IFD at `offset` (entries sorted by tag, as TIFF requires) followed by its out-of-line values, and the
 * pointer to the next IFD. Returns the offset just past what it wrote.
 */
export function writeIfd(view: DataView, offset: number, entries: readonly IfdEntry[], nextIfd: number, bigTiff: boolean): number {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const inline = bigTiff ? 8 : 4;
  const entrySize = bigTiff ? 20 : 12;
  const tableStart = offset + (bigTiff ? 8 : 2);
  let valuesAt = tableStart + sorted.length * entrySize + (bigTiff ? 8 : 4);
  if (bigTiff) view.setBigUint64(offset, BigInt(sorted.length), true);
  else view.setUint16(offset, sorted.length, true);
  sorted.forEach((entry, index) => {
    const at = tableStart + index * entrySize;
    view.setUint16(at, entry.tag, true);
    view.setUint16(at + 2, entry.type, true);
    if (bigTiff) view.setBigUint64(at + 4, BigInt(valueCount(entry)), true);
    else view.setUint32(at + 4, valueCount(entry), true);
    const bytes = valueBytes(entry);
    const pointerAt = at + (bigTiff ? 12 : 8);
    if (bytes <= inline) {
      writeValues(view, pointerAt, entry);
    } else {
      if (bigTiff) view.setBigUint64(pointerAt, BigInt(valuesAt), true);
      else view.setUint32(pointerAt, valuesAt, true);
      writeValues(view, valuesAt, entry);
      valuesAt += bytes + (bytes % 2);
    }
  });
  const nextAt = tableStart + sorted.length * entrySize;
  if (bigTiff) view.setBigUint64(nextAt, BigInt(nextIfd), true);
  else view.setUint32(nextAt, nextIfd, true);
  return valuesAt;
}

function writeValues(view: DataView, at: number, entry: IfdEntry): void {
  if (typeof entry.values === 'string') {
    for (let index = 0; index < entry.values.length; index += 1) view.setUint8(at + index, entry.values.charCodeAt(index) & 0xff);
    view.setUint8(at + entry.values.length, 0);
    return;
  }
  const values = entry.values;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as number;
    switch (entry.type) {
      case FIELD_TYPE.short:
        view.setUint16(at + index * 2, value, true);
        break;
      case FIELD_TYPE.long:
        view.setUint32(at + index * 4, value, true);
        break;
      case FIELD_TYPE.double:
        view.setFloat64(at + index * 8, value, true);
        break;
      case FIELD_TYPE.long8:
        view.setBigUint64(at + index * 8, BigInt(value), true);
        break;
      default:
        throw new Error(`writeIfd: field type ${entry.type} is not written by Jumeau`);
    }
  }
}
