import { JumeauError, getCrs, type Bounds, type CrsLike } from '@jumeau/core';
import { createTransformer, type TransformerOptions } from './transformer.js';

/** Options of {@link reprojectBounds}. */
export interface ReprojectBoundsOptions extends TransformerOptions {
  /** Points per edge, corners included. The default 23 samples the points GDAL's `TransformBounds` does with its
   * recommended `densify_pts = 21`, so both give the same box. */
  readonly pointsPerEdge?: number;
}

/** The perimeter of `bounds` as interleaved x, y with `pointsPerEdge` points on each edge. */
function densifyPerimeter(bounds: Bounds, pointsPerEdge: number): Float64Array {
  const [minX, minY, maxX, maxY] = bounds;
  const steps = pointsPerEdge - 1;
  const perimeter = new Float64Array(steps * 4 * 2);
  for (let step = 0; step < steps; step += 1) {
    const t = step / steps;
    const edges = [
      [minX + (maxX - minX) * t, minY],
      [maxX, minY + (maxY - minY) * t],
      [maxX - (maxX - minX) * t, maxY],
      [minX, maxY - (maxY - minY) * t],
    ];
    edges.forEach(([x, y], edge) => {
      perimeter[(edge * steps + step) * 2] = x as number;
      perimeter[(edge * steps + step) * 2 + 1] = y as number;
    });
  }
  return perimeter;
}

/**
 * Reprojects a box `[minX, minY, maxX, maxY]` by transforming points along its four edges (densified, 23 points per edge
 * by default) and taking their extent: straight edges bend in the target CRS (the corners of a France-wide
 * Lambert-93 box miss 27 km of its WGS84 latitude). Points that fail (NaN) are ignored; if all fail, throws `input`.
 * In a geographic target, a box straddling the antimeridian (Wallis-et-Futuna in UTM 1S, a Pacific box in Web
 * Mercator) comes back with west > east, as RFC 7946 §5.2 and GDAL's `TransformBounds` write it: the longitudes of
 * the perimeter are taken on the circle and the box is the complement of their widest gap.
 *
 * @example
 * ```ts
 * reprojectBounds([-1.45, 45.8, -1.15, 46.05], 4326, 2154); // Oléron's box in Lambert-93 metres
 * ```
 */
export function reprojectBounds(bounds: Bounds, from: CrsLike, to: CrsLike, options: ReprojectBoundsOptions = {}): Bounds {
  const { pointsPerEdge = 23, ...transformerOptions } = options;
  const [minX, minY, maxX, maxY] = bounds;
  if (bounds.length !== 4 || !bounds.every(Number.isFinite) || minX > maxX || minY > maxY) {
    throw new JumeauError('input', `Bounds must be four finite numbers [minX, minY, maxX, maxY], got [${bounds.join(', ')}]`, {
      details: { bounds: [...bounds] },
    });
  }
  if (!Number.isInteger(pointsPerEdge) || pointsPerEdge < 2 || pointsPerEdge > 10_000) {
    throw new JumeauError('input', `pointsPerEdge must be an integer from 2 to 10000, got ${pointsPerEdge}`, {
      details: { pointsPerEdge },
    });
  }
  const projected = createTransformer(from, to, transformerOptions).forward(densifyPerimeter(bounds, pointsPerEdge), { inPlace: true });
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (let index = 0; index < projected.length; index += 2) {
    const x = projected[index] as number;
    const y = projected[index + 1] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    extent[0] = Math.min(extent[0] as number, x);
    extent[1] = Math.min(extent[1] as number, y);
    extent[2] = Math.max(extent[2] as number, x);
    extent[3] = Math.max(extent[3] as number, y);
  }
  if (Number.isFinite(extent[0]) && getCrs(to).kind === 'geographic') {
    const [west, east] = longitudeRange(projected);
    extent[0] = west;
    extent[2] = east;
  }
  if (!Number.isFinite(extent[0])) {
    throw new JumeauError(
      'input',
      `No point of the bounds [${bounds.join(', ')}] could be reprojected from ${String(from)} to ${String(to)}`,
    );
  }
  return extent as unknown as Bounds;
}

/**
 * West and east of longitudes on the circle: the arc that leaves out the widest gap between consecutive sorted
 * longitudes. When that gap is the one across ±180°, the range is the ordinary [min, max]; otherwise it crosses
 * the antimeridian and west > east.
 */
function longitudeRange(projected: Float64Array): [number, number] {
  const longitudes: number[] = [];
  for (let index = 0; index < projected.length; index += 2) {
    const longitude = projected[index] as number;
    if (!Number.isNaN(longitude) && !Number.isNaN(projected[index + 1] as number))
      longitudes.push(((((longitude + 180) % 360) + 360) % 360) - 180);
  }
  longitudes.sort((a, b) => a - b);
  const first = longitudes[0] as number;
  const last = longitudes.at(-1) as number;
  let widestGap = first + 360 - last;
  let range: [number, number] = [first, last];
  for (let index = 1; index < longitudes.length; index += 1) {
    const gap = (longitudes[index] as number) - (longitudes[index - 1] as number);
    if (gap > widestGap) {
      widestGap = gap;
      range = [longitudes[index] as number, longitudes[index - 1] as number];
    }
  }
  return range;
}
