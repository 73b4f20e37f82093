import { writeFile } from 'node:fs/promises';
import { type Grid, JumeauError } from '@jumeau/core';
import { type GeoTIFFInfo, type GeoTIFFOpenOptions, readGeoTIFFInfo } from '../../raster/geotiff-info.js';
import { type ReadGeoTIFFOptions, readGeoTIFF } from '../../raster/read-geotiff.js';
import { type WriteCOGOptions, writeCOG } from '../../raster/write-cog.js';
import { openFileSource } from './file-source.js';

/**
 * Reads one band of a local GeoTIFF file into a Grid, reading only the blocks the window or overview needs.
 * Same options and errors as `readGeoTIFF`.
 *
 * @example
 * ```ts
 * const dem = await readGeoTIFFFile(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'))
 * ```
 */
export async function readGeoTIFFFile(path: string, options: ReadGeoTIFFOptions = {}): Promise<Grid> {
  const source = await openFileSource(path);
  try {
    return await readGeoTIFF(source, options);
  } finally {
    await source.close?.();
  }
}

/**
 * Reads the description of a local GeoTIFF (size, CRS, transform, nodata, overviews…) without decoding values.
 *
 * @example
 * ```ts
 * const { crs, overviews } = await readGeoTIFFFileInfo('dem_cog.tif')
 * ```
 */
export async function readGeoTIFFFileInfo(path: string, options: GeoTIFFOpenOptions = {}): Promise<GeoTIFFInfo> {
  const source = await openFileSource(path);
  try {
    return await readGeoTIFFInfo(source, options);
  } finally {
    await source.close?.();
  }
}

/**
 * Writes a grid as a Cloud-Optimized GeoTIFF file (see `writeCOG`). Returns the number of bytes written.
 *
 * @example
 * ```ts
 * await writeCOGFile(dem, 'dem_cog.tif', { overviewResampling: 'average' })
 * ```
 */
export async function writeCOGFile(grid: Grid, path: string, options: WriteCOGOptions = {}): Promise<number> {
  const bytes = await writeCOG(grid, options);
  try {
    await writeFile(path, bytes);
  } catch (error) {
    throw new JumeauError('input', `Cannot write the COG file ${path}: ${(error as Error).message}`, { cause: error, details: { path } });
  }
  return bytes.byteLength;
}
