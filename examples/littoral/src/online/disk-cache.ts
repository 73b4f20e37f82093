import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheStore, CachedResponse } from '@jumeau/catalog';
import { z } from 'zod';

const metadataSchema = z.object({ key: z.string(), status: z.number().int(), contentType: z.string(), storedAtMilliseconds: z.number() });

/**
 * A {@link CacheStore} in a folder: one `<sha256 of the URL>.body` and `.json` per successful GET, so re-running
 * the online builder does not call the Géoplateforme again. Written through a temporary name, so an interrupted
 * run never leaves half a response behind.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ cache: createDiskCache('.cache/online/http') })
 * ```
 */
export function createDiskCache(directory: string): CacheStore {
  const pathsOf = (key: string) => {
    const name = createHash('sha256').update(key).digest('hex');
    return { body: join(directory, `${name}.body`), metadata: join(directory, `${name}.json`) };
  };
  return {
    async get(key: string): Promise<CachedResponse | undefined> {
      const paths = pathsOf(key);
      try {
        const metadata = metadataSchema.parse(JSON.parse(await readFile(paths.metadata, 'utf8')));
        if (metadata.key !== key) return undefined;
        return { ...metadata, body: new Uint8Array(await readFile(paths.body)) };
      } catch {
        return undefined;
      }
    },
    async set(key: string, value: CachedResponse): Promise<void> {
      const paths = pathsOf(key);
      await mkdir(directory, { recursive: true });
      await writeFile(`${paths.body}.partial`, value.body);
      await rename(`${paths.body}.partial`, paths.body);
      const { status, contentType, storedAtMilliseconds } = value;
      await writeFile(paths.metadata, JSON.stringify({ key, status, contentType, storedAtMilliseconds }));
    },
  };
}
