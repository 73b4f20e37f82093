import { type GridDataType, JumeauError } from '@jumeau/core';
import type { ByteSource } from './byte-source.js';
import { type TiffDirectory, formatError } from './tiff-directory.js';
import { COMPRESSION_NAMES, TAG } from './tiff-tags.js';

/** One resolution level of a TIFF (the full image or an overview): what decoding its blocks needs. Internal. */
export interface TiffImage {
  readonly width: number;
  readonly height: number;
  /** Block (tile, or strip of full width) size in cells. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly tiled: boolean;
  readonly blocksAcross: number;
  readonly blocksDown: number;
  readonly offsets: readonly number[];
  readonly byteCounts: readonly number[];
  readonly compression: number;
  readonly predictor: number;
  readonly dataType: GridDataType;
  readonly bytesPerSample: number;
  readonly samplesPerPixel: number;
  /** 1 = interleaved samples (chunky), 2 = one plane per band. */
  readonly planarConfiguration: number;
  readonly littleEndian: boolean;
  readonly directory: TiffDirectory;
}

const DATA_TYPES: Readonly<Record<string, GridDataType>> = {
  '1:8': 'uint8',
  '1:16': 'uint16',
  '2:16': 'int16',
  '2:32': 'int32',
  '3:32': 'float32',
  '3:64': 'float64',
};

/** The first value of a numeric tag, or `fallback`. */
export function tagNumber(directory: TiffDirectory, tag: number, fallback: number): number {
  const value = directory.get(tag);
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : fallback;
}

function tagNumbers(source: ByteSource, directory: TiffDirectory, tag: number, name: string): readonly number[] {
  const value = directory.get(tag);
  if (!Array.isArray(value)) throw formatError(source, `the ${name} tag (${tag}) is missing`);
  return value;
}

/** Reads an IFD into a {@link TiffImage}; throws `format` when required tags are missing or inconsistent. */
export function describeImage(source: ByteSource, directory: TiffDirectory, littleEndian: boolean): TiffImage {
  const width = tagNumber(directory, TAG.imageWidth, 0);
  const height = tagNumber(directory, TAG.imageLength, 0);
  if (!(width > 0 && height > 0)) throw formatError(source, `the image size ${width} × ${height} is invalid`, { width, height });
  const tiled = directory.has(TAG.tileWidth);
  const blockWidth = tiled ? tagNumber(directory, TAG.tileWidth, 0) : width;
  const blockHeight = tiled ? tagNumber(directory, TAG.tileLength, 0) : Math.min(tagNumber(directory, TAG.rowsPerStrip, height), height);
  if (!(blockWidth > 0 && blockHeight > 0)) throw formatError(source, `the block size ${blockWidth} × ${blockHeight} is invalid`);
  const offsets = tagNumbers(source, directory, tiled ? TAG.tileOffsets : TAG.stripOffsets, tiled ? 'TileOffsets' : 'StripOffsets');
  const byteCounts = tagNumbers(source, directory, tiled ? TAG.tileByteCounts : TAG.stripByteCounts, 'ByteCounts');
  const samplesPerPixel = tagNumber(directory, TAG.samplesPerPixel, 1);
  const planarConfiguration = tagNumber(directory, TAG.planarConfiguration, 1);
  const blocksAcross = Math.ceil(width / blockWidth);
  const blocksDown = Math.ceil(height / blockHeight);
  const expectedBlocks = blocksAcross * blocksDown * (planarConfiguration === 2 ? samplesPerPixel : 1);
  if (offsets.length < expectedBlocks || byteCounts.length < expectedBlocks) {
    throw formatError(source, `${expectedBlocks} blocks expected, the offsets list ${offsets.length} and byte counts ${byteCounts.length}`);
  }
  const bits = tagNumber(directory, TAG.bitsPerSample, 1);
  const format = tagNumber(directory, TAG.sampleFormat, 1);
  const dataType = DATA_TYPES[`${format}:${bits}`];
  if (dataType === undefined) {
    throw new JumeauError('unsupported', `${source.name}: ${bits}-bit samples of SampleFormat ${format} are not supported`, {
      details: { bitsPerSample: bits, sampleFormat: format },
    });
  }
  const compression = tagNumber(directory, TAG.compression, 1);
  const predictor = tagNumber(directory, TAG.predictor, 1);
  return {
    width,
    height,
    blockWidth,
    blockHeight,
    tiled,
    blocksAcross,
    blocksDown,
    offsets,
    byteCounts,
    compression,
    predictor,
    dataType,
    bytesPerSample: bits / 8,
    samplesPerPixel,
    planarConfiguration,
    littleEndian,
    directory,
  };
}

/** True for a reduced-resolution image (NewSubfileType bit 0) that is not a mask (bit 2). */
export function isOverviewDirectory(directory: TiffDirectory): boolean {
  const type = tagNumber(directory, TAG.newSubfileType, 0);
  return (type & 1) === 1 && (type & 4) === 0;
}

/** True for a transparency mask (NewSubfileType bit 2). */
export function isMaskDirectory(directory: TiffDirectory): boolean {
  return (tagNumber(directory, TAG.newSubfileType, 0) & 4) === 4;
}

/** The name of a compression code ("deflate", "lzw"…), or "unknown-<code>". */
export function compressionName(code: number): string {
  return COMPRESSION_NAMES[code] ?? `unknown-${code}`;
}
