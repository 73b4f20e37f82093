import { describeGeometryColumn, geometryBuffers } from '@jumeau/core';
import type { CommandIo } from '../command.js';
import { readVectorFile } from './vector-input.js';

const VECTOR_EXTENSIONS = /\.(geojson|json|fgb|gpkg|arrow|feather|shp|csv|tsv|parquet|geoparquet)(#.*)?$/i;

/** True for the file names `jumeau info` reads as vectors. */
export function isVectorPath(path: string): boolean {
  return VECTOR_EXTENSIONS.test(path);
}

/** What `ogrinfo -so` tells: count, geometry type, CRS, extent, fields. */
export async function describeVectorFile(io: CommandIo, path: string) {
  const table = await readVectorFile(io, path);
  const geometry = describeGeometryColumn(table);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const buffers of geometryBuffers(table)) {
    for (let index = 0; index + 1 < buffers.coordinates.length; index += buffers.stride) {
      const x = buffers.coordinates[index] as number;
      const y = buffers.coordinates[index + 1] as number;
      if (Number.isNaN(x)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const fields = table.schema.fields
    .filter((field) => field.name !== geometry.name)
    .map((field) => ({ name: field.name, type: String(field.type) }));
  const extent = minX <= maxX ? [minX, minY, maxX, maxY] : null;
  const text = [
    `File: ${path}`,
    `Features: ${table.numRows}`,
    `Geometry: ${geometry.encoding.replace('geoarrow.', '')} (${geometry.dimensions}), column "${geometry.name}"`,
    `CRS: ${geometry.crs === null ? 'unknown' : `EPSG:${geometry.crs}`}`,
    `Extent: ${extent ? extent.join(', ') : 'empty'}`,
    'Fields:',
    ...fields.map((field) => `  ${field.name}: ${field.type}`),
  ].join('\n');
  return { file: path, features: table.numRows, geometry: { ...geometry }, extent, fields, text };
}
