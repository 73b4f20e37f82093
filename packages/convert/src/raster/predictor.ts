import { type GridArray, type GridDataType, JumeauError, viewGridArray } from '@jumeau/core';

/** True on little-endian hosts (every browser and Node platform Jumeau targets). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The layout of a decoded block: `rows` rows of `samplesPerRow` samples, `samplesPerPixel` interleaved. */
export interface BlockLayout {
  readonly dataType: GridDataType;
  readonly bytesPerSample: number;
  readonly samplesPerRow: number;
  readonly samplesPerPixel: number;
  readonly rows: number;
  readonly littleEndian: boolean;
  readonly predictor: number;
}

/**
 * Turns decompressed block bytes into native samples: byte-swaps foreign-endian data and undoes the horizontal
 * (2) or floating-point (3) predictor. `bytes` may be modified in place; it must not be the caller's own buffer.
 */
export function blockToSamples(bytes: Uint8Array, layout: BlockLayout): GridArray {
  const { predictor, bytesPerSample } = layout;
  if (predictor === 3) {
    if (layout.dataType !== 'float32' && layout.dataType !== 'float64') {
      throw new JumeauError('format', `Predictor 3 (floating point) on ${layout.dataType} samples`, { details: { predictor } });
    }
    return viewSamples(layout.dataType, undoFloatingPointPredictor(bytes, layout), bytesPerSample);
  }
  if (predictor !== 1 && predictor !== 2) {
    throw new JumeauError('unsupported', `TIFF predictor ${predictor} is not supported (1, 2 and 3 are)`, { details: { predictor } });
  }
  const aligned = bytes.byteOffset % bytesPerSample === 0 ? bytes : bytes.slice();
  if (bytesPerSample > 1 && layout.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(aligned, bytesPerSample);
  const samples = viewSamples(layout.dataType, aligned, bytesPerSample);
  if (predictor === 2) undoHorizontalPredictor(samples, layout);
  return samples;
}

function viewSamples(dataType: GridDataType, bytes: Uint8Array, bytesPerSample: number): GridArray {
  return viewGridArray(dataType, bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / bytesPerSample));
}

function swapBytes(bytes: Uint8Array, bytesPerSample: number): void {
  for (let start = 0; start < bytes.length; start += bytesPerSample) {
    for (let low = start, high = start + bytesPerSample - 1; low < high; low += 1, high -= 1) {
      const kept = bytes[low] as number;
      bytes[low] = bytes[high] as number;
      bytes[high] = kept;
    }
  }
}

/** Cumulative sum along each row, sample by sample (typed-array arithmetic wraps as TIFF requires). */
function undoHorizontalPredictor(samples: GridArray, layout: BlockLayout): void {
  const { samplesPerRow, samplesPerPixel, rows } = layout;
  for (let row = 0; row < rows; row += 1) {
    const start = row * samplesPerRow;
    const end = start + samplesPerRow;
    for (let index = start + samplesPerPixel; index < end; index += 1) {
      samples[index] = (samples[index] as number) + (samples[index - samplesPerPixel] as number);
    }
  }
}

/**
 * Undoes predictor 3 (Adobe TIFF Technical Note 3): per row, a byte-wise cumulative sum, then the bytes of each
 * sample gathered from `bytesPerSample` planes stored most significant first. Hot loop: kept inline for speed.
 */
function undoFloatingPointPredictor(bytes: Uint8Array, layout: BlockLayout): Uint8Array {
  const { samplesPerRow, samplesPerPixel, rows, bytesPerSample } = layout;
  const rowBytes = samplesPerRow * bytesPerSample;
  const output = new Uint8Array(rowBytes * rows);
  for (let row = 0; row < rows; row += 1) {
    const start = row * rowBytes;
    const end = start + rowBytes;
    for (let index = start + samplesPerPixel; index < end; index += 1) {
      bytes[index] = ((bytes[index] as number) + (bytes[index - samplesPerPixel] as number)) & 0xff;
    }
    if (bytesPerSample === 4) {
      const plane1 = start + samplesPerRow;
      const plane2 = plane1 + samplesPerRow;
      const plane3 = plane2 + samplesPerRow;
      for (let sample = 0, out = start; sample < samplesPerRow; sample += 1, out += 4) {
        output[out] = bytes[plane3 + sample] as number;
        output[out + 1] = bytes[plane2 + sample] as number;
        output[out + 2] = bytes[plane1 + sample] as number;
        output[out + 3] = bytes[start + sample] as number;
      }
    } else {
      for (let sample = 0; sample < samplesPerRow; sample += 1) {
        for (let byte = 0; byte < bytesPerSample; byte += 1) {
          output[start + sample * bytesPerSample + (bytesPerSample - 1 - byte)] = bytes[start + byte * samplesPerRow + sample] as number;
        }
      }
    }
  }
  return output;
}
