/**
 * Decodes TIFF LZW (TIFF 6.0 §13): MSB-first codes of 9 to 12 bits, Clear 256, EOI 257, "early change" (the code
 * width grows one code before the table fills, as libtiff writes). Returns at most `expectedBytes` bytes.
 * Internal; one hot loop kept in one function for speed.
 */
export function decodeLzw(input: Uint8Array, expectedBytes: number): Uint8Array {
  const slack = 4096;
  const output = new Uint8Array(expectedBytes + slack);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const lengths = new Int32Array(4096);
  for (let code = 0; code < 256; code += 1) {
    prefix[code] = -1;
    suffix[code] = code;
    lengths[code] = 1;
  }
  const totalBits = input.length * 8;
  let nextCode = 258;
  let codeWidth = 9;
  let bitPosition = 0;
  let previous = -1;
  let written = 0;
  while (bitPosition + codeWidth <= totalBits && written < expectedBytes) {
    const byteIndex = bitPosition >>> 3;
    const chunk = ((input[byteIndex] ?? 0) << 16) | ((input[byteIndex + 1] ?? 0) << 8) | (input[byteIndex + 2] ?? 0);
    const code = (chunk >>> (24 - (bitPosition & 7) - codeWidth)) & ((1 << codeWidth) - 1);
    bitPosition += codeWidth;
    if (code === 257) break;
    if (code === 256) {
      nextCode = 258;
      codeWidth = 9;
      previous = -1;
      continue;
    }
    if (previous === -1) {
      if (code > 255) throw new Error(`LZW code ${code} after a Clear code`);
      output[written] = code;
      written += 1;
      previous = code;
      continue;
    }
    const known = code < nextCode;
    if (!known && code !== nextCode) throw new Error(`LZW code ${code} is not in the table (next ${nextCode})`);
    const source = known ? code : previous;
    const length = lengths[source] as number;
    if (written + length + 1 > output.length) break;
    let cursor = source;
    for (let at = written + length - 1; at >= written; at -= 1) {
      output[at] = suffix[cursor] as number;
      cursor = prefix[cursor] as number;
    }
    const first = output[written] as number;
    written += length;
    if (!known) {
      output[written] = first;
      written += 1;
    }
    if (nextCode < 4096) {
      prefix[nextCode] = previous;
      suffix[nextCode] = first;
      lengths[nextCode] = (lengths[previous] as number) + 1;
      nextCode += 1;
      if (nextCode >= (1 << codeWidth) - 1 && codeWidth < 12) codeWidth += 1;
    }
    previous = code;
  }
  return output.subarray(0, Math.min(written, expectedBytes));
}
