import { JumeauError } from '@jumeau/core';
import { type ByteSource, bytesSource } from './byte-source.js';
import { type HttpSourceOptions, openHttpSource } from './http-source.js';

/** Where a GeoTIFF can come from: its bytes, an http(s) URL (read with range requests), or any {@link ByteSource}. */
export type GeoTIFFSource = ArrayBuffer | Uint8Array | string | URL | ByteSource;

/** Turns any {@link GeoTIFFSource} into a {@link ByteSource}. Strings must be http(s) URLs (use the node entry for paths). */
export async function openByteSource(source: GeoTIFFSource, options: HttpSourceOptions = {}): Promise<ByteSource> {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return bytesSource(source);
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    if (!/^https?:\/\//i.test(url)) {
      throw new JumeauError(
        'input',
        `A GeoTIFF URL must start with http:// or https://, got "${url}" (read local files with readGeoTIFFFile)`,
        {
          details: { url },
        },
      );
    }
    return openHttpSource(url, options);
  }
  if (typeof source === 'object' && source !== null && typeof (source as ByteSource).read === 'function') return source;
  throw new JumeauError('input', `Cannot read a GeoTIFF from ${Object.prototype.toString.call(source)}`, {
    details: { kind: typeof source },
  });
}
