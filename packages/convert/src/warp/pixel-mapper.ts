import { JumeauError, type GeoTransform } from '@jumeau/core';
import type { CoordinateTransformer } from './transform.js';

/**
 * Maps interleaved target pixel positions `(column, row)` (fractional; `(0, 0)` is the top-left corner of the
 * target grid) to source pixel positions in place, the way GDAL's `GenImgProjTransformer` does with
 * `-et 0`: target geotransform → target CRS → exact transformation → source CRS → inverse source geotransform.
 * Positions that cannot be transformed become NaN.
 */
export type PixelMapper = (xy: Float64Array) => void;

/** Builds the {@link PixelMapper} of a target georeference onto a source one. */
export function createPixelMapper(
  targetTransform: GeoTransform,
  sourceTransform: GeoTransform,
  transformCoordinates: CoordinateTransformer,
): PixelMapper {
  const [targetX0, targetA, targetB, targetY0, targetD, targetE] = targetTransform;
  const [sourceX0, sourceA, sourceB, sourceY0, sourceD, sourceE] = sourceTransform;
  const determinant = sourceA * sourceE - sourceB * sourceD;
  if (determinant === 0) throw new JumeauError('input', 'The source grid transform is degenerate (determinant 0)');
  return (xy: Float64Array) => {
    for (let index = 0; index + 1 < xy.length; index += 2) {
      const column = xy[index] as number;
      const row = xy[index + 1] as number;
      xy[index] = targetX0 + column * targetA + row * targetB;
      xy[index + 1] = targetY0 + column * targetD + row * targetE;
    }
    transformCoordinates(xy);
    for (let index = 0; index + 1 < xy.length; index += 2) {
      const dx = (xy[index] as number) - sourceX0;
      const dy = (xy[index + 1] as number) - sourceY0;
      xy[index] = (sourceE * dx - sourceB * dy) / determinant;
      xy[index + 1] = (sourceA * dy - sourceD * dx) / determinant;
    }
  };
}
