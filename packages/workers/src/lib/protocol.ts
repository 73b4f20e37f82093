import { JUMEAU_ERROR_CODES, type JumeauErrorCode, type SerializedJumeauError, deserializeJumeauError, validate } from '@jumeau/core';
import { z } from 'zod';
import type { ProgressCallback } from '../task.js';

/** How buffers cross the thread boundary: `auto` moves them (zero-copy), `none` copies them (structured clone). */
export type TransferMode = 'auto' | 'none';

/** What the pool sends to a worker for one run. `input` is wire-encoded (see lib/wire.ts). */
export interface TaskRequest {
  readonly name: string;
  readonly input: unknown;
  readonly transfer: TransferMode;
  readonly progressIntervalMilliseconds: number;
}

/** The reply of a worker: a wire-encoded value, or the task's error in its serialised form. */
export type ReplyEnvelope = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: SerializedJumeauError };

/** The API a worker module exposes through comlink. */
export interface WorkerApi {
  run(request: TaskRequest, onProgress: ProgressCallback | undefined): Promise<ReplyEnvelope>;
}

const serializedErrorSchema = z.object({
  name: z.literal('JumeauError'),
  code: z.enum(JUMEAU_ERROR_CODES as [JumeauErrorCode, ...JumeauErrorCode[]]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const replyEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: serializedErrorSchema }),
]);

/**
 * Checks a worker's reply (a worker is another program: its messages cross a boundary) and returns the
 * value or throws the task's error rebuilt as the same JumeauError (code, message, details).
 */
export function unwrapReply(reply: unknown, taskName: string): unknown {
  const envelope = validate(replyEnvelopeSchema, reply, `reply of the worker to task "${taskName}"`, 'format');
  if (envelope.ok) return envelope.value;
  throw deserializeJumeauError(envelope.error);
}
