/**
 * Worker thread of the GeoTIFF block pool: decodes each {@link BlockJob} it receives (DEFLATE with the synchronous
 * native zlib, the thread being the parallelism) and moves its buffers back.
 */
import { parentPort } from 'node:worker_threads';
import { inflateSync } from 'node:zlib';
import { toJumeauError } from '@jumeau/core';
import { type BlockJob, decodeJob } from '../../raster/decode-blocks.js';
import type { BlockJobMessage, BlockJobReply } from './block-worker-pool.js';

// One spare byte: with an output buffer exactly full, zlib allocates a second chunk only to find the end.
const inflate = (input: Uint8Array, expectedBytes: number): Uint8Array =>
  inflateSync(input, { chunkSize: Math.max(64, expectedBytes + 1) });

parentPort?.on('message', (message: BlockJobMessage) => void answer(message.id, message.job));

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
