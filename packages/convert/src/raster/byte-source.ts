import { JumeauError } from '@jumeau/core';

/**
 * Random access to the bytes of a file, wherever it lives (memory, HTTP with range requests, a local file).
 * `read` returns exactly `length` bytes or throws a `format` error when the file is shorter.
 */
export interface ByteSource {
  /** A short name for error messages: "bytes", a URL, a path. */
  readonly name: string;
  /** Total size in bytes when known (null for a remote file before its first response). */
  readonly sizeBytes: number | null;
  /** Reads `length` bytes at `offset`. */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Reads `target.byteLength` bytes at `offset` into `target` (optional: saves a copy where a source can). */
  readInto?(offset: number, target: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Releases what the source holds (a file handle); a no-op for memory and HTTP. */
  close?(): Promise<void>;
}

/** Throws the `format` error of a read past the end of a file. */
export function throwPastEnd(name: string, offset: number, length: number, sizeBytes: number): never {
  throw new JumeauError(
    'format',
    `Truncated or corrupt TIFF ${name}: ${length} bytes at offset ${offset} run past the end of the file (${sizeBytes} bytes)`,
    { details: { offset, length, sizeBytes } },
  );
}

/**
 * A source over bytes in memory: reads are zero-copy views.
 *
 * @example
 * ```ts
 * const source = bytesSource(new Uint8Array(await (await fetch(url)).arrayBuffer()))
 * ```
 */
export function bytesSource(input: ArrayBuffer | Uint8Array): ByteSource {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return {
    name: 'bytes',
    sizeBytes: bytes.byteLength,
    read(offset, length) {
      if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > bytes.byteLength) {
        throwPastEnd('bytes', offset, length, bytes.byteLength);
      }
      return Promise.resolve(bytes.subarray(offset, offset + length));
    },
  };
}

/**
 * Wraps a source so that reads inside the first `prefixBytes` come from one cached read: a COG keeps every IFD
 * at the start of the file, so parsing its header costs a single request.
 */
export function prefixCachedSource(source: ByteSource, prefixBytes: number): ByteSource {
  let prefix: Promise<Uint8Array> | null = null;
  const loadPrefix = (signal?: AbortSignal): Promise<Uint8Array> => {
    const length = source.sizeBytes === null ? prefixBytes : Math.min(prefixBytes, source.sizeBytes);
    prefix ??= source.read(0, length, signal).catch((error: unknown) => {
      prefix = null;
      throw error;
    });
    return prefix;
  };
  return {
    name: source.name,
    get sizeBytes() {
      return source.sizeBytes;
    },
    async read(offset, length, signal) {
      if (offset + length <= prefixBytes) {
        const head = await loadPrefix(signal);
        if (offset + length <= head.byteLength) return head.subarray(offset, offset + length);
      }
      return source.read(offset, length, signal);
    },
    ...(source.readInto ? { readInto: (offset, target, signal) => source.readInto?.(offset, target, signal) ?? Promise.resolve() } : {}),
    ...(source.close ? { close: () => source.close?.() ?? Promise.resolve() } : {}),
  };
}
