import type { FlatRings } from './footprints.js';

/**
 * Area-weighted centroid (longitude, latitude) of each row's outer rings, interleaved, NaN for rows without a
 * ring. Computed in degrees: fine for placing symbols and arc ends on areas up to a département.
 *
 * @example
 * const centres = ringCentroids(featureRings(communes), communes.numRows);
 */
export function ringCentroids(rings: FlatRings, rowCount: number): Float64Array {
  const sums = new Float64Array(rowCount * 3);
  const p = rings.positions;
  for (let ring = 0; ring < rings.ringRows.length; ring += 1) {
    const row = rings.ringRows[ring] as number;
    const start = rings.startIndices[ring] as number;
    const end = rings.startIndices[ring + 1] as number;
    for (let vertex = start; vertex < end - 1; vertex += 1) {
      const x0 = p[vertex * 2] as number;
      const y0 = p[vertex * 2 + 1] as number;
      const x1 = p[vertex * 2 + 2] as number;
      const y1 = p[vertex * 2 + 3] as number;
      const cross = x0 * y1 - x1 * y0;
      sums[row * 3] = (sums[row * 3] as number) + cross;
      sums[row * 3 + 1] = (sums[row * 3 + 1] as number) + (x0 + x1) * cross;
      sums[row * 3 + 2] = (sums[row * 3 + 2] as number) + (y0 + y1) * cross;
    }
  }
  const centroids = new Float64Array(rowCount * 2).fill(Number.NaN);
  for (let row = 0; row < rowCount; row += 1) {
    const doubleArea = sums[row * 3] as number;
    if (doubleArea === 0) continue;
    centroids[row * 2] = (sums[row * 3 + 1] as number) / (3 * doubleArea);
    centroids[row * 2 + 1] = (sums[row * 3 + 2] as number) / (3 * doubleArea);
  }
  return centroids;
}
