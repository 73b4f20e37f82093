import { JumeauError, type GeoTransform } from '@jumeau/core';

/** The inverse of a GDAL geotransform: world (x, y) → fractional pixel (column, row), as GDALInvGeoTransform does. */
export type InverseTransform = readonly [number, number, number, number, number, number];

/**
 * Inverts an affine geotransform. The north-up case uses GDAL's exact formula (`-x0 / dx`, `1 / dx`) so pixel
 * coordinates round the same way as in `gdal_rasterize`, which keeps cell-for-cell identity on shared edges.
 */
export function invertGeoTransform(transform: GeoTransform): InverseTransform {
  const [x0, dx, rx, y0, ry, dy] = transform;
  if (rx === 0 && ry === 0) {
    if (dx === 0 || dy === 0) throw new JumeauError('input', `Degenerate geotransform ${JSON.stringify(transform)}`);
    return [-x0 / dx, 1 / dx, 0, -y0 / dy, 0, 1 / dy];
  }
  const determinant = dx * dy - rx * ry;
  if (Math.abs(determinant) < 1e-15) throw new JumeauError('input', `Degenerate geotransform ${JSON.stringify(transform)}`);
  const inverse = 1 / determinant;
  return [(rx * y0 - dy * x0) * inverse, dy * inverse, -rx * inverse, (-dx * y0 + ry * x0) * inverse, -ry * inverse, dx * inverse];
}
