/**
 * Communes outlines and coastal defences as deck.gl paths (lon/lat, always drawn over the terrain), from feature
 * tables in any CRS. Only a few hundred vertices: plain JS arrays are fine here.
 */
import { PathLayer } from '@deck.gl/layers';
import { type FeatureTable, featureTableCrs, geometryBuffers } from '@jumeau/core';
import { reprojectTable } from '@jumeau/convert';

/**
 * Every vertex run of a table (polygon rings, line strings) as lon/lat paths.
 *
 * @example
 * ```ts
 * pathsOf(communes).length // rings of the six Oléron communes
 * ```
 */
export function pathsOf(table: FeatureTable): Array<Array<[number, number]>> {
  const lonLat = featureTableCrs(table) === 4326 ? table : reprojectTable(table, 4326);
  const paths: Array<Array<[number, number]>> = [];
  for (const buffers of geometryBuffers(lonLat)) {
    const innermost = buffers.offsets[buffers.offsets.length - 1];
    if (!innermost) continue;
    for (let run = 0; run + 1 < innermost.length; run += 1) {
      const path: Array<[number, number]> = [];
      for (let vertex = innermost[run] as number; vertex < (innermost[run + 1] as number); vertex += 1) {
        path.push([buffers.coordinates[vertex * buffers.stride] as number, buffers.coordinates[vertex * buffers.stride + 1] as number]);
      }
      if (path.length > 1) paths.push(path);
    }
  }
  return paths;
}

/**
 * A path layer drawn on top of everything (no depth test), `widthPixels` wide.
 *
 * @example
 * ```ts
 * outlineLayer('communes', pathsOf(communes), [0, 0, 145, 255], 2)
 * ```
 */
export function outlineLayer(
  id: string,
  paths: Array<Array<[number, number]>>,
  color: [number, number, number, number],
  widthPixels: number,
): PathLayer<Array<[number, number]>> {
  return new PathLayer<Array<[number, number]>>({
    id,
    data: paths,
    getPath: (path) => path,
    getColor: color,
    getWidth: widthPixels,
    widthUnits: 'pixels',
    parameters: { depthCompare: 'always' },
  });
}
