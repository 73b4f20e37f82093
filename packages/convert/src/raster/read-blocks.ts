import { type CellWindow, type GridArray, JumeauError, allocateGridArray, assertCellCount, throwIfAborted } from '@jumeau/core';
import type { ByteSource } from './byte-source.js';
import { decompressBlock } from './decompress-block.js';
import { placeFloat32Predictor3 } from './float-predictor.js';
import { HOST_LITTLE_ENDIAN, blockToSamples } from './predictor.js';
import type { TiffImage } from './tiff-image.js';

/** One block to decode: its index in the offsets list and its cell origin. */
interface BlockTask {
  readonly index: number;
  readonly column: number;
  readonly row: number;
  readonly offset: number;
  readonly byteCount: number;
}

/** Blocks whose bytes are fetched by one read (consecutive in the file, small gaps allowed). */
interface ByteRun {
  readonly start: number;
  readonly end: number;
  readonly blocks: BlockTask[];
}

const MAXIMUM_GAP_BYTES = 65_536;
const MAXIMUM_RUN_BYTES = 16 * 1024 * 1024;
const CONCURRENT_RUNS = 4;

/**
 * Decodes the cells of `window` of one band (1-based) of an image level. Blocks are fetched in coalesced byte
 * runs and decompressed concurrently (Node's zlib inflates them on the libuv thread pool). Sparse blocks (byte
 * count 0) read as `fill`.
 */
export async function readWindow(
  source: ByteSource,
  image: TiffImage,
  window: CellWindow,
  band: number,
  fill: number,
  signal?: AbortSignal,
): Promise<GridArray> {
  const cells = assertCellCount(window.width, window.height, `GeoTIFF window of ${source.name}`);
  if (band < 1 || band > image.samplesPerPixel) {
    throw new JumeauError('input', `Band ${band} does not exist: ${source.name} has ${image.samplesPerPixel} band(s)`, {
      details: { band, bandCount: image.samplesPerPixel },
    });
  }
  const output = allocateGridArray(image.dataType, cells);
  const { present, missing } = blocksOf(image, window, band);
  for (const block of missing) fillBlock(image, block, window, fill, output);
  const runs = groupIntoRuns(source, present);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const run = runs[next] as ByteRun;
      next += 1;
      throwIfAborted(signal);
      const bytes = await source.read(run.start, run.end - run.start, signal);
      await Promise.all(
        run.blocks.map(async (block) => {
          const blockBytes = bytes.subarray(block.offset - run.start, block.offset - run.start + block.byteCount);
          const decoded = await decompressOne(source, image, block, blockBytes);
          placeBlock(decoded, image, block, window, band, output);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_RUNS, runs.length) }, worker));
  return output;
}

function blocksOf(image: TiffImage, window: CellWindow, band: number): { present: BlockTask[]; missing: BlockTask[] } {
  const present: BlockTask[] = [];
  const missing: BlockTask[] = [];
  const planeOffset = image.planarConfiguration === 2 ? (band - 1) * image.blocksAcross * image.blocksDown : 0;
  const firstAcross = Math.floor(window.column / image.blockWidth);
  const lastAcross = Math.floor((window.column + window.width - 1) / image.blockWidth);
  const firstDown = Math.floor(window.row / image.blockHeight);
  const lastDown = Math.floor((window.row + window.height - 1) / image.blockHeight);
  for (let down = firstDown; down <= lastDown; down += 1) {
    for (let across = firstAcross; across <= lastAcross; across += 1) {
      const index = planeOffset + down * image.blocksAcross + across;
      const byteCount = image.byteCounts[index] as number;
      const offset = image.offsets[index] as number;
      const task = { index, column: across * image.blockWidth, row: down * image.blockHeight, offset, byteCount };
      (byteCount === 0 ? missing : present).push(task);
    }
  }
  return { present, missing };
}

/** Fills the window cells of a sparse block (row by row from a one-row template: TypedArray.fill is slow on floats). */
function fillBlock(image: TiffImage, block: BlockTask, window: CellWindow, fill: number, output: GridArray): void {
  if (fill === 0) return;
  const column0 = Math.max(window.column, block.column);
  const column1 = Math.min(window.column + window.width, block.column + image.blockWidth);
  const row0 = Math.max(window.row, block.row);
  const row1 = Math.min(window.row + window.height, block.row + image.blockHeight);
  const template = allocateGridArray(image.dataType, column1 - column0);
  for (let index = 0; index < template.length; index += 1) template[index] = fill;
  for (let row = row0; row < row1; row += 1) output.set(template, (row - window.row) * window.width + (column0 - window.column));
}

function groupIntoRuns(source: ByteSource, tasks: BlockTask[]): ByteRun[] {
  const runs: ByteRun[] = [];
  const sorted = [...tasks].sort((a, b) => a.offset - b.offset);
  for (const task of sorted) {
    const end = task.offset + task.byteCount;
    if (source.sizeBytes !== null && (task.offset < 0 || end > source.sizeBytes)) {
      throw new JumeauError(
        'format',
        `Corrupt TIFF ${source.name}: block ${task.index} (${task.byteCount} bytes at offset ${task.offset}) runs past the end of the file (${source.sizeBytes} bytes)`,
        { details: { block: task.index, offset: task.offset, byteCount: task.byteCount, sizeBytes: source.sizeBytes } },
      );
    }
    const last = runs[runs.length - 1];
    if (last && task.offset >= last.end && task.offset - last.end <= MAXIMUM_GAP_BYTES && end - last.start <= MAXIMUM_RUN_BYTES) {
      runs[runs.length - 1] = { start: last.start, end, blocks: [...last.blocks, task] };
    } else {
      runs.push({ start: task.offset, end, blocks: [task] });
    }
  }
  return runs;
}

function blockRows(image: TiffImage, block: BlockTask): number {
  return image.tiled ? image.blockHeight : Math.min(image.blockHeight, image.height - block.row);
}

async function decompressOne(source: ByteSource, image: TiffImage, block: BlockTask, bytes: Uint8Array): Promise<Uint8Array> {
  const samplesPerPixel = image.planarConfiguration === 2 ? 1 : image.samplesPerPixel;
  const expectedBytes = image.blockWidth * samplesPerPixel * blockRows(image, block) * image.bytesPerSample;
  const decoded = await decompressBlock(bytes, image.compression, expectedBytes, `block ${block.index} of ${source.name}`);
  return image.compression === 1 ? decoded.slice() : decoded;
}

/** Synchronous from decoded bytes to output cells, so no other block interleaves (the fast path shares nothing). */
function placeBlock(bytes: Uint8Array, image: TiffImage, block: BlockTask, window: CellWindow, band: number, output: GridArray): void {
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

function copyBlock(samples: GridArray, image: TiffImage, block: BlockTask, window: CellWindow, band: number, output: GridArray): void {
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
