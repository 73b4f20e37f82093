import { JumeauError, sleep, throwIfAborted } from '@jumeau/core';
import { type ByteSource, throwPastEnd } from './byte-source.js';

/** Options of a remote GeoTIFF read. */
export interface HttpSourceOptions {
  /** Extra request headers (an API key…). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Abort each request after this many milliseconds (default 30 000) with a `network` error. */
  readonly timeoutMilliseconds?: number;
  /** Bytes fetched by the first request, which holds every IFD of a COG (default 65 536). */
  readonly headerBytes?: number;
  /** The `fetch` to use (default `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  /**
   * Retries of a request answered 429, 502, 503 or 504 or cut by the network (default 2; 0 fails at once), after the
   * server's `Retry-After` (at most 10 s) or 250 ms, 500 ms… — the statuses GDAL retries. Timeouts are not retried.
   */
  readonly retries?: number;
  readonly signal?: AbortSignal;
}

/** The statuses worth asking again (GDAL's GDAL_HTTP_RETRY_CODES default): too many requests, gateway errors. */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const MAXIMUM_RETRY_DELAY_MILLISECONDS = 10_000;

/** The delay before retry `attempt` (0-based): the server's `Retry-After` in seconds when given, else 250 ms × 2^attempt. */
function retryDelayMilliseconds(response: Response | null, attempt: number): number {
  const retryAfter = Number(response?.headers.get('retry-after') ?? Number.NaN);
  const milliseconds = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 250 * 2 ** attempt;
  return Math.min(milliseconds, MAXIMUM_RETRY_DELAY_MILLISECONDS);
}

/** Counts what a remote source fetched: useful to check that a window read stayed partial. */
export interface HttpSourceStatistics {
  requests: number;
  bytesFetched: number;
}

/** A {@link ByteSource} over HTTP range requests, with its fetch statistics. */
export interface HttpSource extends ByteSource {
  readonly statistics: HttpSourceStatistics;
}

/**
 * Opens a remote file for range reads: one request fetches the first `headerBytes` and learns the file size from
 * `Content-Range`; later reads fetch only the ranges asked. A server that ignores `Range` (status 200) serves the
 * whole file once, which is then read from memory.
 *
 * @example
 * ```ts
 * const source = await openHttpSource('https://example.org/dem.tif')
 * ```
 */
export async function openHttpSource(url: string, options: HttpSourceOptions = {}): Promise<HttpSource> {
  const statistics: HttpSourceStatistics = { requests: 0, bytesFetched: 0 };
  const headerBytes = options.headerBytes ?? 65_536;
  const first = await fetchRange(url, 0, headerBytes, options, statistics);
  const sizeBytes = first.totalBytes;
  const head = first.bytes;
  const whole = first.complete;
  return {
    name: url,
    sizeBytes,
    statistics,
    async read(offset, length, signal) {
      if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > sizeBytes) {
        throwPastEnd(url, offset, length, sizeBytes);
      }
      if (whole || offset + length <= head.byteLength) return head.subarray(offset, offset + length);
      const response = await fetchRange(url, offset, length, { ...options, signal: signal ?? options.signal }, statistics);
      if (response.bytes.byteLength < length) throwPastEnd(url, offset, length, response.totalBytes);
      return response.bytes.subarray(0, length);
    },
  };
}

interface RangeResponse {
  readonly bytes: Uint8Array;
  readonly totalBytes: number;
  /** True when the server sent the whole file. */
  readonly complete: boolean;
}

async function fetchRange(
  url: string,
  offset: number,
  length: number,
  options: HttpSourceOptions,
  statistics: HttpSourceStatistics,
): Promise<RangeResponse> {
  const retries = options.retries ?? 2;
  if (!Number.isInteger(retries) || retries < 0) throw new JumeauError('input', `retries must be an integer ≥ 0, got ${retries}`);
  for (let attempt = 0; ; attempt += 1) {
    const outcome = await fetchRangeOnce(url, offset, length, options, statistics);
    const retried = attempt < retries && (outcome.kind === 'dropped' || RETRIED_STATUSES.has(outcome.response?.status ?? 0));
    if (!retried) {
      if (outcome.kind === 'dropped') throw outcome.error;
      return readRangeResponse(url, outcome.response, outcome.bytes, offset);
    }
    await sleep(retryDelayMilliseconds(outcome.kind === 'answered' ? outcome.response : null, attempt), options.signal);
  }
}

type FetchOutcome =
  | { readonly kind: 'answered'; readonly response: Response; readonly bytes: Uint8Array }
  | { readonly kind: 'dropped'; readonly error: JumeauError; readonly response?: undefined };

/** One request: the answer, or the `network` error of a dropped connection; a timeout or an abort throws at once. */
async function fetchRangeOnce(
  url: string,
  offset: number,
  length: number,
  options: HttpSourceOptions,
  statistics: HttpSourceStatistics,
): Promise<FetchOutcome> {
  throwIfAborted(options.signal);
  const timeoutMilliseconds = options.timeoutMilliseconds ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMilliseconds);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers = { ...options.headers, Range: `bytes=${offset}-${offset + length - 1}` };
  let response: Response;
  let body: ArrayBuffer;
  try {
    response = await (options.fetch ?? fetch)(url, { headers, signal });
    body = await response.arrayBuffer();
  } catch (error) {
    throwIfAborted(options.signal);
    const timedOut = timeout.aborted;
    const message = timedOut ? `timed out after ${timeoutMilliseconds} ms` : error instanceof Error ? error.message : String(error);
    const failure = new JumeauError('network', `Cannot fetch ${url} (bytes ${offset}–${offset + length - 1}): ${message}`, {
      cause: error,
      details: { url, offset, length, timedOut },
    });
    if (timedOut) throw failure;
    return { kind: 'dropped', error: failure };
  }
  statistics.requests += 1;
  statistics.bytesFetched += body.byteLength;
  return { kind: 'answered', response, bytes: new Uint8Array(body) };
}

function readRangeResponse(url: string, response: Response, bytes: Uint8Array, offset: number): RangeResponse {
  if (response.status === 200) return { bytes: bytes.subarray(offset), totalBytes: bytes.byteLength, complete: offset === 0 };
  if (response.status === 416 && offset > 0) {
    throw new JumeauError('format', `Truncated or corrupt TIFF ${url}: nothing at offset ${offset} (HTTP 416)`, {
      details: { url, offset, status: 416 },
    });
  }
  if (response.status !== 206) {
    throw new JumeauError('http', `HTTP ${response.status} ${response.statusText} for ${url}`, {
      details: { url, status: response.status },
    });
  }
  const range = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '');
  if (!range?.[1]) {
    throw new JumeauError('http', `The server of ${url} answered 206 without a Content-Range total`, { details: { url } });
  }
  return { bytes, totalBytes: Number(range[1]), complete: false };
}
