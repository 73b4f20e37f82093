import proj4 from 'proj4';
import { getCrs } from '@jumeau/core';

/**
 * A converter of coordinates of `crs` to WGS84 longitude/latitude (degrees), built from the core registry's proj4
 * string. For EPSG:4326 it is the identity. (The convert package's fast `reproject` may replace proj4 here.)
 */
export function lonLatConverter(crs: number): (x: number, y: number) => [number, number] {
  if (crs === 4326) return (x, y) => [x, y];
  const converter = proj4(getCrs(crs).proj4, getCrs(4326).proj4);
  return (x, y) => converter.forward([x, y]) as [number, number];
}
