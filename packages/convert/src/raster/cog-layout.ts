import { type Grid, gridDataTypeOf } from '@jumeau/core';
import { formatGdalMetadata, type GdalMetadataItem } from './gdal-metadata.js';
import { geoKeyDirectoryFor } from './geokeys.js';
import type { RasterLevel } from './overviews.js';
import { FIELD_TYPE, TAG } from './tiff-tags.js';
import { type IfdEntry, measureIfd, writeIfd } from './tiff-writer.js';

/** GDAL's "ghost area": hidden structural metadata telling readers how the COG is laid out. */
const GHOST_TEXT =
  'LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ';
const GHOST = `GDAL_STRUCTURAL_METADATA_SIZE=${String(GHOST_TEXT.length).padStart(6, '0')} bytes\n${GHOST_TEXT}`;

const FORMATS: Readonly<Record<string, [bits: number, sampleFormat: number]>> = {
  uint8: [8, 1],
  uint16: [16, 1],
  int16: [16, 2],
  int32: [32, 2],
  float32: [32, 3],
  float64: [64, 3],
};

/** Everything the layout needs. Internal. */
export interface CogParts {
  readonly grid: Grid;
  readonly levels: readonly RasterLevel[];
  /** Compressed tiles of each level, row-major. */
  readonly tiles: readonly (readonly Uint8Array[])[];
  readonly blockSize: number;
  readonly predictor: number;
}

function levelEntries(parts: CogParts, index: number, bigTiff: boolean, offsets: number[], byteCounts: number[]): IfdEntry[] {
  const { grid, blockSize, predictor } = parts;
  const level = parts.levels[index] as RasterLevel;
  const [bits, sampleFormat] = FORMATS[gridDataTypeOf(grid.data)] as [number, number];
  const offsetType = bigTiff ? FIELD_TYPE.long8 : FIELD_TYPE.long;
  const entries: IfdEntry[] = [
    { tag: TAG.newSubfileType, type: FIELD_TYPE.long, values: [index === 0 ? 0 : 1] },
    { tag: TAG.imageWidth, type: FIELD_TYPE.long, values: [level.width] },
    { tag: TAG.imageLength, type: FIELD_TYPE.long, values: [level.height] },
    { tag: TAG.bitsPerSample, type: FIELD_TYPE.short, values: [bits] },
    { tag: TAG.compression, type: FIELD_TYPE.short, values: [8] },
    { tag: TAG.photometricInterpretation, type: FIELD_TYPE.short, values: [1] },
    { tag: TAG.samplesPerPixel, type: FIELD_TYPE.short, values: [1] },
    { tag: TAG.planarConfiguration, type: FIELD_TYPE.short, values: [1] },
    { tag: TAG.predictor, type: FIELD_TYPE.short, values: [predictor] },
    { tag: TAG.tileWidth, type: FIELD_TYPE.long, values: [blockSize] },
    { tag: TAG.tileLength, type: FIELD_TYPE.long, values: [blockSize] },
    { tag: TAG.tileOffsets, type: offsetType, values: offsets },
    { tag: TAG.tileByteCounts, type: offsetType, values: byteCounts },
    { tag: TAG.sampleFormat, type: FIELD_TYPE.short, values: [sampleFormat] },
  ];
  if (grid.nodata !== null) entries.push({ tag: TAG.gdalNodata, type: FIELD_TYPE.ascii, values: formatNodata(grid.nodata) });
  if (index === 0) entries.push(...georeferenceEntries(grid));
  return entries;
}

function formatNodata(nodata: number): string {
  return Number.isNaN(nodata) ? 'nan' : String(nodata);
}

function georeferenceEntries(grid: Grid): IfdEntry[] {
  const [x, a, b, y, d, e] = grid.transform;
  const entries: IfdEntry[] =
    b === 0 && d === 0
      ? [
          { tag: TAG.modelPixelScale, type: FIELD_TYPE.double, values: [a, -e, 0] },
          { tag: TAG.modelTiepoint, type: FIELD_TYPE.double, values: [0, 0, 0, x, y, 0] },
        ]
      : [{ tag: TAG.modelTransformation, type: FIELD_TYPE.double, values: [a, b, 0, x, d, e, 0, y, 0, 0, 0, 0, 0, 0, 0, 1] }];
  entries.push({ tag: TAG.geoKeyDirectory, type: FIELD_TYPE.short, values: geoKeyDirectoryFor(grid.crs) });
  const items: GdalMetadataItem[] = [];
  if (grid.verticalDatum !== null) items.push({ name: 'VERTICAL_DATUM', value: grid.verticalDatum, sample: null, role: null });
  if (grid.units !== null) items.push({ name: 'UNITTYPE', value: grid.units, sample: 0, role: 'unittype' });
  if (items.length > 0) entries.push({ tag: TAG.gdalMetadata, type: FIELD_TYPE.ascii, values: formatGdalMetadata(items) });
  return entries;
}

/** Total file size of a layout, to choose BigTIFF before writing. */
export function measureCog(parts: CogParts, bigTiff: boolean): number {
  const { ifdOffsets, dataStart } = planIfds(parts, bigTiff);
  let size = dataStart;
  for (const level of parts.tiles) for (const tile of level) size += tile.byteLength + 8;
  return ifdOffsets.length > 0 ? size : 0;
}

function planIfds(parts: CogParts, bigTiff: boolean): { ifdOffsets: number[]; dataStart: number } {
  const header = bigTiff ? 16 : 8;
  let position = header + GHOST.length;
  position += position % 2;
  const ifdOffsets: number[] = [];
  parts.levels.forEach((_, index) => {
    ifdOffsets.push(position);
    const count = (parts.tiles[index] as readonly Uint8Array[]).length;
    const zeros = new Array<number>(count).fill(0);
    position += measureIfd(levelEntries(parts, index, bigTiff, zeros, zeros), bigTiff);
  });
  return { ifdOffsets, dataStart: position };
}

/**
 * Lays out a COG: header, ghost area, every IFD (full image, then overviews finest to coarsest), then the tile
 * data of the coarsest overview first and the full image last, each tile with GDAL's 4-byte size leader and
 * repeated last 4 bytes.
 */
export function assembleCog(parts: CogParts, bigTiff: boolean): Uint8Array {
  const { ifdOffsets, dataStart } = planIfds(parts, bigTiff);
  const output = new Uint8Array(measureCog(parts, bigTiff));
  const view = new DataView(output.buffer);
  const offsets = parts.tiles.map((level) => new Array<number>(level.length).fill(0));
  let position = dataStart;
  for (let index = parts.tiles.length - 1; index >= 0; index -= 1) {
    (parts.tiles[index] as readonly Uint8Array[]).forEach((tile, tileIndex) => {
      view.setUint32(position, tile.byteLength, true);
      output.set(tile, position + 4);
      (offsets[index] as number[])[tileIndex] = position + 4;
      output.copyWithin(position + 4 + tile.byteLength, position + tile.byteLength, position + 4 + tile.byteLength);
      position += tile.byteLength + 8;
    });
  }
  writeHeader(view, output, bigTiff);
  parts.levels.forEach((_, index) => {
    const byteCounts = (parts.tiles[index] as readonly Uint8Array[]).map((tile) => tile.byteLength);
    const next = index + 1 < ifdOffsets.length ? (ifdOffsets[index + 1] as number) : 0;
    writeIfd(view, ifdOffsets[index] as number, levelEntries(parts, index, bigTiff, offsets[index] as number[], byteCounts), next, bigTiff);
  });
  return output;
}

function writeHeader(view: DataView, output: Uint8Array, bigTiff: boolean): void {
  output[0] = 0x49;
  output[1] = 0x49;
  const header = bigTiff ? 16 : 8;
  if (bigTiff) {
    view.setUint16(2, 43, true);
    view.setUint16(4, 8, true);
    view.setUint16(6, 0, true);
  } else {
    view.setUint16(2, 42, true);
  }
  for (let index = 0; index < GHOST.length; index += 1) output[header + index] = GHOST.charCodeAt(index);
  const firstIfd = header + GHOST.length + ((header + GHOST.length) % 2);
  if (bigTiff) view.setBigUint64(8, BigInt(firstIfd), true);
  else view.setUint32(4, firstIfd, true);
}
