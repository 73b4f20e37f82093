import { JumeauError, assertCellCount, type GridArray } from '@jumeau/core';

/** The first band of a GeoTIFF as a typed array, with its size and declared GDAL nodata. */
export interface DecodedGeoTiff {
  readonly width: number;
  readonly height: number;
  readonly nodata: number | undefined;
  /** Values in a grid type: Uint32 widens to Float64, Int8 to Int16 (the grid types have neither). */
  readonly data: GridArray;
}

/**
 * Decodes the first band of an in-memory GeoTIFF with the `geotiff` package (loaded lazily, so users who never
 * read rasters never load it). Refuses absurd sizes before decoding.
 *
 * @example
 * ```ts
 * const { width, height, data } = await decodeGeoTiffGrid(bytes, 'WMS GetMap')
 * ```
 */
export async function decodeGeoTiffGrid(bytes: Uint8Array, what: string): Promise<DecodedGeoTiff> {
  const { fromArrayBuffer } = await import('geotiff');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const tiff = await fromArrayBuffer(buffer);
    const image = await tiff.getImage();
    const width = image.getWidth();
    const height = image.getHeight();
    assertCellCount(width, height, what);
    const [raw] = (await image.readRasters({ samples: [0], interleave: false })) as unknown as ArrayLike<number>[];
    if (!raw) throw new Error('no band');
    const band = raw instanceof Uint32Array ? Float64Array.from(raw) : raw instanceof Int8Array ? Int16Array.from(raw) : (raw as GridArray);
    const nodata = image.getGDALNoData();
    return { width, height, nodata: nodata === null ? undefined : nodata, data: band };
  } catch (error) {
    if (error instanceof JumeauError) throw error;
    throw new JumeauError('format', `${what}: not a readable GeoTIFF (${(error as Error).message})`, { cause: error });
  }
}
