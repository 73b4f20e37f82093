import { createTransformer } from '@jumeau/convert';
import { JumeauError } from '@jumeau/core';

/** Transforms interleaved (x, y) pairs of `coordinates` from one CRS to another, in place, and returns them. */
export type CoordinateTransformer = (coordinates: Float64Array) => Float64Array;

const cache = new Map<string, CoordinateTransformer>();

/**
 * The one place the layers reproject: @jumeau/convert's `createTransformer` (checked against PROJ), cached per
 * CRS pair, in place on interleaved xy; a point that cannot be projected is a `crs` error naming it.
 */
export function createCoordinateTransformer(fromCrs: number, toCrs: number): CoordinateTransformer {
  const key = `${fromCrs}>${toCrs}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const transformer = fromCrs === toCrs ? null : createTransformer(fromCrs, toCrs);
  const transform: CoordinateTransformer = (coordinates) => {
    if (transformer) transformer.forward(coordinates, { inPlace: true });
    for (let index = 0; index < coordinates.length; index += 1) {
      if (Number.isFinite(coordinates[index])) continue;
      throw new JumeauError('crs', `Cannot project point ${index >> 1} from EPSG:${fromCrs} to EPSG:${toCrs}`, {
        details: { index: index >> 1, fromCrs, toCrs },
      });
    }
    return coordinates;
  };
  cache.set(key, transform);
  return transform;
}
