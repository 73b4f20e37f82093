import { open, rename, stat, statfs, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JumeauError, isJumeauError, throwIfAborted } from '@jumeau/core';
import { sleep } from '../http/rate-limiter.js';
import { redactUrl } from '../http/redact.js';
import { fetchTransport, nodeHttpTransport, type DownloadResponse } from './download-transport.js';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelayMilliseconds,
  isRetryableStatus,
  retryAfterMilliseconds,
  type RetryPolicy,
} from '../http/retry.js';

/** Progress of a download. */
export interface DownloadProgress {
  readonly bytesWritten: number;
  /** Total size when known (announced by the feed or the server). */
  readonly totalBytes: number | undefined;
  /** Attempt number, from 1; above 1 the download resumed with a `Range` request. */
  readonly attempt: number;
}

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Size announced by the catalogue (the Atom link `length`): the file must have exactly this size. */
  readonly expectedBytes?: number;
  /** Refuse anything larger (default 64 GiB), before writing a byte. */
  readonly maximumBytes?: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** Extra request headers (e.g. the Géoplateforme `apikey`; never printed). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Retries of network failures, 5xx and 429, each resuming where the file stopped. */
  readonly retry?: Partial<RetryPolicy>;
  /** A fetch implementation to use instead of Node's own HTTP client (which is faster on large bodies). */
  readonly fetch?: typeof fetch;
}

/** What {@link downloadFile} did. */
export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  /** Bytes already on disk (`PATH.part`) when it started, kept thanks to a `Range` request. */
  readonly resumedFromBytes: number;
  readonly attempts: number;
}

/** 64 GiB: the largest national products (LiDAR HD blocks, BD ORTHO departments) are well below. */
export const DEFAULT_MAXIMUM_DOWNLOAD_BYTES = 64 * 1024 ** 3;

interface Transfer {
  readonly url: string;
  readonly partPath: string;
  readonly options: DownloadOptions;
  readonly maximumBytes: number;
  offset: number;
  totalBytes: number | undefined;
  validator: string | undefined;
  attempt: number;
}

async function sizeOnDisk(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function checkTotal(transfer: Transfer, total: number): void {
  const { expectedBytes } = transfer.options;
  if (total > transfer.maximumBytes)
    throw new JumeauError('too-large', `${redactUrl(transfer.url)} is ${total} bytes, over the limit of ${transfer.maximumBytes}`, {
      details: { bytes: total, maximumBytes: transfer.maximumBytes },
    });
  if (expectedBytes !== undefined && total !== expectedBytes)
    throw new JumeauError('format', `${redactUrl(transfer.url)}: the server has ${total} bytes, the catalogue announced ${expectedBytes}`, {
      details: { bytes: total, expectedBytes },
    });
  transfer.totalBytes = total;
}

async function checkFreeSpace(transfer: Transfer, total: number): Promise<void> {
  const free = await statfs(dirname(transfer.partPath)).then((stats) => stats.bavail * stats.bsize);
  if (total - transfer.offset > free)
    throw new JumeauError('too-large', `${redactUrl(transfer.url)}: ${total - transfer.offset} bytes to write, ${free} free on disk`, {
      details: { bytes: total - transfer.offset, freeBytes: free },
    });
}

/** Reads the status and headers of one attempt; `undefined` when the file is already complete (416). */
async function startAttempt(transfer: Transfer, response: DownloadResponse): Promise<DownloadResponse | undefined> {
  const where = redactUrl(transfer.url);
  if (response.status === 416 && transfer.offset > 0 && transfer.offset === transfer.totalBytes) return undefined;
  if (response.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.header('content-range') ?? '');
    if (!range || Number(range[1]) !== transfer.offset)
      throw new JumeauError('format', `${where}: a partial answer that does not start at byte ${transfer.offset}`, {
        details: { contentRange: response.header('content-range') },
      });
    if (range[3] !== '*') checkTotal(transfer, Number(range[3]));
  } else if (response.status === 200) {
    transfer.offset = 0; // the server ignored Range, or the file changed (If-Range): start again
    const length = response.header('content-length');
    if (length !== null && /^\d+$/.test(length)) checkTotal(transfer, Number(length));
  } else {
    throw new JumeauError('http', `${where}: HTTP ${response.status}`, { details: { status: response.status, url: where } });
  }
  transfer.validator = response.header('etag') ?? response.header('last-modified') ?? transfer.validator;
  if (transfer.totalBytes !== undefined) await checkFreeSpace(transfer, transfer.totalBytes);
  return response;
}

/** Bytes gathered before one `writev`: fewer system calls and awaits than one write per network chunk. */
const WRITE_BATCH_BYTES = 256 * 1024;

// The copy loop: chunks batched and written at the current offset, the size bound checked as bytes arrive.
async function copyBody(transfer: Transfer, response: DownloadResponse, file: FileHandle): Promise<void> {
  if (transfer.offset === 0) await file.truncate(0);
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let received = transfer.offset;
  // One write in flight while the next batch is read (double buffering); `offset` counts bytes on disk.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (batchBytes === 0) return;
    const [buffers, bytes] = [batch, batchBytes];
    batch = [];
    batchBytes = 0;
    writing = file.writev(buffers, transfer.offset).then(() => {
      transfer.offset += bytes;
      transfer.options.onProgress?.({ bytesWritten: transfer.offset, totalBytes: transfer.totalBytes, attempt: transfer.attempt });
    });
  };
  // Cancelling ends a pending read at once (an aborted fetch may otherwise leave it waiting).
  const cancel = () => response.cancel();
  transfer.options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    for await (const chunk of response.chunks) {
      throwIfAborted(transfer.options.signal);
      const limit = transfer.totalBytes ?? transfer.maximumBytes;
      received += chunk.byteLength;
      if (received > limit)
        throw new JumeauError('too-large', `${redactUrl(transfer.url)}: more than ${limit} bytes received`, { details: { limit } });
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
    }
  } finally {
    transfer.options.signal?.removeEventListener('abort', cancel);
    await flush(); // what arrived before a failure is kept, for the resume
    await writing;
  }
}

function requestHeaders(transfer: Transfer): Record<string, string> {
  // `identity`: a compressed transfer would make sizes and byte ranges those of the compressed stream.
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...transfer.options.headers };
  if (transfer.offset > 0) headers.range = `bytes=${transfer.offset}-`;
  if (transfer.offset > 0 && transfer.validator !== undefined) headers['if-range'] = transfer.validator;
  return headers;
}

/** One attempt; resolves when the file is complete, throws (a retryable or final error) otherwise. */
async function attemptOnce(transfer: Transfer, file: FileHandle): Promise<void> {
  const transport = transfer.options.fetch ? fetchTransport(transfer.options.fetch) : nodeHttpTransport;
  const response = await transport(transfer.url, requestHeaders(transfer), transfer.options.signal);
  if (isRetryableStatus(response.status)) {
    response.cancel();
    throw new RetryableStatus(response.status, response.header('retry-after'));
  }
  const started = await startAttempt(transfer, response);
  if (started === undefined) return;
  await copyBody(transfer, started, file);
  throwIfAborted(transfer.options.signal); // aborted while the last bytes were written: keep the .part
  if (transfer.totalBytes !== undefined && transfer.offset !== transfer.totalBytes)
    throw new JumeauError('network', `${redactUrl(transfer.url)}: cut short at ${transfer.offset} of ${transfer.totalBytes} bytes`);
}

class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | null,
  ) {
    super(`HTTP ${status}`);
  }
}

function isFinal(error: unknown): boolean {
  if (error instanceof RetryableStatus) return false;
  if (isJumeauError(error)) return error.code !== 'network';
  return (error as { name?: string } | undefined)?.name === 'AbortError';
}

function finalError(transfer: Transfer, error: unknown): JumeauError {
  const where = redactUrl(transfer.url);
  if (transfer.options.signal?.aborted && !isJumeauError(error, 'aborted'))
    return new JumeauError('aborted', `Download of ${where} aborted`, { cause: transfer.options.signal.reason });
  if (isJumeauError(error)) return error;
  if (error instanceof RetryableStatus)
    return new JumeauError('http', `${where}: HTTP ${error.status}`, { details: { status: error.status } });
  return new JumeauError('network', `${where}: ${(error as Error).message}`, { cause: error });
}

/**
 * Streams a file to disk with progress, and resumes: bytes go to `PATH.part`, every retry (network failure,
 * cut-short body, 5xx, 429 with `Retry-After`) asks only for the rest with `Range`/`If-Range`, and a later call
 * continues a `.part` left by an interrupted one. The size is checked against the catalogue's `expectedBytes`
 * and the server's, and anything over `maximumBytes` or the free disk space is refused before it is written.
 * The file is renamed to `path` only once complete.
 *
 * @example
 * ```ts
 * const file = resource.files[0]
 * await downloadFile(file.url, '/data/bdtopo-d017.7z', { expectedBytes: file.sizeBytes, onProgress: console.log })
 * ```
 */
export async function downloadFile(url: string, path: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  throwIfAborted(options.signal);
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const maximumBytes = options.maximumBytes ?? DEFAULT_MAXIMUM_DOWNLOAD_BYTES;
  const transfer: Transfer = {
    url,
    partPath: `${path}.part`,
    options,
    maximumBytes,
    offset: 0,
    totalBytes: undefined,
    validator: undefined,
    attempt: 0,
  };
  if (options.expectedBytes !== undefined) checkTotal(transfer, options.expectedBytes);
  transfer.offset = Math.min(await sizeOnDisk(transfer.partPath), transfer.totalBytes ?? Number.POSITIVE_INFINITY);
  const resumedFromBytes = transfer.offset;
  await (await open(transfer.partPath, 'a+')).close();
  const file = await open(transfer.partPath, 'r+');
  try {
    await runAttempts(transfer, file, policy);
  } finally {
    await file.close();
  }
  await rename(transfer.partPath, path);
  return { path, bytes: transfer.offset, resumedFromBytes, attempts: transfer.attempt };
}

async function runAttempts(transfer: Transfer, file: FileHandle, policy: RetryPolicy): Promise<void> {
  for (;;) {
    transfer.attempt += 1;
    try {
      return await attemptOnce(transfer, file);
    } catch (error) {
      if (transfer.options.signal?.aborted || isFinal(error) || transfer.attempt >= policy.maximumAttempts)
        throw finalError(transfer, error);
      const retryAfter = error instanceof RetryableStatus ? retryAfterMilliseconds(error.retryAfter, policy) : undefined;
      await sleep(retryAfter ?? backoffDelayMilliseconds(transfer.attempt - 1, policy), transfer.options.signal);
    }
  }
}
