import { getCrs, hasCrs } from '@jumeau/core';
import { readGeoTIFFFileInfo, readGeoTIFFFile } from '@jumeau/convert/node';
import type { Command } from '../command.js';
import { JumeauError } from '@jumeau/core';
import { describeVectorFile, isVectorPath } from './vector-info.js';

function rasterStatistics(data: ArrayLike<number>, nodata: number | null) {
  let count = 0;
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumOfSquares = 0;
  for (let index = 0; index < data.length; index += 1) {
    const value = data[index] as number;
    if (Number.isNaN(value) || value === nodata) continue;
    count += 1;
    sum += value;
    sumOfSquares += value * value;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  const mean = count > 0 ? sum / count : Number.NaN;
  const standardDeviation = count > 0 ? Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean)) : Number.NaN;
  return {
    validCells: count,
    minimum: count ? minimum : null,
    maximum: count ? maximum : null,
    mean: count ? mean : null,
    standardDeviation: count ? standardDeviation : null,
  };
}

/** `jumeau info`: what gdalinfo / ogrinfo -so would tell. */
export const infoCommand: Command = {
  path: ['info'],
  summary: 'describe a GeoTIFF or a vector file (size, CRS, extent, nodata, layout, statistics / fields)',
  help: `Usage: jumeau info FILE [--json] [--stats]

For a GeoTIFF: size, data type, CRS, transform and extent, nodata, scale/offset, units, vertical datum,
compression, tiling, overviews, COG layout; --stats adds minimum, maximum, mean and standard deviation of the
valid cells (reads the whole band). For a vector file (GeoJSON, FlatGeobuf, GeoPackage as FILE.gpkg#LAYER, Arrow IPC):
feature count, geometry type, CRS, extent and fields with their types, as ogrinfo -so.
  --json    print a JSON object instead of text`,
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, stats: { type: 'boolean', default: false } },
  async run({ values, positionals }, io) {
    const [path] = positionals;
    if (!path || positionals.length !== 1) throw new JumeauError('input', 'info needs one FILE');
    if (isVectorPath(path)) {
      const description = await describeVectorFile(io, path);
      io.stdout.write(values.json ? `${JSON.stringify(description, null, 2)}\n` : `${description.text}\n`);
      return;
    }
    const info = await readGeoTIFFFileInfo(path);
    const statistics = values.stats ? rasterStatistics((await readGeoTIFFFile(path)).data, info.nodata) : undefined;
    const t = info.transform;
    const extent = t ? [t[0], t[3] + info.height * t[5], t[0] + info.width * t[1], t[3]] : null;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ file: path, ...info, extent, statistics }, null, 2)}\n`);
      return;
    }
    const crsText = info.crs === null ? 'none' : hasCrs(info.crs) ? `EPSG:${info.crs} (${getCrs(info.crs).name})` : `EPSG:${info.crs}`;
    const lines = [
      `File: ${path}`,
      `Size: ${info.width} × ${info.height} cells, ${info.bandCount} band(s), ${info.dataType}`,
      `CRS: ${crsText}`,
      t ? `Origin: (${t[0]}, ${t[3]})  Cell size: (${t[1]}, ${t[5]})` : 'No georeferencing',
      extent ? `Extent: ${extent.join(', ')}` : '',
      `NoData: ${info.nodata ?? 'none'}${info.scale !== null ? `  Scale/offset: ${info.scale}/${info.offset ?? 0}` : ''}`,
      info.units || info.verticalDatum ? `Units: ${info.units ?? '?'}  Vertical datum: ${info.verticalDatum ?? '?'}` : '',
      `Layout: ${info.tiled ? 'tiled' : 'striped'} ${info.blockWidth} × ${info.blockHeight}, compression ${info.compression}, predictor ${info.predictor}${info.bigTiff ? ', BigTIFF' : ''}`,
      `Overviews: ${info.overviews.length === 0 ? 'none' : info.overviews.map((overview) => `${overview.width}×${overview.height}`).join(', ')}`,
      statistics
        ? `Statistics: min ${statistics.minimum}, max ${statistics.maximum}, mean ${statistics.mean}, sd ${statistics.standardDeviation} (${statistics.validCells} valid cells)`
        : '',
    ];
    io.stdout.write(`${lines.filter((line) => line !== '').join('\n')}\n`);
  },
};
