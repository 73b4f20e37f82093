import { JumeauError } from '@jumeau/core';
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

/**
 * A Blob (browser `File`, Node's `fs.openAsBlob`) or anything shaped like one: only the footer and the column
 * chunks a read needs are sliced out of it.
 */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** What {@link readGeoParquet} reads: the whole file in memory, or a Blob read by ranges. */
export type GeoParquetSource = Uint8Array | ArrayBuffer | BlobLike;

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

function hasMagic(bytes: Uint8Array): boolean {
  return PARQUET_MAGIC.every((byte, index) => bytes[index] === byte);
}

/** The source as hyparquet's AsyncBuffer (an ArrayBuffer is one already; a Blob is sliced on demand). */
export function toAsyncBuffer(source: GeoParquetSource): AsyncBuffer {
  if (source instanceof ArrayBuffer) return source;
  if (source instanceof Uint8Array) return source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer;
  if (typeof source?.size !== 'number' || typeof source.slice !== 'function')
    throw new JumeauError('input', 'readGeoParquet takes a Uint8Array, an ArrayBuffer or a Blob');
  return { byteLength: source.size, slice: (start, end) => source.slice(start, end).arrayBuffer() };
}

/**
 * The Parquet footer, after checking the "PAR1" magic at both ends (`format` errors name which is missing). Only
 * the footer is fetched: its length is read first, so a Blob gives up no column bytes for it.
 */
export async function readParquetMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  const size = file.byteLength;
  const head = size >= 4 ? new Uint8Array(await file.slice(0, 4)) : new Uint8Array();
  if (size < 12 || !hasMagic(head)) throw new JumeauError('format', 'Not a Parquet file (no "PAR1" magic at its start)');
  const tail = new Uint8Array(await file.slice(size - 8, size));
  if (!hasMagic(tail.subarray(4))) throw new JumeauError('format', `Truncated Parquet file: no "PAR1" magic at its end (${size} bytes)`);
  const footerLength = new DataView(tail.buffer, tail.byteOffset).getUint32(0, true);
  if (footerLength > size - 12)
    throw new JumeauError('format', `Corrupt Parquet file: a ${footerLength}-byte footer in a ${size}-byte file`);
  try {
    return await parquetMetadataAsync(file, { initialFetchSize: footerLength + 8 });
  } catch (cause) {
    throw new JumeauError('format', `Unreadable Parquet footer: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Reads `columnNames` over the row ranges, straight from column chunks into one array per column (no row
 * objects: they cost more than the decoding itself). WKB stays bytes (hyparquet would parse GEOMETRY columns).
 */
export async function readColumnRanges(
  file: AsyncBuffer,
  metadata: FileMetaData,
  columnNames: readonly string[],
  ranges: readonly (readonly [number, number])[],
): Promise<Map<string, unknown[]>> {
  const total = ranges.reduce((sum, [start, end]) => sum + end - start, 0);
  const columns = new Map(columnNames.map((name) => [name, new Array<unknown>(total).fill(null)]));
  let base = 0;
  try {
    for (const [first, last] of ranges) {
      const at = base;
      await parquetRead({
        file,
        metadata,
        columns: [...columnNames],
        compressors,
        parsers: { geometryFromBytes: (value: Uint8Array) => value, geographyFromBytes: (value: Uint8Array) => value },
        rowStart: first,
        rowEnd: last,
        onChunk: ({ columnName, columnData, rowStart }) => {
          const target = columns.get(columnName);
          if (!target) return;
          const to = Math.min(last, rowStart + columnData.length);
          for (let row = Math.max(first, rowStart); row < to; row += 1) target[at + row - first] = columnData[row - rowStart];
        },
      });
      base += last - first;
    }
  } catch (cause) {
    throw new JumeauError('format', `Unreadable GeoParquet pages: ${(cause as Error).message}`, { cause });
  }
  return columns;
}
