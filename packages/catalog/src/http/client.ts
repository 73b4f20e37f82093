import { JumeauError, isJumeauError, throwIfAborted } from '@jumeau/core';
import type { CacheStore } from './cache.js';
import { readExceptionReport, formatExceptions } from '../ogc/exception-report.js';
import { RateLimiter, sleep } from './rate-limiter.js';
import { GEOPLATEFORME_RATE_LIMITS, rateLimitFor, type RateLimitRule } from './rate-limits.js';
import { redactSecret, redactUrl } from './redact.js';
import { DEFAULT_RETRY_POLICY, backoffDelayMilliseconds, isRetryableStatus, retryAfterMilliseconds, type RetryPolicy } from './retry.js';

/** What the client reports while it works (URLs are already redacted). */
export type HttpEvent =
  | { readonly type: 'request'; readonly method: string; readonly url: string; readonly attempt: number }
  | { readonly type: 'retry'; readonly url: string; readonly attempt: number; readonly reason: string; readonly delayMilliseconds: number }
  | { readonly type: 'response'; readonly url: string; readonly status: number; readonly bytes: number; readonly cached: boolean };

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The fetch implementation (default `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  /** Per-host rate limits (default {@link GEOPLATEFORME_RATE_LIMITS}). */
  readonly rateLimits?: readonly RateLimitRule[];
  readonly retry?: Partial<RetryPolicy>;
  /** Time allowed to one attempt, headers and body (default 60 000 ms). A stalled server is retried. */
  readonly timeoutMilliseconds?: number;
  /** Response cache of successful GETs (none by default). */
  readonly cache?: CacheStore;
  /** Géoplateforme API key, sent as the `apikey` header to `/private/` endpoints only; never printed. */
  readonly apiKey?: string;
  /** Receives request, retry and response events with redacted URLs. */
  readonly onEvent?: (event: HttpEvent) => void;
}

/** One request. */
export interface HttpRequest {
  readonly url: string | URL;
  readonly method?: 'GET' | 'POST';
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Names the request in errors ("WFS GetFeature page 3"). */
  readonly what?: string;
}

/** A complete response with its body read. */
export interface HttpResponse {
  readonly status: number;
  readonly url: string;
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly cached: boolean;
}

/**
 * The one HTTP client every catalog call goes through: per-host rate limits, retries of 429 (honouring
 * `Retry-After`), 5xx, timeouts, truncated and unreadable bodies with bounded exponential backoff and jitter,
 * `AbortSignal`, an optional cache, OGC exception reports surfaced in the error, secrets never printed.
 */
export interface HttpClient {
  /** Fetches and returns the whole body; throws a typed JumeauError (`http`, `network`, `aborted`). */
  request(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Fetches and parses; a `format` error from `parse` (a body cut short, malformed XML/JSON) is retried like a
   * network failure, within the same attempt budget.
   */
  requestParsed<T>(request: HttpRequest, parse: (response: HttpResponse) => T): Promise<T>;
  /** The secret to strip from any message that could echo it. */
  redact(text: string): string;
}

/**
 * Creates an {@link HttpClient}.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ apiKey: process.env.GPF_KEY, cache: createMemoryCache() })
 * const response = await http.request({ url: 'https://data.geopf.fr/wfs/ows?SERVICE=WFS&REQUEST=GetCapabilities' })
 * ```
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const context: ClientContext = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    rules: options.rateLimits ?? GEOPLATEFORME_RATE_LIMITS,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    timeoutMilliseconds: options.timeoutMilliseconds ?? 60_000,
    cache: options.cache,
    apiKey: options.apiKey,
    onEvent: options.onEvent ?? (() => {}),
    limiter: new RateLimiter(),
  };
  return {
    request: (request) => runWithRetries(context, request, (response) => response),
    requestParsed: (request, parse) => runWithRetries(context, request, parse),
    redact: (text) => redactSecret(text, context.apiKey),
  };
}

interface ClientContext {
  readonly fetch: typeof fetch;
  readonly rules: readonly RateLimitRule[];
  readonly policy: RetryPolicy;
  readonly timeoutMilliseconds: number;
  readonly cache: CacheStore | undefined;
  readonly apiKey: string | undefined;
  readonly onEvent: (event: HttpEvent) => void;
  readonly limiter: RateLimiter;
}

/** A failure worth another attempt, with the wait the server asked for (429 `Retry-After`). */
class RetryableFailure extends Error {
  constructor(
    readonly error: JumeauError,
    readonly waitMilliseconds: number | undefined,
  ) {
    super(error.message);
  }
}

async function runWithRetries<T>(context: ClientContext, request: HttpRequest, parse: (response: HttpResponse) => T): Promise<T> {
  const url = new URL(String(request.url));
  const printable = redactUrl(url);
  const cacheKey = request.method === 'POST' ? undefined : url.toString();
  const cached = cacheKey && context.cache ? await context.cache.get(cacheKey) : undefined;
  if (cached) {
    const response = { status: cached.status, url: printable, contentType: cached.contentType, body: cached.body, cached: true };
    context.onEvent({ type: 'response', url: printable, status: cached.status, bytes: cached.body.byteLength, cached: true });
    return parse(response);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await attemptOnce(context, request, url, attempt);
      const parsed = parseOrRetry(response, parse);
      if (cacheKey && context.cache) {
        await context.cache.set(cacheKey, {
          status: response.status,
          contentType: response.contentType,
          body: response.body,
          storedAtMilliseconds: Date.now(),
        });
      }
      return parsed;
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      if (attempt >= context.policy.maximumAttempts) {
        const last = error.error;
        throw new JumeauError(last.code, `${last.message} (gave up after ${attempt} attempts)`, {
          cause: last.cause,
          details: { ...last.details, attempts: attempt },
        });
      }
      const delayMilliseconds = error.waitMilliseconds ?? backoffDelayMilliseconds(attempt - 1, context.policy);
      context.onEvent({ type: 'retry', url: printable, attempt, reason: error.error.message, delayMilliseconds });
      await sleep(delayMilliseconds, request.signal);
    }
  }
}

function parseOrRetry<T>(response: HttpResponse, parse: (response: HttpResponse) => T): T {
  try {
    return parse(response);
  } catch (error) {
    if (isJumeauError(error, 'format')) throw new RetryableFailure(error, undefined);
    throw error;
  }
}

async function attemptOnce(context: ClientContext, request: HttpRequest, url: URL, attempt: number): Promise<HttpResponse> {
  const printable = redactUrl(url);
  const what = request.what ?? 'request';
  const limit = rateLimitFor(url, context.rules);
  if (limit) await context.limiter.acquire(limit.key, limit.requestsPerSecond, request.signal);
  throwIfAborted(request.signal);
  const method = request.method ?? 'GET';
  context.onEvent({ type: 'request', method, url: printable, attempt });
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), context.timeoutMilliseconds);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await context.fetch(url, {
      method,
      body: request.body,
      headers: buildHeaders(context, request, url),
      signal,
      redirect: 'follow',
    });
    const body = new Uint8Array(await response.arrayBuffer());
    const result: HttpResponse = {
      status: response.status,
      url: printable,
      contentType: response.headers.get('content-type') ?? '',
      body,
      cached: false,
    };
    context.onEvent({ type: 'response', url: printable, status: response.status, bytes: body.byteLength, cached: false });
    if (response.ok) return result;
    throw statusError(context, result, what, response.headers.get('retry-after'));
  } catch (error) {
    if (error instanceof RetryableFailure || isJumeauError(error)) throw error;
    throwIfAborted(request.signal);
    const reason = timeout.signal.aborted ? `no complete answer within ${context.timeoutMilliseconds} ms` : describeNetworkError(error);
    throw new RetryableFailure(
      new JumeauError('network', `${what} failed: ${reason} — ${printable}`, { cause: error, details: { url: printable } }),
      undefined,
    );
  } finally {
    clearTimeout(timer);
  }
}

function buildHeaders(context: ClientContext, request: HttpRequest, url: URL): Record<string, string> {
  const headers: Record<string, string> = { ...request.headers };
  if (context.apiKey && url.pathname.includes('/private/')) headers.apikey = context.apiKey;
  return headers;
}

function statusError(context: ClientContext, response: HttpResponse, what: string, retryAfter: string | null): Error {
  const text = new TextDecoder().decode(response.body.subarray(0, 64 * 1024));
  const exceptions = readExceptionReport(text);
  const serverSays = exceptions ? formatExceptions(exceptions) : text.replace(/\s+/g, ' ').trim().slice(0, 300);
  const message = redactSecret(
    `${what} answered HTTP ${response.status}${serverSays ? `: ${serverSays}` : ''} — ${response.url}`,
    context.apiKey,
  );
  const error = new JumeauError('http', message, { details: { status: response.status, url: response.url } });
  if (!isRetryableStatus(response.status)) return error;
  const waitMilliseconds =
    response.status === 429 || response.status === 503 ? retryAfterMilliseconds(retryAfter, context.policy) : undefined;
  return new RetryableFailure(error, waitMilliseconds);
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
