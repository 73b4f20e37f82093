import type { GeometryBuffers } from '@jumeau/core';

/**
 * The point that places a feature on a grid in exposure counts: the area centroid of its first vertex run (its first
 * point, or its first polygon's outer ring), or the vertex mean when that ring has no area. Coordinates are taken
 * relative to the first vertex so that Lambert-93 magnitudes cost no precision. Null for an empty geometry.
 * `computeExposure` uses it for the "cell under the centroid" rule; apps that precompute exposure (examples/littoral)
 * use it too, so a building falls on the same cell everywhere.
 *
 * @example
 * ```ts
 * const [x, y] = featureCentroid(geometryBuffers(buildings)[0], 0) ?? [Number.NaN, Number.NaN] // metres, table CRS
 * ```
 */
export function featureCentroid(buffers: GeometryBuffers, row: number): [number, number] | null {
  const { coordinates, stride, offsets } = buffers;
  let first = row;
  let last = row + 1;
  for (const level of offsets) {
    const start = level[first] as number;
    last = level[first + 1] as number;
    first = start;
    if (last <= first) break;
  }
  if (last <= first) return null;
  let twiceArea = 0;
  let sumX = 0;
  let sumY = 0;
  let meanX = 0;
  let meanY = 0;
  const x0 = coordinates[first * stride] as number;
  const y0 = coordinates[first * stride + 1] as number;
  for (let vertex = first; vertex < last; vertex += 1) {
    const next = vertex + 1 < last ? vertex + 1 : first;
    const x1 = (coordinates[vertex * stride] as number) - x0;
    const y1 = (coordinates[vertex * stride + 1] as number) - y0;
    const x2 = (coordinates[next * stride] as number) - x0;
    const y2 = (coordinates[next * stride + 1] as number) - y0;
    const cross = x1 * y2 - x2 * y1;
    twiceArea += cross;
    sumX += (x1 + x2) * cross;
    sumY += (y1 + y2) * cross;
    meanX += x1;
    meanY += y1;
  }
  if (twiceArea === 0) return [x0 + meanX / (last - first), y0 + meanY / (last - first)];
  return [x0 + sumX / (3 * twiceArea), y0 + sumY / (3 * twiceArea)];
}
