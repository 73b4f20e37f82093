import { type CellWindow, type GridArray, JumeauError, allocateGridArray, assertCellCount, throwIfAborted } from '@jumeau/core';
import { type BlockJobRunner, readWindowInJobs, shouldRunInJobs } from './block-jobs.js';
import type { ByteSource } from './byte-source.js';
import { type ByteRun, blocksOf, groupIntoRuns } from './block-runs.js';
import { decompressOne, fillBlock, placeBlock } from './decode-blocks.js';
import type { TiffImage } from './tiff-image.js';

const CONCURRENT_RUNS = 4;

/**
 * Decodes the cells of `window` of one band (1-based) of an image level. Blocks are fetched in coalesced byte
 * runs and decompressed concurrently (Node's zlib inflates them on the libuv thread pool); with a `runner`
 * (worker threads in Node) a large window is cut into rectangles of blocks decoded on other threads. Sparse
 * blocks (byte count 0) read as `fill`.
 */
export async function readWindow(
  source: ByteSource,
  image: TiffImage,
  window: CellWindow,
  band: number,
  fill: number,
  signal?: AbortSignal,
  runner?: BlockJobRunner,
): Promise<GridArray> {
  const cells = assertCellCount(window.width, window.height, `GeoTIFF window of ${source.name}`);
  if (band < 1 || band > image.samplesPerPixel) {
    throw new JumeauError('input', `Band ${band} does not exist: ${source.name} has ${image.samplesPerPixel} band(s)`, {
      details: { band, bandCount: image.samplesPerPixel },
    });
  }
  if (runner !== undefined && shouldRunInJobs(image, window, runner)) {
    return readWindowInJobs({ source, image, window, band, fill, signal, runner });
  }
  const output = allocateGridArray(image.dataType, cells);
  const blocks = blocksOf(image, window, band);
  for (const block of blocks) if (block.byteCount === 0) fillBlock(image, block, window, fill, output);
  const runs = groupIntoRuns(
    source,
    blocks.filter((block) => block.byteCount > 0),
  );
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < runs.length) {
      const run = runs[next] as ByteRun;
      next += 1;
      throwIfAborted(signal);
      const bytes = await source.read(run.start, run.end - run.start, signal);
      await Promise.all(
        run.blocks.map(async (block) => {
          const blockBytes = bytes.subarray(block.offset - run.start, block.offset - run.start + block.byteCount);
          const decoded = await decompressOne(image, block, blockBytes, source.name);
          placeBlock(decoded, image, block, window, band, output);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_RUNS, runs.length) }, lane));
  return output;
}
