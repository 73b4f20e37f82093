import { CRS_DEFINITIONS } from '@jumeau/core';
import type { TiffDirectory } from './tiff-directory.js';
import { GEO_KEY, TAG } from './tiff-tags.js';

/** What the GeoKey directory says about the CRS and the raster space. Internal. */
export interface GeoKeyReading {
  /** EPSG code of the horizontal CRS, or null when user-defined or absent. */
  readonly crs: number | null;
  /** `point` when GTRasterTypeGeoKey is RasterPixelIsPoint. */
  readonly rasterType: 'area' | 'point';
  /** Every key, by id, as a number, numbers or text. */
  readonly keys: ReadonlyMap<number, number | readonly number[] | string>;
}

const USER_DEFINED = 32767;

/** Reads GeoKeyDirectoryTag (34735) with its double (34736) and ASCII (34737) parameters. */
export function readGeoKeys(directory: TiffDirectory): GeoKeyReading {
  const keys = new Map<number, number | readonly number[] | string>();
  const table = directory.get(TAG.geoKeyDirectory);
  if (Array.isArray(table) && table.length >= 4) {
    const doubles = directory.get(TAG.geoDoubleParams);
    const ascii = directory.get(TAG.geoAsciiParams);
    const count = Math.min(table[3] as number, Math.floor((table.length - 4) / 4));
    for (let index = 0; index < count; index += 1) {
      const [id, location, valueCount, value] = table.slice(4 + index * 4, 8 + index * 4) as [number, number, number, number];
      if (location === 0) keys.set(id, value);
      else if (location === TAG.geoDoubleParams && Array.isArray(doubles)) keys.set(id, doubles.slice(value, value + valueCount));
      else if (location === TAG.geoAsciiParams && typeof ascii === 'string') {
        keys.set(id, ascii.slice(value, value + valueCount).replace(/\|$/, ''));
      }
    }
  }
  const projected = keys.get(GEO_KEY.projectedType);
  const geographic = keys.get(GEO_KEY.geographicType);
  let crs: number | null = null;
  if (typeof projected === 'number' && projected !== USER_DEFINED && projected > 0) crs = projected;
  else if (typeof geographic === 'number' && geographic !== USER_DEFINED && geographic > 0) crs = geographic;
  return { crs, rasterType: keys.get(GEO_KEY.rasterType) === 2 ? 'point' : 'area', keys };
}

/** True when an EPSG code names a geographic CRS (from the registry, else the EPSG 4000–4999 block). */
export function isGeographicCrs(code: number): boolean {
  const known = CRS_DEFINITIONS.find((definition) => definition.code === code);
  if (known) return known.kind === 'geographic';
  return code >= 4000 && code < 5000;
}

/**
 * The GeoKeyDirectoryTag values of an EPSG CRS, pixel-is-area: model type, raster type, then the CRS key and its
 * unit (metre 9001 or degree 9102), as GDAL writes them.
 */
export function geoKeyDirectoryFor(crs: number): number[] {
  const geographic = isGeographicCrs(crs);
  const keys: [number, number][] = geographic
    ? [
        [GEO_KEY.modelType, 2],
        [GEO_KEY.rasterType, 1],
        [GEO_KEY.geographicType, crs],
        [GEO_KEY.geogAngularUnits, 9102],
      ]
    : [
        [GEO_KEY.modelType, 1],
        [GEO_KEY.rasterType, 1],
        [GEO_KEY.projectedType, crs],
        [GEO_KEY.projLinearUnits, 9001],
      ];
  return [1, 1, 0, keys.length, ...keys.flatMap(([id, value]) => [id, 0, 1, value])];
}
