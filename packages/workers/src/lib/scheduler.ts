import { type JumeauError, toJumeauError } from '@jumeau/core';
import { proxy, transfer } from 'comlink';
import { abortedError } from '../run-task.js';
import type { ProgressCallback } from '../task.js';
import { type TaskRequest, unwrapReply } from './protocol.js';
import { decodeFromWire } from './wire.js';
import { type StartWorkerOptions, type WorkerHandle, startWorker } from './worker-handle.js';

/** One queued or running call of `pool.run`; its input is already owned by the pool (see pool.ts). */
export interface Job {
  readonly request: TaskRequest;
  readonly transferList: readonly ArrayBuffer[];
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ProgressCallback | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: JumeauError) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JumeauError };

interface Slot {
  handle: WorkerHandle | null;
  job: Job | null;
  stopListening: () => void;
}

/**
 * A fixed number of slots, each holding at most one worker (started on first use, replaced after an abort or
 * a crash) and running one job at a time; jobs wait in a FIFO queue.
 */
export class Scheduler {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly leaveQueue = new WeakMap<Job, () => void>();

  constructor(
    private readonly startOptions: Omit<StartWorkerOptions, 'onCrash'>,
    size: number,
  ) {
    this.slots = Array.from({ length: size }, () => ({ handle: null, job: null, stopListening: () => undefined }));
  }

  /** Queues a job; if its signal aborts while it waits, it leaves the queue and rejects at once (never starts). */
  submit(job: Job): void {
    const signal = job.signal;
    if (signal) {
      const onAbortWhileQueued = (): void => {
        const index = this.queue.indexOf(job);
        if (index < 0) return;
        this.queue.splice(index, 1);
        job.reject(abortedError(signal));
      };
      signal.addEventListener('abort', onAbortWhileQueued, { once: true });
      this.leaveQueue.set(job, () => signal.removeEventListener('abort', onAbortWhileQueued));
    }
    this.queue.push(job);
    this.pump();
  }

  /** Starts the worker of every slot that has none (idle: it does not keep a Node process alive). */
  startAll(): void {
    for (const slot of this.slots) {
      if (slot.handle) continue;
      this.start(slot).setBusy(false);
    }
  }

  /** Terminates every worker; running and queued jobs reject with `error`. */
  terminate(error: JumeauError): void {
    for (const job of this.queue.splice(0)) {
      this.leaveQueue.get(job)?.();
      job.reject(error);
    }
    for (const slot of this.slots) {
      if (slot.job) this.settle(slot, slot.job, { ok: false, error }, true);
      slot.handle?.terminate();
      slot.handle = null;
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (!slot.job && this.queue.length > 0) {
        const job = this.queue.shift() as Job;
        this.leaveQueue.get(job)?.();
        if (job.signal?.aborted) job.reject(abortedError(job.signal));
        else this.dispatch(slot, job);
      }
    }
  }

  private dispatch(slot: Slot, job: Job): void {
    const handle = slot.handle ?? this.start(slot);
    slot.job = job;
    handle.setBusy(true);
    const onAbort = (): void => this.settle(slot, job, { ok: false, error: abortedError(job.signal as AbortSignal) }, true);
    job.signal?.addEventListener('abort', onAbort, { once: true });
    slot.stopListening = () => job.signal?.removeEventListener('abort', onAbort);
    const onProgress = job.onProgress;
    const progress = onProgress
      ? proxy((fraction: number, message?: string) => void (slot.job === job && onProgress(fraction, message)))
      : undefined;
    handle.remote.run(transfer(job.request, [...job.transferList]), progress).then(
      (reply) => this.settleReply(slot, job, reply),
      (error: unknown) => this.settle(slot, job, { ok: false, error: toJumeauError(error) }, false),
    );
  }

  private settleReply(slot: Slot, job: Job, reply: unknown): void {
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: decodeFromWire(unwrapReply(reply, job.request.name)) };
    } catch (error) {
      outcome = { ok: false, error: toJumeauError(error) };
    }
    this.settle(slot, job, outcome, false);
  }

  /** Ends a job once (later outcomes of the same job are ignored), optionally killing its worker. */
  private settle(slot: Slot, job: Job, outcome: Outcome, terminateWorker: boolean): void {
    if (slot.job !== job) return;
    slot.job = null;
    slot.stopListening();
    if (terminateWorker) {
      slot.handle?.terminate();
      slot.handle = null;
    } else slot.handle?.setBusy(false);
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
    this.pump();
  }

  private start(slot: Slot): WorkerHandle {
    const handle: WorkerHandle = startWorker({
      ...this.startOptions,
      onCrash: (error) => {
        if (slot.handle !== handle) return;
        slot.handle = null;
        if (slot.job) this.settle(slot, slot.job, { ok: false, error }, false);
      },
    });
    slot.handle = handle;
    return handle;
  }
}
