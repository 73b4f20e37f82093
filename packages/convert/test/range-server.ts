/**
 * The answer of the test HTTP servers to a request for a file: the bytes asked for by a `Range: bytes=a-b` header
 * (206, trimmed to the file's end as HTTP says), or the whole file (200), counting what is served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type JumeauErrorCode, isJumeauError } from '@jumeau/core';
import { expect } from 'vitest';

/** Bytes and requests served, for the tests' "fetched only part of the file" checks. */
export interface ServedCounters {
  bytes: number;
  requests: number;
}

/** Parses the request's range: [start, end] inclusive, trimmed to the body, or null for a whole-file request. */
export function requestedRange(request: IncomingMessage, bodyLength: number): [number, number] | null {
  const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
  return range ? [Number(range[1]), Math.min(Number(range[2]), bodyLength - 1)] : null;
}

/** Answers with the range `[start, end]` of `body` (206), or the whole body when `range` is null (200). */
export function answerRange(response: ServerResponse, body: Uint8Array, range: [number, number] | null, served: ServedCounters): void {
  if (!range) {
    served.bytes += body.length;
    response.writeHead(200, { 'Content-Length': body.length }).end(body);
    return;
  }
  const [start, end] = range;
  served.bytes += end - start + 1;
  response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
  response.end(body.subarray(start, end + 1));
}

/** Zeroes the counters before a read whose cost a test checks. */
export function resetCounters(served: ServedCounters): void {
  served.bytes = 0;
  served.requests = 0;
}

/** Expects `promise` to reject with a JumeauError of `code` whose message matches `message`. */
export async function expectJumeauError(promise: Promise<unknown>, code: JumeauErrorCode, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isJumeauError(error, code), String(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
}
