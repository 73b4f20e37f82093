/** Where the cells of one decoded block go in the output array. Internal. */
export interface BlockPlacement {
  /** Block width in cells (the row stride of the block). */
  readonly blockWidth: number;
  /** Rows and columns of the block to place, block-relative, end exclusive. */
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly columnStart: number;
  readonly columnEnd: number;
  /** Output index of the first placed cell and the output row stride. */
  readonly targetStart: number;
  readonly targetStride: number;
}

/** Adds four bytes lane by lane, modulo 256, with no carry across lanes. */
function addBytes(a: number, b: number): number {
  return (((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080)) >>> 0;
}

/**
 * The fast path of the reader: undoes predictor 3 on a single-band Float32 block and writes the placed cells
 * straight into the output (as their 32-bit patterns), with no intermediate block array. Per row: a running byte
 * sum over the 4 byte planes, then each float assembled from its planes, most significant first. When the block
 * is 4-byte aligned both steps work on 32-bit words (a SWAR prefix sum; 4 floats per 4 loads), about twice as fast
 * as byte by byte. Hot loops: kept in one function for speed. `bytes` is modified in place.
 */
export function placeFloat32Predictor3(bytes: Uint8Array, placement: BlockPlacement, target: Uint32Array): void {
  const { blockWidth, rowStart, rowEnd, columnStart, columnEnd, targetStart, targetStride } = placement;
  const rowBytes = blockWidth * 4;
  const words =
    bytes.byteOffset % 4 === 0 && blockWidth % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2) : null;
  const planeWords = blockWidth >>> 2;
  for (let row = rowStart; row < rowEnd; row += 1) {
    const start = row * rowBytes;
    let out = targetStart + (row - rowStart) * targetStride;
    if (words !== null) {
      const startWord = start >>> 2;
      const endWord = startWord + blockWidth;
      let carry = 0;
      for (let index = startWord; index < endWord; index += 1) {
        let sum = words[index] as number;
        sum = addBytes(sum, sum << 8);
        sum = addBytes(sum, sum << 16);
        sum = addBytes(sum, Math.imul(carry, 0x01010101));
        words[index] = sum;
        carry = sum >>> 24;
      }
      let column = columnStart;
      for (; column % 4 !== 0 && column < columnEnd; column += 1, out += 1) target[out] = assemble(bytes, start, blockWidth, column);
      for (; column + 4 <= columnEnd; column += 4, out += 4) {
        const word = startWord + (column >>> 2);
        const plane0 = words[word] as number;
        const plane1 = words[word + planeWords] as number;
        const plane2 = words[word + 2 * planeWords] as number;
        const plane3 = words[word + 3 * planeWords] as number;
        target[out] = ((plane0 & 0xff) << 24) | ((plane1 & 0xff) << 16) | ((plane2 & 0xff) << 8) | (plane3 & 0xff);
        target[out + 1] = ((plane0 & 0xff00) << 16) | ((plane1 & 0xff00) << 8) | (plane2 & 0xff00) | ((plane3 >>> 8) & 0xff);
        target[out + 2] = ((plane0 & 0xff0000) << 8) | (plane1 & 0xff0000) | ((plane2 >>> 8) & 0xff00) | ((plane3 >>> 16) & 0xff);
        target[out + 3] = (plane0 & 0xff000000) | ((plane1 >>> 8) & 0xff0000) | ((plane2 >>> 16) & 0xff00) | (plane3 >>> 24);
      }
      for (; column < columnEnd; column += 1, out += 1) target[out] = assemble(bytes, start, blockWidth, column);
      continue;
    }
    let sum = bytes[start] as number;
    for (let index = start + 1; index < start + rowBytes; index += 1) {
      sum = (sum + (bytes[index] as number)) & 0xff;
      bytes[index] = sum;
    }
    for (let column = columnStart; column < columnEnd; column += 1, out += 1) target[out] = assemble(bytes, start, blockWidth, column);
  }
}

function assemble(bytes: Uint8Array, start: number, blockWidth: number, column: number): number {
  return (
    ((bytes[start + column] as number) << 24) |
    ((bytes[start + blockWidth + column] as number) << 16) |
    ((bytes[start + 2 * blockWidth + column] as number) << 8) |
    (bytes[start + 3 * blockWidth + column] as number)
  );
}
