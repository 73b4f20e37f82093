import { parseCrs } from '@jumeau/core';
import { RESAMPLING_METHODS, type ResamplingMethod, warp } from '@jumeau/convert';
import { readGeoTIFFFile, writeCOGFile } from '@jumeau/convert/node';
import { JumeauError } from '@jumeau/core';
import type { Command } from '../command.js';
import { numberListOption, numberOption, requireOption } from '../program.js';
import { createProgressBar } from '../progress.js';

/** `jumeau warp`: reprojects and resamples a GeoTIFF into a Cloud-Optimized GeoTIFF. */
export const warpCommand: Command = {
  path: ['warp'],
  summary: 'reproject/resample a GeoTIFF into a Cloud-Optimized GeoTIFF (values as gdalwarp -et 0)',
  help: `Usage: jumeau warp IN.tif OUT.tif --to EPSG:B [--res R] [--bounds xmin,ymin,xmax,ymax]
                   [--resampling nearest|bilinear|cubic|average|mode|min|max] [--nodata V]

Warps IN.tif onto a grid in the target CRS: origin at the bounds' top-left corner, size = extent / resolution
(as gdalwarp -te/-tr), each cell computed from the exact transformation of its centre (gdalwarp -et 0).
Without --bounds, the transformed extent of the input; without --res, a resolution like gdalwarp's suggestion.
Writes a tiled, DEFLATE-compressed COG with overviews.

  --to CRS          target CRS (EPSG:2154, 4326, 3035, 3857, CC zones, overseas UTM…)
  --res R           cell size in target CRS units (metres, or degrees for EPSG:4326)
  --bounds ...      target extent in target CRS units
  --resampling M    default nearest
  --nodata V        target nodata (default: the input's)`,
  allowPositionals: true,
  options: {
    to: { type: 'string' },
    res: { type: 'string' },
    bounds: { type: 'string' },
    resampling: { type: 'string', default: 'nearest' },
    nodata: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [input, output] = positionals;
    if (!input || !output || positionals.length !== 2) throw new JumeauError('input', 'warp needs IN.tif and OUT.tif');
    const resampling = String(values.resampling) as ResamplingMethod;
    if (!RESAMPLING_METHODS.includes(resampling)) {
      throw new JumeauError('input', `--resampling must be one of ${RESAMPLING_METHODS.join(', ')}, got "${resampling}"`);
    }
    const grid = await readGeoTIFFFile(input);
    const progress = createProgressBar('warp', io.stderr, io.env);
    const bounds = numberListOption(values, 'bounds', 4) as [number, number, number, number] | undefined;
    const warped = warp(grid, {
      crs: parseCrs(requireOption(values, 'to')),
      resampling,
      ...(values.res === undefined ? {} : { resolution: numberOption(values, 'res') }),
      ...(bounds ? { bounds } : {}),
      ...(values.nodata === undefined ? {} : { nodata: numberOption(values, 'nodata') }),
      onProgress: (fraction: number) => progress.update(fraction),
    });
    progress.done();
    await writeCOGFile(warped, output);
    io.stderr.write(`${output}: ${warped.width} × ${warped.height} cells, EPSG:${warped.crs}, ${resampling}\n`);
  },
};
