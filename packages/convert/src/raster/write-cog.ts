import { type Grid, JumeauError, gridDataTypeOf, throwIfAborted, validate } from '@jumeau/core';
import { z } from 'zod';
import { type CogParts, assembleCog, measureCog } from './cog-layout.js';
import { encodeLevelTiles } from './encode-tiles.js';
import { type OverviewResampling, type RasterLevel, halveLevel } from './overviews.js';

/** Options of {@link writeCOG}. */
export interface WriteCOGOptions {
  /** Tile width and height in cells, a multiple of 16 (default 512, as GDAL's COG driver). */
  readonly blockSize?: number;
  /** How overviews are computed: `average` of valid cells (default) or `nearest`. */
  readonly overviewResampling?: OverviewResampling;
  /** Maximum number of overviews (default: halve until the image fits in one tile). 0 writes none. */
  readonly overviewCount?: number;
  /** DEFLATE level 1–9 (default 6). */
  readonly compressionLevel?: number;
  /** BigTIFF: `auto` (default) switches to it only when the file would pass 4 GiB. */
  readonly bigTiff?: boolean | 'auto';
  readonly signal?: AbortSignal;
}

const optionsSchema = z.object({
  blockSize: z.number().int().min(16).max(4096).multipleOf(16).optional(),
  overviewResampling: z.enum(['nearest', 'average']).optional(),
  overviewCount: z.number().int().min(0).max(30).optional(),
  compressionLevel: z.number().int().min(1).max(9).optional(),
  bigTiff: z.union([z.boolean(), z.literal('auto')]).optional(),
});

const CLASSIC_TIFF_LIMIT_BYTES = 2 ** 32 - 1;

/**
 * Writes a grid as a Cloud-Optimized GeoTIFF: tiled, DEFLATE with predictor (2 for integers, 3 for floats),
 * overviews down to one tile, every IFD before the tile data with GDAL's ghost area, GeoKeys for the EPSG CRS,
 * GDAL_NODATA, units and vertical datum in GDAL_METADATA, BigTIFF past 4 GiB. GDAL's
 * `validate_cloud_optimized_geotiff.py` accepts the result and `gdalinfo` reports `LAYOUT=COG`.
 *
 * @example
 * ```ts
 * const bytes = await writeCOG(dem, { overviewResampling: 'average' })
 * await fs.writeFile('dem_cog.tif', bytes)
 * ```
 */
export async function writeCOG(grid: Grid, options: WriteCOGOptions = {}): Promise<Uint8Array> {
  validate(optionsSchema, options, 'writeCOG options');
  const dataType = gridDataTypeOf(grid.data);
  if (grid.data.length !== grid.width * grid.height) {
    throw new JumeauError('input', `The grid holds ${grid.data.length} values for ${grid.width} × ${grid.height} cells`, {
      details: { length: grid.data.length, width: grid.width, height: grid.height },
    });
  }
  const blockSize = options.blockSize ?? 512;
  const floating = dataType === 'float32' || dataType === 'float64';
  const predictor = floating ? 3 : 2;
  const levels = buildLevels(grid, blockSize, options);
  const tiles: Uint8Array[][] = [];
  for (const level of levels) {
    throwIfAborted(options.signal);
    tiles.push(
      await encodeLevelTiles(level, {
        blockSize,
        predictor,
        fill: grid.nodata !== null && !Number.isNaN(grid.nodata) ? grid.nodata : floating && grid.nodata !== null ? Number.NaN : 0,
        compressionLevel: options.compressionLevel ?? 6,
        signal: options.signal,
      }),
    );
  }
  const parts: CogParts = { grid, levels, tiles, blockSize, predictor };
  const bigTiff = options.bigTiff === true || (options.bigTiff !== false && measureCog(parts, false) > CLASSIC_TIFF_LIMIT_BYTES);
  if (!bigTiff && measureCog(parts, false) > CLASSIC_TIFF_LIMIT_BYTES) {
    throw new JumeauError('too-large', 'The COG would pass 4 GiB: allow BigTIFF (bigTiff: "auto" or true)', {
      details: { bytes: measureCog(parts, false) },
    });
  }
  return assembleCog(parts, bigTiff);
}

function buildLevels(grid: Grid, blockSize: number, options: WriteCOGOptions): RasterLevel[] {
  const levels: RasterLevel[] = [{ width: grid.width, height: grid.height, data: grid.data }];
  const maximum = options.overviewCount ?? Number.POSITIVE_INFINITY;
  let last = levels[0] as RasterLevel;
  while ((last.width > blockSize || last.height > blockSize) && levels.length - 1 < maximum) {
    last = halveLevel(last, options.overviewResampling ?? 'average', grid.nodata);
    levels.push(last);
  }
  return levels;
}
