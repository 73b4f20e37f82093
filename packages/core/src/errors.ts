/**
 * The stable error codes of Jumeau. A code never changes meaning once published; new ones may be added.
 *
 * - `input`: an argument or a file field has the wrong type, range or shape.
 * - `crs`: an unknown or unsupported coordinate reference system, or a transformation that cannot be done.
 * - `too-large`: a declared or requested size exceeds the configured maximum; refused before allocating.
 * - `format`: a file or payload is corrupt, truncated or not the format it claims.
 * - `network`: the request did not get an HTTP answer (DNS, refused connection, reset, timeout).
 * - `http`: the server answered with an error status (4xx/5xx) or an OGC exception report.
 * - `aborted`: the caller cancelled the work through an `AbortSignal`.
 * - `worker-crashed`: a worker died (uncaught error, out of memory, exit) while running a task.
 * - `unsupported`: a valid request for something this build cannot do (a codec, an environment feature).
 * - `internal`: a broken invariant inside Jumeau; please report it.
 */
export type JumeauErrorCode =
  | 'input'
  | 'crs'
  | 'too-large'
  | 'format'
  | 'network'
  | 'http'
  | 'aborted'
  | 'worker-crashed'
  | 'unsupported'
  | 'internal';

/** Every error code, for exhaustive checks and for validating errors that cross a worker boundary. */
export const JUMEAU_ERROR_CODES: readonly JumeauErrorCode[] = [
  'input',
  'crs',
  'too-large',
  'format',
  'network',
  'http',
  'aborted',
  'worker-crashed',
  'unsupported',
  'internal',
];

/** Optional structured details attached to an error: the offending value, an HTTP status, a file path… */
export interface JumeauErrorDetails {
  readonly [key: string]: unknown;
}

/**
 * The one error class of Jumeau. `code` is stable and machine-readable; `message` names the problem and the
 * offending value, for a human.
 *
 * @example
 * ```ts
 * try { getCrs(9999) } catch (error) {
 *   if (isJumeauError(error, 'crs')) console.error(error.message) // "Unknown CRS EPSG:9999 …"
 * }
 * ```
 */
export class JumeauError extends Error {
  override readonly name = 'JumeauError';
  readonly code: JumeauErrorCode;
  readonly details: JumeauErrorDetails;

  constructor(code: JumeauErrorCode, message: string, options: { cause?: unknown; details?: JumeauErrorDetails } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }

  /** A plain, structured-cloneable object (for worker messages and logs). */
  toJSON(): SerializedJumeauError {
    return { name: 'JumeauError', code: this.code, message: this.message, details: safeDetails(this.details) };
  }
}

/** The wire form of a {@link JumeauError}. */
export interface SerializedJumeauError {
  readonly name: 'JumeauError';
  readonly code: JumeauErrorCode;
  readonly message: string;
  readonly details: JumeauErrorDetails;
}

/** True when `error` is a {@link JumeauError}, optionally of the given code. */
export function isJumeauError(error: unknown, code?: JumeauErrorCode): error is JumeauError {
  return error instanceof JumeauError && (code === undefined || error.code === code);
}

/** Rebuilds a {@link JumeauError} from its wire form; anything unrecognised becomes an `internal` error. */
export function deserializeJumeauError(value: unknown): JumeauError {
  if (typeof value === 'object' && value !== null) {
    const candidate = value as Partial<SerializedJumeauError>;
    if (typeof candidate.code === 'string' && JUMEAU_ERROR_CODES.includes(candidate.code as JumeauErrorCode)) {
      return new JumeauError(candidate.code as JumeauErrorCode, String(candidate.message ?? ''), {
        details: typeof candidate.details === 'object' && candidate.details !== null ? candidate.details : {},
      });
    }
    if (typeof (value as { message?: unknown }).message === 'string') {
      return new JumeauError('internal', (value as { message: string }).message, { cause: value });
    }
  }
  return new JumeauError('internal', `Unexpected error value: ${String(value)}`, { cause: value });
}

/** Wraps anything thrown into a {@link JumeauError}, keeping JumeauErrors as they are. */
export function toJumeauError(error: unknown, fallbackCode: JumeauErrorCode = 'internal'): JumeauError {
  if (error instanceof JumeauError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new JumeauError('aborted', error.message || 'The operation was aborted', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new JumeauError(fallbackCode, message, { cause: error });
}

/** Throws an `aborted` {@link JumeauError} when the signal is aborted. Call it between steps of long work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    const why = reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
    throw new JumeauError('aborted', why ? `The operation was aborted: ${why}` : 'The operation was aborted', {
      cause: reason,
    });
  }
}

/**
 * Waits `milliseconds`, or rejects with an `aborted` JumeauError as soon as `signal` fires (retry back-offs,
 * rate limits).
 *
 * @example
 * ```ts
 * await sleep(250, controller.signal)
 * ```
 */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, milliseconds);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      try {
        throwIfAborted(signal);
      } catch (error) {
        reject(error);
      }
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function safeDetails(details: JumeauErrorDetails): JumeauErrorDetails {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    const kind = typeof value;
    if (value === null || kind === 'string' || kind === 'number' || kind === 'boolean') out[key] = value;
    else if (Array.isArray(value) && value.length <= 16) out[key] = value.map((item) => String(item));
    else out[key] = String(value);
  }
  return out;
}
