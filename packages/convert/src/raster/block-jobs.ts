import { type CellWindow, type GridArray, allocateGridArray, throwIfAborted, viewGridArray } from '@jumeau/core';
import type { ByteSource } from './byte-source.js';
import type { BlockImage, BlockJob, BlockTask } from './decode-blocks.js';
import { blocksOf, groupIntoRuns } from './block-runs.js';
import type { TiffImage } from './tiff-image.js';

/** The buffers of a finished {@link BlockJob}, moved back from the thread that decoded it. */
export interface BlockJobResult {
  readonly input: ArrayBuffer;
  readonly output: ArrayBuffer;
}

/** Decodes {@link BlockJob}s on other threads (the Node worker pool). Internal. */
export interface BlockJobRunner {
  /** Threads decoding jobs in parallel. */
  readonly threads: number;
  /** Windows of fewer decoded bytes stay on the calling thread (0: every window with two jobs or more). */
  readonly minimumBytes: number;
  /** Decodes a job; its `input` and `output` buffers are moved to the thread and come back in the result. */
  run(job: BlockJob): Promise<BlockJobResult>;
  /**
   * A zero-filled buffer of `bytes` bytes whose pages another thread has already touched, moved to the caller; rejects
   * when it cannot (the read then allocates on the calling thread).
   */
  allocate?(bytes: number): Promise<ArrayBuffer>;
}

/** A rectangle of blocks and the cells of the read window it covers. */
interface JobPlan {
  readonly window: CellWindow;
  readonly blocks: readonly BlockTask[];
}

interface JobsRead {
  readonly source: ByteSource;
  readonly image: TiffImage;
  readonly window: CellWindow;
  readonly band: number;
  readonly fill: number;
  readonly signal: AbortSignal | undefined;
  readonly runner: BlockJobRunner;
}

const MINIMUM_JOB_BYTES = 1 << 20;
const MAXIMUM_JOB_BYTES = 8 << 20;
/** Jobs per thread when the window is large enough: small jobs keep the threads even and the spare buffers small. */
const JOBS_PER_THREAD = 8;
/**
 * Job buffers kept between jobs and reads, at most this many bytes, dropped after {@link SPARE_LIFETIME_MILLISECONDS}
 * without a read: touching fresh memory costs page faults (about 13 µs per 4 KiB page on the shared VM of the
 * benchmarks, 220 ms for 64 MiB), recycled buffers cost none.
 */
const MAXIMUM_SPARE_BYTES = 96 << 20;
/** Outputs under this many bytes are allocated on the calling thread (asking another thread costs a round trip). */
const MINIMUM_ALLOCATE_BYTES = 1 << 20;
const SPARE_LIFETIME_MILLISECONDS = 5_000;
let dropSpares: ReturnType<typeof setTimeout> | undefined;
const spares: ArrayBuffer[] = [];

/** True when a read is worth sending to the runner's threads (compressed, large enough, at least two jobs). */
export function shouldRunInJobs(image: TiffImage, window: CellWindow, runner: BlockJobRunner): boolean {
  if (image.compression === 1 || runner.threads < 1) return false;
  const bytes = window.width * window.height * image.bytesPerSample;
  if (bytes < runner.minimumBytes) return false;
  return planJobs(image, window, 1, runner.threads).length >= 2;
}

/** A decoded job waiting for the output buffer. */
interface StagedJob {
  readonly cells: GridArray;
  readonly window: CellWindow;
}

/**
 * Decodes `window` as rectangles of blocks on the runner's threads: reads the compressed bytes of each rectangle
 * (coalesced byte runs), sends them with a cell buffer, copies the decoded cells into the output. The output (fresh
 * memory: its first touch costs a page fault per 4 KiB, about 13 µs each on the shared VM of the benchmarks, 210 ms
 * for 64 MiB) comes from `runner.allocate`, which touches it on another thread while the workers decode: jobs done
 * before it arrives wait in their buffers. Job buffers are recycled between jobs and reads (up to 96 MiB, kept 5 s).
 */
export async function readWindowInJobs(read: JobsRead): Promise<GridArray> {
  const { source, image, window, band, fill, signal, runner } = read;
  const plans = planJobs(image, window, band, runner.threads);
  const blockImage = blockImageOf(image);
  const cellCount = window.width * window.height;
  let output: GridArray | null = null;
  const staged: StagedJob[] = [];
  let stagedBytes = 0;
  const place = (job: StagedJob, target: GridArray): void => {
    copyCells(job.cells, job.window, target, window);
    keepBuffer(job.cells.buffer as ArrayBuffer);
  };
  const outputReady = allocateOutput(image, cellCount, runner).then((allocated) => {
    output = allocated.output;
    for (const job of staged.splice(0)) place(job, allocated.output);
    stagedBytes = 0;
    return allocated;
  });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plans.length) {
      const plan = plans[next] as JobPlan;
      next += 1;
      throwIfAborted(signal);
      const { input, blocks } = await gatherBytes(source, plan.blocks, signal);
      const cells = plan.window.width * plan.window.height;
      const job = { image: blockImage, window: plan.window, band, fill, name: source.name, blocks, input };
      const result = await runner.run({ ...job, output: takeBuffer(cells * image.bytesPerSample) });
      throwIfAborted(signal);
      keepBuffer(result.input);
      const decoded = { cells: viewGridArray(image.dataType, result.output, 0, cells), window: plan.window };
      if (output === null && stagedBytes + result.output.byteLength <= MAXIMUM_SPARE_BYTES) {
        staged.push(decoded);
        stagedBytes += result.output.byteLength;
      } else {
        place(decoded, output ?? (await outputReady).output);
      }
    }
  };
  const stopOnError = (): Promise<void> =>
    lane().catch((error: unknown) => {
      next = plans.length;
      throw error;
    });
  const lanes = Array.from({ length: Math.min(2 * runner.threads, plans.length) }, stopOnError);
  const touched = outputReady.then((allocated) => (allocated.touched ? undefined : touchPages(allocated.output)));
  await Promise.all([...lanes, touched]);
  const { output: result } = await outputReady;
  for (const job of staged.splice(0)) place(job, result);
  return result;
}

/**
 * The output of a read: from `runner.allocate` (pages touched on another thread) when large enough, else (or when
 * that fails) allocated here, to be touched by {@link touchPages} between replies.
 */
async function allocateOutput(
  image: TiffImage,
  cells: number,
  runner: BlockJobRunner,
): Promise<{ readonly output: GridArray; readonly touched: boolean }> {
  const bytes = cells * image.bytesPerSample;
  if (runner.allocate !== undefined && bytes >= MINIMUM_ALLOCATE_BYTES) {
    try {
      const buffer = await runner.allocate(bytes);
      if (buffer.byteLength >= bytes) return { output: viewGridArray(image.dataType, buffer, 0, cells), touched: true };
    } catch {
      // Allocated below, on this thread.
    }
  }
  return { output: allocateGridArray(image.dataType, cells), touched: false };
}

/**
 * Cuts the blocks covering `window` into rectangles of about `total / (8 × threads)` decoded bytes (1–8 MiB):
 * whole rows of blocks grouped when a row is small (strips), a row of blocks split across when it is large.
 */
function planJobs(image: TiffImage, window: CellWindow, band: number, threads: number): JobPlan[] {
  const firstAcross = Math.floor(window.column / image.blockWidth);
  const across = Math.floor((window.column + window.width - 1) / image.blockWidth) - firstAcross + 1;
  const firstDown = Math.floor(window.row / image.blockHeight);
  const down = Math.floor((window.row + window.height - 1) / image.blockHeight) - firstDown + 1;
  const totalBytes = window.width * window.height * image.bytesPerSample;
  const targetBytes = Math.min(MAXIMUM_JOB_BYTES, Math.max(MINIMUM_JOB_BYTES, totalBytes / (JOBS_PER_THREAD * threads)));
  const blockRowBytes = totalBytes / down;
  const rowsPerJob = Math.max(1, Math.floor(targetBytes / blockRowBytes));
  const columnsPerJob = rowsPerJob > 1 ? across : Math.ceil(across / Math.max(1, Math.round(blockRowBytes / targetBytes)));
  const plans: JobPlan[] = [];
  for (let down0 = firstDown; down0 < firstDown + down; down0 += rowsPerJob) {
    for (let across0 = firstAcross; across0 < firstAcross + across; across0 += columnsPerJob) {
      const column = Math.max(window.column, across0 * image.blockWidth);
      const row = Math.max(window.row, down0 * image.blockHeight);
      const columnEnd = Math.min(window.column + window.width, (across0 + columnsPerJob) * image.blockWidth);
      const rowEnd = Math.min(window.row + window.height, (down0 + rowsPerJob) * image.blockHeight);
      const jobWindow = { column, row, width: columnEnd - column, height: rowEnd - row };
      plans.push({ window: jobWindow, blocks: blocksOf(image, jobWindow, band) });
    }
  }
  return plans;
}

/**
 * The compressed bytes of `blocks` packed into one (recycled) buffer, run after run (a run may hold the few bytes
 * between blocks), read straight into it when the source can, and the blocks with offsets into it.
 */
async function gatherBytes(
  source: ByteSource,
  blocks: readonly BlockTask[],
  signal: AbortSignal | undefined,
): Promise<{ input: Uint8Array; blocks: BlockTask[] }> {
  const runs = groupIntoRuns(
    source,
    blocks.filter((block) => block.byteCount > 0),
  );
  const totalBytes = runs.reduce((sum, run) => sum + run.end - run.start, 0);
  const input = new Uint8Array(takeBuffer(totalBytes), 0, totalBytes);
  const packedOffsets = new Map<number, number>();
  let cursor = 0;
  for (const run of runs) {
    const length = run.end - run.start;
    if (source.readInto) await source.readInto(run.start, input.subarray(cursor, cursor + length), signal);
    else input.set(await source.read(run.start, length, signal), cursor);
    for (const block of run.blocks) packedOffsets.set(block.index, cursor + block.offset - run.start);
    cursor += length;
  }
  return { input, blocks: blocks.map((block) => ({ ...block, offset: packedOffsets.get(block.index) ?? 0 })) };
}

/** The smallest spare buffer of at least `bytes` bytes (taken from the spares), or a new one. */
function takeBuffer(bytes: number): ArrayBuffer {
  let best = -1;
  for (let index = 0; index < spares.length; index += 1) {
    const length = (spares[index] as ArrayBuffer).byteLength;
    if (length >= bytes && (best < 0 || length < (spares[best] as ArrayBuffer).byteLength)) best = index;
  }
  if (best < 0) return new ArrayBuffer(Math.max(bytes, 1));
  return spares.splice(best, 1)[0] as ArrayBuffer;
}

/** Keeps a buffer for the next job while the spares stay under {@link MAXIMUM_SPARE_BYTES}, for a while. */
function keepBuffer(buffer: ArrayBuffer): void {
  const kept = spares.reduce((sum, spare) => sum + spare.byteLength, 0);
  if (kept + buffer.byteLength > MAXIMUM_SPARE_BYTES) return;
  spares.push(buffer);
  if (dropSpares !== undefined) clearTimeout(dropSpares);
  dropSpares = setTimeout(() => spares.splice(0), SPARE_LIFETIME_MILLISECONDS);
  // Node: a pending drop must not keep the process alive.
  (dropSpares as { unref?: () => void }).unref?.();
}

/** Copies the cells of a job (row-major over `from`) to their place in the read window. */
function copyCells(cells: GridArray, from: CellWindow, output: GridArray, window: CellWindow): void {
  const target = (from.row - window.row) * window.width + (from.column - window.column);
  if (from.width === window.width) {
    output.set(cells, target);
    return;
  }
  for (let row = 0; row < from.height; row += 1) {
    output.set(cells.subarray(row * from.width, (row + 1) * from.width), target + row * window.width);
  }
}

function blockImageOf(image: TiffImage): BlockImage {
  const { width, height, blockWidth, blockHeight, tiled, compression, predictor, dataType } = image;
  const { bytesPerSample, samplesPerPixel, planarConfiguration, littleEndian } = image;
  return {
    width,
    height,
    blockWidth,
    blockHeight,
    tiled,
    compression,
    predictor,
    dataType,
    bytesPerSample,
    samplesPerPixel,
    planarConfiguration,
    littleEndian,
  };
}

/**
 * Writes one word per 4 KiB page of a fresh output, a slice at a time between worker replies: the first write to a
 * page is a page fault (expensive on virtual machines), better taken while the workers decode the first jobs than
 * in the copies, on the critical path.
 */
async function touchPages(output: GridArray): Promise<void> {
  const words = new Uint32Array(output.buffer, output.byteOffset, output.byteLength >>> 2);
  const sliceWords = 1 << 19;
  for (let start = 0; start < words.length; start += sliceWords) {
    const end = Math.min(words.length, start + sliceWords);
    // Rewrites the word in place: a job copied there already keeps its cells.
    for (let index = start; index < end; index += 1024) words[index] = words[index] as number;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
