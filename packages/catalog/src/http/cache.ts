/**
 * A pluggable response cache: anything that can get and set bytes by key (memory, IndexedDB, a file folder,
 * Redis…). Values are whole response bodies of successful GET requests.
 */
export interface CacheStore {
  get(key: string): Promise<CachedResponse | undefined> | CachedResponse | undefined;
  set(key: string, value: CachedResponse): Promise<void> | void;
}

/** What a {@link CacheStore} keeps for one response. */
export interface CachedResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** When it was stored, in milliseconds since the epoch. */
  readonly storedAtMilliseconds: number;
}

/** Options of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Total body bytes kept before the least recently used entries are evicted (default 64 MiB). */
  readonly maximumBytes?: number;
}

/**
 * An in-memory least-recently-used {@link CacheStore}, bounded in bytes.
 *
 * @example
 * ```ts
 * const client = createHttpClient({ cache: createMemoryCache({ maximumBytes: 16 * 1024 ** 2 }) })
 * ```
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): CacheStore & { readonly sizeBytes: number } {
  const maximumBytes = options.maximumBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, CachedResponse>();
  let sizeBytes = 0;
  return {
    get sizeBytes() {
      return sizeBytes;
    },
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      if (value.body.byteLength > maximumBytes) return;
      const previous = entries.get(key);
      if (previous) sizeBytes -= previous.body.byteLength;
      entries.delete(key);
      entries.set(key, value);
      sizeBytes += value.body.byteLength;
      for (const [oldestKey, oldest] of entries) {
        if (sizeBytes <= maximumBytes) break;
        entries.delete(oldestKey);
        sizeBytes -= oldest.body.byteLength;
      }
    },
  };
}
