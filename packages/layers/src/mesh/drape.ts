import { type Bounds, type Grid, JumeauError } from '@jumeau/core';
import { createCoordinateTransformer } from '../lib/project.js';

/**
 * Texture coordinates that drape `drape` (a grid in any CRS) over vertices given in `crs`: each vertex is
 * reprojected to the drape's CRS and mapped to its fractional cell (u = column / width, v = row / height).
 * Vertices outside the drape get coordinates outside [0, 1] (drawn as nodata).
 *
 * @example
 * mesh = { ...mesh, texCoords: drapeTextureCoordinates(mesh.planar, dem.crs, landCover) };
 */
export function drapeTextureCoordinates(
  planar: Float64Array,
  crs: number,
  drape: Pick<Grid, 'transform' | 'width' | 'height' | 'crs'>,
): Float32Array {
  const points = drape.crs === crs ? Float64Array.from(planar) : createCoordinateTransformer(crs, drape.crs)(Float64Array.from(planar));
  const [originX, a, b, originY, c, d] = drape.transform;
  const determinant = a * d - b * c;
  if (determinant === 0)
    throw new JumeauError('input', 'The drape grid has a singular transform', { details: { transform: [...drape.transform] } });
  const texCoords = new Float32Array(points.length);
  for (let index = 0; index < points.length; index += 2) {
    const dx = (points[index] as number) - originX;
    const dy = (points[index + 1] as number) - originY;
    texCoords[index] = (d * dx - b * dy) / determinant / drape.width;
    texCoords[index + 1] = (-c * dx + a * dy) / determinant / drape.height;
  }
  return texCoords;
}

/**
 * Texture coordinates of an image covering `bounds` [minX, minY, maxX, maxY] in `imageCrs` (north-up, row 0
 * at maxY) — e.g. a Géoplateforme WMS-R GetMap in EPSG:2154 or a WMTS mosaic in EPSG:3857.
 *
 * @example
 * const texCoords = imageTextureCoordinates(mesh.planar, 2154, [364900, 6531900, 377600, 6550100], 2154);
 */
export function imageTextureCoordinates(planar: Float64Array, crs: number, bounds: Bounds, imageCrs: number): Float32Array {
  const [minX, minY, maxX, maxY] = bounds;
  return drapeTextureCoordinates(planar, crs, {
    transform: [minX, maxX - minX, 0, maxY, 0, -(maxY - minY)],
    width: 1,
    height: 1,
    crs: imageCrs,
  });
}
