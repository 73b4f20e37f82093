/**
 * Worker thread of the GeoTIFF block pool: decodes each {@link BlockJob} it receives (DEFLATE with the synchronous
 * native zlib, the thread being the parallelism) and moves its buffers back.
 */
import { parentPort } from 'node:worker_threads';
import { type Inflate, constants, createInflate, inflateSync } from 'node:zlib';
import { toJumeauError } from '@jumeau/core';
import { type BlockJob, decodeJob } from '../../raster/decode-blocks.js';
import type { BlockJobMessage, BlockJobReply } from './block-worker-pool.js';

/** The native zlib context behind a Node `Inflate` stream (what `zlib.inflateSync` drives). */
interface ZlibHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
}

interface ReusableInflate {
  readonly stream: Inflate;
  readonly handle: ZlibHandle;
  /** zlib's `[avail_out, avail_in]` after each write. */
  readonly state: Uint32Array;
}

let reusable: ReusableInflate | null | undefined;
let scratch = new Uint8Array(0);

/**
 * One zlib context, reset between blocks, writing into one reused buffer: `zlib.inflateSync` allocates a fresh
 * output buffer per block, whose first touch costs a page fault per 4 KiB (about as much as the inflate itself on
 * the benchmark VM). Node's `_handle` is not public API: when it is missing, `inflateSync` is used instead.
 */
function reusableInflate(): ReusableInflate | null {
  if (reusable !== undefined) return reusable;
  const stream = createInflate() as Inflate & { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
  const { _handle: handle, _writeState: state } = stream;
  // A corrupt stream destroys the engine and emits 'error' on the next tick: the block is decoded again by inflateSync.
  stream.on('error', () => undefined);
  const usable = typeof handle?.writeSync === 'function' && typeof handle.reset === 'function' && state instanceof Uint32Array;
  reusable = usable ? { stream, handle: handle as ZlibHandle, state } : null;
  return reusable;
}

/**
 * Inflates a block whose output should be `expectedBytes` long. The result is valid until the next call (it is the
 * reused buffer) unless it came from `inflateSync`, on any unexpected outcome (short, long or corrupt stream), so that
 * errors and results are those of `inflateSync`.
 */
function inflate(input: Uint8Array, expectedBytes: number): Uint8Array {
  const engine = reusableInflate();
  if (engine !== null) {
    // One spare byte tells a stream of exactly the expected length from a longer one.
    if (scratch.byteLength < expectedBytes + 1) scratch = new Uint8Array(expectedBytes + 1);
    engine.handle.writeSync(constants.Z_FINISH, input, 0, input.byteLength, scratch, 0, expectedBytes + 1);
    if (engine.stream.destroyed) reusable = undefined;
    else {
      const produced = expectedBytes + 1 - (engine.state[0] as number);
      engine.handle.reset();
      if (produced === expectedBytes) return scratch.subarray(0, expectedBytes);
    }
  }
  // One spare byte: with an output buffer exactly full, zlib allocates a second chunk only to find the end.
  return inflateSync(input, { chunkSize: Math.max(64, expectedBytes + 1) });
}

// Jobs one after the other: the reused inflate buffer must not be shared by two jobs awaiting in turn.
let queue = Promise.resolve();
parentPort?.on('message', (message: BlockJobMessage) => {
  queue = queue.then(() => answer(message.id, message.job));
});

async function answer(id: number, job: BlockJob): Promise<void> {
  let reply: BlockJobReply;
  try {
    await decodeJob(job, inflate);
    reply = { id, input: job.input.buffer as ArrayBuffer, output: job.output };
  } catch (error) {
    reply = { id, error: toJumeauError(error).toJSON() };
  }
  parentPort?.postMessage(reply, 'input' in reply ? [reply.input, reply.output] : []);
}
