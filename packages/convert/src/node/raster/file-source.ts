import { open } from 'node:fs/promises';
import { JumeauError } from '@jumeau/core';
import { type ByteSource, prefixCachedSource, throwPastEnd } from '../../raster/byte-source.js';

/**
 * Opens a local file for random reads (only the bytes asked are read; the first 64 KiB, where a COG keeps its
 * IFDs, are read once). Close it with `source.close()`. Throws `input` when the file cannot be opened.
 *
 * @example
 * ```ts
 * const source = await openFileSource('dem.tif')
 * try { return await readGeoTIFF(source) } finally { await source.close?.() }
 * ```
 */
export async function openFileSource(path: string): Promise<ByteSource> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new JumeauError('input', `Cannot open the GeoTIFF file ${path}: ${(error as Error).message}`, {
      cause: error,
      details: { path },
    });
  }
  const sizeBytes = (await handle.stat()).size;
  const checkRange = (offset: number, length: number): void => {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > sizeBytes) throwPastEnd(path, offset, length, sizeBytes);
  };
  const readInto = async (offset: number, target: Uint8Array): Promise<void> => {
    const length = target.byteLength;
    checkRange(offset, length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(target, done, length - done, offset + done);
      if (bytesRead === 0) throwPastEnd(path, offset, length, sizeBytes);
      done += bytesRead;
    }
  };
  const source: ByteSource = {
    name: path,
    sizeBytes,
    async read(offset, length) {
      checkRange(offset, length);
      const buffer = new Uint8Array(length);
      await readInto(offset, buffer);
      return buffer;
    },
    readInto,
    close: () => handle.close(),
  };
  return prefixCachedSource(source, 65_536);
}
