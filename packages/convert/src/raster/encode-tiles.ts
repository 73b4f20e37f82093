import { allocateGridArray, gridDataTypeOf, throwIfAborted } from '@jumeau/core';
import { deflateBytes } from './deflate.js';
import type { RasterLevel } from './overviews.js';

/** How tiles are encoded. Internal. */
export interface TileEncoding {
  readonly blockSize: number;
  /** 1 (none), 2 (horizontal, integers) or 3 (floating point). */
  readonly predictor: number;
  /** Value of the padding cells past the right and bottom edges. */
  readonly fill: number;
  readonly compressionLevel: number;
  readonly signal?: AbortSignal | undefined;
}

const TILES_IN_FLIGHT = 8;

/**
 * Cuts a level into row-major tiles, applies the predictor and deflates them (Node: on the libuv thread pool, at
 * most a few tiles in flight so memory stays bounded). Returns the compressed tiles in row-major order.
 */
export async function encodeLevelTiles(level: RasterLevel, encoding: TileEncoding): Promise<Uint8Array[]> {
  const across = Math.ceil(level.width / encoding.blockSize);
  const down = Math.ceil(level.height / encoding.blockSize);
  const tiles = new Array<Uint8Array>(across * down);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tiles.length) {
      const index = next;
      next += 1;
      throwIfAborted(encoding.signal);
      const raw = tileBytes(level, index % across, Math.floor(index / across), encoding);
      tiles[index] = await deflateBytes(raw, encoding.compressionLevel);
    }
  };
  await Promise.all(Array.from({ length: Math.min(TILES_IN_FLIGHT, tiles.length) }, worker));
  return tiles;
}

function tileBytes(level: RasterLevel, across: number, down: number, encoding: TileEncoding): Uint8Array {
  const size = encoding.blockSize;
  const tile = allocateGridArray(gridDataTypeOf(level.data), size * size);
  const column0 = across * size;
  const row0 = down * size;
  const columns = Math.min(size, level.width - column0);
  const rows = Math.min(size, level.height - row0);
  if ((columns < size || rows < size) && encoding.fill !== 0) {
    for (let index = 0; index < size; index += 1) tile[index] = encoding.fill; // TypedArray.fill is slow on floats
    for (let row = 1; row < size; row += 1) tile.copyWithin(row * size, 0, size);
  }
  for (let row = 0; row < rows; row += 1) {
    const start = (row0 + row) * level.width + column0;
    tile.set(level.data.subarray(start, start + columns), row * size);
  }
  if (encoding.predictor === 2) {
    for (let row = 0; row < size; row += 1) {
      const start = row * size;
      for (let index = start + size - 1; index > start; index -= 1) tile[index] = (tile[index] as number) - (tile[index - 1] as number);
    }
  }
  const bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  return encoding.predictor === 3 ? applyFloatingPointPredictor(bytes, size, tile.BYTES_PER_ELEMENT) : bytes;
}

/**
 * Predictor 3 (Adobe TIFF Technical Note 3) for one tile of little-endian floats: per row, gather the bytes in
 * planes, most significant first, then replace each byte by its difference with the previous one. Hot loop.
 */
function applyFloatingPointPredictor(bytes: Uint8Array, size: number, bytesPerSample: number): Uint8Array {
  const rowBytes = size * bytesPerSample;
  const output = new Uint8Array(bytes.length);
  for (let row = 0; row < size; row += 1) {
    const start = row * rowBytes;
    for (let byte = 0; byte < bytesPerSample; byte += 1) {
      const plane = start + byte * size;
      const from = start + (bytesPerSample - 1 - byte);
      for (let sample = 0; sample < size; sample += 1) output[plane + sample] = bytes[from + sample * bytesPerSample] as number;
    }
    for (let index = start + rowBytes - 1; index > start; index -= 1) {
      output[index] = ((output[index] as number) - (output[index - 1] as number)) & 0xff;
    }
  }
  return output;
}
