import { type CellWindow, JumeauError } from '@jumeau/core';
import type { ByteSource } from './byte-source.js';
import type { BlockTask } from './decode-blocks.js';
import type { TiffImage } from './tiff-image.js';

/** Blocks whose bytes are fetched by one read (consecutive in the file, small gaps allowed). Internal. */
export interface ByteRun {
  readonly start: number;
  readonly end: number;
  readonly blocks: BlockTask[];
}

const MAXIMUM_GAP_BYTES = 65_536;
const MAXIMUM_RUN_BYTES = 16 * 1024 * 1024;

/** The blocks covering `window` (of `band` for a band-separate file), row by row; sparse ones have byte count 0. */
export function blocksOf(image: TiffImage, window: CellWindow, band: number): BlockTask[] {
  const blocks: BlockTask[] = [];
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
      blocks.push({ index, column: across * image.blockWidth, row: down * image.blockHeight, offset, byteCount });
    }
  }
  return blocks;
}

/** Groups blocks into byte runs read at once; throws `format` for a block past the end of the file. */
export function groupIntoRuns(source: ByteSource, tasks: readonly BlockTask[]): ByteRun[] {
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
