/**
 * Decodes PackBits (TIFF 6.0 §9): a signed count byte n, then n + 1 literal bytes (n ≥ 0) or one byte repeated
 * 1 − n times (n < 0; −128 is a no-op). Returns at most `expectedBytes` bytes. Internal.
 */
export function decodePackBits(input: Uint8Array, expectedBytes: number): Uint8Array {
  const output = new Uint8Array(expectedBytes);
  let read = 0;
  let written = 0;
  while (read < input.length && written < expectedBytes) {
    const header = ((input[read] as number) << 24) >> 24;
    read += 1;
    if (header >= 0) {
      const count = Math.min(header + 1, expectedBytes - written, input.length - read);
      output.set(input.subarray(read, read + count), written);
      read += header + 1;
      written += count;
    } else if (header !== -128) {
      const count = Math.min(1 - header, expectedBytes - written);
      output.fill(input[read] ?? 0, written, written + count);
      read += 1;
      written += count;
    }
  }
  return output.subarray(0, written);
}
