import { type CellWindow, type GridArray, allocateGridArray, viewGridArray } from '@jumeau/core';
import { decompressBlock } from './decompress-block.js';
import { placeFloat32Predictor3 } from './float-predictor.js';
import { HOST_LITTLE_ENDIAN, blockToSamples } from './predictor.js';
import type { TiffImage } from './tiff-image.js';

/**
 * What decoding the blocks of one image level needs (a {@link TiffImage} without its tag directory and block
 * lists): plain data, so it crosses to a worker thread as is. Internal.
 */
export type BlockImage = Pick<
  TiffImage,
  | 'width'
  | 'height'
  | 'blockWidth'
  | 'blockHeight'
  | 'tiled'
  | 'compression'
  | 'predictor'
  | 'dataType'
  | 'bytesPerSample'
  | 'samplesPerPixel'
  | 'planarConfiguration'
  | 'littleEndian'
>;

/** One block to decode: its index in the offsets list, its cell origin, where its bytes are and how many. */
export interface BlockTask {
  readonly index: number;
  readonly column: number;
  readonly row: number;
  readonly offset: number;
  readonly byteCount: number;
}

/** A synchronous zlib inflate (Node's `zlib.inflateSync` in a worker thread), or null to use {@link decompressBlock}. */
export type InflateSync = ((input: Uint8Array, expectedBytes: number) => Uint8Array) | null;

/**
 * A rectangle of blocks decoded as one unit (on a worker thread): the compressed bytes of its blocks, the cells
 * it covers and a buffer to write them into, row-major over `window`. Blocks with `byteCount` 0 read as `fill`.
 */
export interface BlockJob {
  readonly image: BlockImage;
  readonly window: CellWindow;
  readonly band: number;
  readonly fill: number;
  /** The file, for error messages. */
  readonly name: string;
  /** Blocks of the job; `offset` is relative to `input`. */
  readonly blocks: readonly BlockTask[];
  readonly input: Uint8Array;
  /** At least `window.width × window.height × bytesPerSample` bytes; previous contents are overwritten. */
  readonly output: ArrayBuffer;
}

/** Decodes every block of a job into `job.output`. `inflate` replaces the asynchronous codec for DEFLATE. */
export async function decodeJob(job: BlockJob, inflate: InflateSync): Promise<void> {
  const { image, window, band, fill, blocks, input } = job;
  const output = viewGridArray(image.dataType, job.output, 0, window.width * window.height);
  for (const block of blocks) {
    if (block.byteCount === 0) {
      fillBlock(image, block, window, fill, output, true);
      continue;
    }
    const bytes = input.subarray(block.offset, block.offset + block.byteCount);
    const decoded = await decompressOne(image, block, bytes, job.name, inflate);
    placeBlock(decoded, image, block, window, band, output);
  }
}

/** Rows of a block that hold cells (the last strip of a stripped file may be shorter). */
export function blockRows(image: BlockImage, block: BlockTask): number {
  return image.tiled ? image.blockHeight : Math.min(image.blockHeight, image.height - block.row);
}

/** Decompressed bytes of one block, safe to modify in place (uncompressed blocks are copied). */
export async function decompressOne(
  image: BlockImage,
  block: BlockTask,
  bytes: Uint8Array,
  name: string,
  inflate: InflateSync = null,
): Promise<Uint8Array> {
  const samplesPerPixel = image.planarConfiguration === 2 ? 1 : image.samplesPerPixel;
  const expectedBytes = image.blockWidth * samplesPerPixel * blockRows(image, block) * image.bytesPerSample;
  const where = `block ${block.index} of ${name}`;
  const decoded = await decompressBlock(bytes, image.compression, expectedBytes, where, inflate);
  return image.compression === 1 ? decoded.slice() : decoded;
}

/**
 * Fills the window cells of a sparse block (row by row from a one-row template: TypedArray.fill is slow on
 * floats). A zero fill is skipped on a fresh output unless `overwrite` (a reused buffer) asks for it.
 */
export function fillBlock(
  image: BlockImage,
  block: BlockTask,
  window: CellWindow,
  fill: number,
  output: GridArray,
  overwrite = false,
): void {
  if (fill === 0 && !overwrite) return;
  const column0 = Math.max(window.column, block.column);
  const column1 = Math.min(window.column + window.width, block.column + image.blockWidth);
  const row0 = Math.max(window.row, block.row);
  const row1 = Math.min(window.row + window.height, block.row + image.blockHeight);
  const template = allocateGridArray(image.dataType, column1 - column0);
  if (fill !== 0) for (let index = 0; index < template.length; index += 1) template[index] = fill;
  for (let row = row0; row < row1; row += 1) output.set(template, (row - window.row) * window.width + (column0 - window.column));
}

/** Synchronous from decoded bytes to output cells, so no other block interleaves (the fast path shares nothing). */
export function placeBlock(
  bytes: Uint8Array,
  image: BlockImage,
  block: BlockTask,
  window: CellWindow,
  band: number,
  output: GridArray,
): void {
  const samplesPerPixel = image.planarConfiguration === 2 ? 1 : image.samplesPerPixel;
  if (image.predictor === 3 && image.dataType === 'float32' && samplesPerPixel === 1 && HOST_LITTLE_ENDIAN) {
    const column0 = Math.max(window.column, block.column);
    const row0 = Math.max(window.row, block.row);
    const placement = {
      blockWidth: image.blockWidth,
      rowStart: row0 - block.row,
      rowEnd: Math.min(window.row + window.height, block.row + blockRows(image, block)) - block.row,
      columnStart: column0 - block.column,
      columnEnd: Math.min(window.column + window.width, block.column + image.blockWidth, image.width) - block.column,
      targetStart: (row0 - window.row) * window.width + (column0 - window.column),
      targetStride: window.width,
    };
    placeFloat32Predictor3(bytes, placement, new Uint32Array(output.buffer, output.byteOffset, output.length));
    return;
  }
  const samples = blockToSamples(bytes, {
    dataType: image.dataType,
    bytesPerSample: image.bytesPerSample,
    samplesPerRow: image.blockWidth * samplesPerPixel,
    samplesPerPixel,
    rows: blockRows(image, block),
    littleEndian: image.littleEndian,
    predictor: image.predictor,
  });
  copyBlock(samples, image, block, window, band, output);
}

function copyBlock(samples: GridArray, image: BlockImage, block: BlockTask, window: CellWindow, band: number, output: GridArray): void {
  const samplesPerPixel = image.planarConfiguration === 2 ? 1 : image.samplesPerPixel;
  const sample = image.planarConfiguration === 2 ? 0 : band - 1;
  const column0 = Math.max(window.column, block.column);
  const column1 = Math.min(window.column + window.width, block.column + image.blockWidth, image.width);
  const row0 = Math.max(window.row, block.row);
  const row1 = Math.min(window.row + window.height, block.row + image.blockHeight, image.height);
  const count = column1 - column0;
  for (let row = row0; row < row1; row += 1) {
    const sourceStart = ((row - block.row) * image.blockWidth + (column0 - block.column)) * samplesPerPixel;
    const targetStart = (row - window.row) * window.width + (column0 - window.column);
    if (samplesPerPixel === 1) {
      output.set(samples.subarray(sourceStart, sourceStart + count), targetStart);
    } else {
      for (let index = 0; index < count; index += 1) {
        output[targetStart + index] = samples[sourceStart + index * samplesPerPixel + sample] as number;
      }
    }
  }
}
