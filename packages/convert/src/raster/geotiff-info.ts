import { type GeoTransform, type GridDataType, JumeauError, throwIfAborted } from '@jumeau/core';
import type { ByteSource } from './byte-source.js';
import { parseGdalMetadata } from './gdal-metadata.js';
import { readGeoKeys } from './geokeys.js';
import { type GeoTIFFSource, openByteSource } from './open-source.js';
import { readTiffStructure } from './tiff-directory.js';
import { type TiffImage, compressionName, describeImage, isMaskDirectory, isOverviewDirectory } from './tiff-image.js';
import { TAG } from './tiff-tags.js';

/** One overview (reduced-resolution copy) of a GeoTIFF. */
export interface GeoTIFFOverviewInfo {
  /** Overview level: 1 is the first (finest) overview; level 0 is the full image. */
  readonly level: number;
  readonly width: number;
  readonly height: number;
  /** Cell size in CRS units along x and y (positive). */
  readonly cellSizeX: number;
  readonly cellSizeY: number;
}

/** What {@link readGeoTIFFInfo} reports: everything about a GeoTIFF but its values. */
export interface GeoTIFFInfo {
  readonly width: number;
  readonly height: number;
  readonly bandCount: number;
  readonly dataType: GridDataType;
  /** EPSG code from ProjectedCSTypeGeoKey, else GeographicTypeGeoKey; null when user-defined or absent. */
  readonly crs: number | null;
  /** GDAL-order transform of the cell corners (pixel-is-point files are shifted by half a cell, as GDAL does); null without georeferencing. */
  readonly transform: GeoTransform | null;
  /** GTRasterTypeGeoKey: `area` (RasterPixelIsArea, the default) or `point`. */
  readonly rasterType: 'area' | 'point';
  /** GDAL_NODATA (tag 42113); null when absent or NaN (NaN cells are no data anyway). */
  readonly nodata: number | null;
  /** Band 1 scale and offset from GDAL_METADATA: physical value = raw × scale + offset; null when absent. */
  readonly scale: number | null;
  readonly offset: number | null;
  /** Band 1 unit (GDAL UNITTYPE), e.g. "m"; null when absent. */
  readonly units: string | null;
  /** VERTICAL_DATUM item of GDAL_METADATA (written by Jumeau), null when absent. */
  readonly verticalDatum: string | null;
  /** "none", "deflate", "lzw", "zstd", "packbits", or another codec's name (which the reader refuses). */
  readonly compression: string;
  readonly predictor: number;
  readonly tiled: boolean;
  /** Tile size, or full width × rows per strip. */
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly overviews: readonly GeoTIFFOverviewInfo[];
  readonly bigTiff: boolean;
  readonly littleEndian: boolean;
  /** Every GDAL_METADATA item, as read. */
  readonly metadata: readonly { name: string; value: string; sample: number | null; role: string | null }[];
}

/** An opened GeoTIFF: its description and the levels to decode. Internal. */
export interface OpenedGeoTIFF {
  readonly info: GeoTIFFInfo;
  /** Level 0 is the full image, then overviews from finest to coarsest. */
  readonly levels: readonly TiffImage[];
  readonly source: ByteSource;
}

/** Options shared by every read. */
export interface GeoTIFFOpenOptions {
  readonly signal?: AbortSignal;
  /** For URLs: request headers, timeout and header size (see {@link HttpSourceOptions}). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMilliseconds?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Reads the header of a GeoTIFF (size, CRS, transform, nodata, scale/offset, data type, compression, tiling,
 * overviews) without decoding any value. For a URL, a COG costs one range request.
 *
 * @example
 * ```ts
 * const info = await readGeoTIFFInfo('https://example.org/dem.tif')
 * info.crs // 2154
 * ```
 */
export async function readGeoTIFFInfo(source: GeoTIFFSource, options: GeoTIFFOpenOptions = {}): Promise<GeoTIFFInfo> {
  const opened = await openGeoTIFF(await openByteSource(source, options), options.signal);
  return opened.info;
}

/** Parses a GeoTIFF's structure from a byte source. */
export async function openGeoTIFF(source: ByteSource, signal?: AbortSignal): Promise<OpenedGeoTIFF> {
  throwIfAborted(signal);
  const structure = await readTiffStructure(source, signal);
  const [first, ...rest] = structure.directories;
  if (first === undefined) throw new JumeauError('format', `${source.name}: no image`);
  const full = describeImage(source, first, structure.littleEndian);
  const overviews = rest
    .filter((directory) => isOverviewDirectory(directory) && !isMaskDirectory(directory))
    .map((directory) => describeImage(source, directory, structure.littleEndian))
    .filter((image) => image.width < full.width || image.height < full.height)
    .sort((a, b) => b.width - a.width);
  const levels = [full, ...overviews];
  return { info: describeGeoTIFF(full, levels, structure.bigTiff), levels, source };
}

function describeGeoTIFF(full: TiffImage, levels: readonly TiffImage[], bigTiff: boolean): GeoTIFFInfo {
  const directory = full.directory;
  const geoKeys = readGeoKeys(directory);
  const transform = readTransform(full, geoKeys.rasterType);
  const metadataText = directory.get(TAG.gdalMetadata);
  const metadata = typeof metadataText === 'string' ? parseGdalMetadata(metadataText) : [];
  const bandItem = (role: string) => metadata.find((item) => item.role === role && (item.sample ?? 0) === 0)?.value;
  const numberOrNull = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : Number(text));
  const nodataText = directory.get(TAG.gdalNodata);
  const nodataValue = typeof nodataText === 'string' ? Number(nodataText.trim()) : Number.NaN;
  return {
    width: full.width,
    height: full.height,
    bandCount: full.samplesPerPixel,
    dataType: full.dataType,
    crs: geoKeys.crs,
    transform,
    rasterType: geoKeys.rasterType,
    nodata: Number.isFinite(nodataValue) ? nodataValue : null,
    scale: numberOrNull(bandItem('scale')),
    offset: numberOrNull(bandItem('offset')),
    units: bandItem('unittype') ?? null,
    verticalDatum: metadata.find((item) => item.name === 'VERTICAL_DATUM')?.value ?? null,
    compression: compressionName(full.compression),
    predictor: full.predictor,
    tiled: full.tiled,
    blockWidth: full.blockWidth,
    blockHeight: full.blockHeight,
    overviews: levels.slice(1).map((image, index) => ({
      level: index + 1,
      width: image.width,
      height: image.height,
      cellSizeX: transform ? Math.abs(transform[1] * (full.width / image.width)) : full.width / image.width,
      cellSizeY: transform ? Math.abs(transform[5] * (full.height / image.height)) : full.height / image.height,
    })),
    bigTiff,
    littleEndian: full.littleEndian,
    metadata,
  };
}

function readTransform(image: TiffImage, rasterType: 'area' | 'point'): GeoTransform | null {
  const directory = image.directory;
  const matrix = directory.get(TAG.modelTransformation);
  const tiepoint = directory.get(TAG.modelTiepoint);
  const scale = directory.get(TAG.modelPixelScale);
  let transform: [number, number, number, number, number, number];
  if (Array.isArray(matrix) && matrix.length >= 16) {
    const m = matrix as number[];
    transform = [m[3] as number, m[0] as number, m[1] as number, m[7] as number, m[4] as number, m[5] as number];
  } else if (Array.isArray(tiepoint) && tiepoint.length >= 6 && Array.isArray(scale) && scale.length >= 2) {
    const [i, j, , x, y] = tiepoint as number[];
    const [scaleX, scaleY] = scale as number[];
    transform = [
      (x as number) - (i as number) * (scaleX as number),
      scaleX as number,
      0,
      (y as number) + (j as number) * (scaleY as number),
      0,
      -(scaleY as number),
    ];
  } else {
    return null;
  }
  if (rasterType === 'point') {
    transform[0] -= transform[1] * 0.5 + transform[2] * 0.5;
    transform[3] -= transform[4] * 0.5 + transform[5] * 0.5;
  }
  return transform;
}
