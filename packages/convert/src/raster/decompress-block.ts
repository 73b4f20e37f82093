import { JumeauError } from '@jumeau/core';
import type { InflateSync } from './decode-blocks.js';
import { inflateBytes } from './deflate.js';
import { decodeLzw } from './lzw.js';
import { decodePackBits } from './packbits.js';
import { compressionName } from './tiff-image.js';

/** Compression codes the reader decodes. */
export const SUPPORTED_COMPRESSIONS: readonly number[] = [1, 5, 8, 32946, 32773, 50000];

let zstd: Promise<typeof import('fzstd')> | undefined;

/**
 * Decompresses one block into exactly `expectedBytes` bytes. Throws `unsupported` for an unknown codec and
 * `format` (naming the block) when the stream is corrupt or shorter than the block. `inflate`, when given, decodes
 * DEFLATE synchronously (a worker thread's `zlib.inflateSync`).
 */
export async function decompressBlock(
  input: Uint8Array,
  compression: number,
  expectedBytes: number,
  where: string,
  inflate: InflateSync = null,
): Promise<Uint8Array> {
  let output: Uint8Array;
  try {
    const isDeflate = compression === 8 || compression === 32946;
    output = inflate !== null && isDeflate ? inflate(input, expectedBytes) : await decode(input, compression, expectedBytes, where);
  } catch (error) {
    if (error instanceof JumeauError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new JumeauError('format', `Corrupt ${compressionName(compression)} data in ${where}: ${reason}`, {
      cause: error,
      details: { compression, byteCount: input.byteLength },
    });
  }
  if (output.byteLength < expectedBytes) {
    throw new JumeauError(
      'format',
      `Corrupt or truncated ${compressionName(compression)} data in ${where}: ${output.byteLength} bytes decoded, ${expectedBytes} expected`,
      { details: { compression, decodedBytes: output.byteLength, expectedBytes } },
    );
  }
  return output.byteLength === expectedBytes ? output : output.subarray(0, expectedBytes);
}

async function decode(input: Uint8Array, compression: number, expectedBytes: number, where: string): Promise<Uint8Array> {
  switch (compression) {
    case 1:
      return input;
    case 8:
    case 32946:
      return inflateBytes(input, expectedBytes);
    case 5:
      return decodeLzw(input, expectedBytes);
    case 32773:
      return decodePackBits(input, expectedBytes);
    case 50000: {
      zstd ??= import('fzstd');
      return (await zstd).decompress(input);
    }
    default:
      throw new JumeauError(
        'unsupported',
        `${where} uses ${compressionName(compression)} compression (code ${compression}); Jumeau reads none, DEFLATE, LZW, ZSTD and PackBits`,
        { details: { compression } },
      );
  }
}
