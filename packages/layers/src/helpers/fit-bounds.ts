import { type Bounds, JumeauError } from '@jumeau/core';
import { WebMercatorViewport } from '@deck.gl/core';
import { createCoordinateTransformer } from '../lib/project.js';

/** Options of {@link fitBounds}. */
export interface FitBoundsOptions {
  /** Viewport size in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Margin around the extent, pixels (default 20). */
  readonly paddingPixels?: number;
  /** Points sampled along each side of the extent before reprojecting (default 16): curved sides stay inside. */
  readonly samplesPerSide?: number;
  readonly maximumZoom?: number;
}

/** The longitude/latitude box of an extent in any CRS, from points sampled along its four sides. */
export function lonLatBoundsOf(
  bounds: Bounds,
  crs: number,
  samplesPerSide = 16,
): [west: number, south: number, east: number, north: number] {
  const [minX, minY, maxX, maxY] = bounds;
  if (!(maxX > minX && maxY > minY)) {
    throw new JumeauError('input', `Bounds must be [minX, minY, maxX, maxY] with max > min, got [${bounds.join(', ')}]`, {
      details: { bounds: [...bounds] },
    });
  }
  const points = new Float64Array(samplesPerSide * 8);
  for (let index = 0; index < samplesPerSide; index += 1) {
    const f = index / samplesPerSide;
    points.set(
      [minX + f * (maxX - minX), minY, maxX, minY + f * (maxY - minY), maxX - f * (maxX - minX), maxY, minX, maxY - f * (maxY - minY)],
      index * 8,
    );
  }
  createCoordinateTransformer(crs, 4326)(points);
  let [west, south, east, north] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let index = 0; index < points.length; index += 2) {
    west = Math.min(west, points[index] as number);
    east = Math.max(east, points[index] as number);
    south = Math.min(south, points[index + 1] as number);
    north = Math.max(north, points[index + 1] as number);
  }
  return [west, south, east, north];
}

/**
 * A deck.gl MapView view state (longitude, latitude, zoom) showing a whole extent given in any CRS
 * (e.g. a Lambert-93 grid's bounds), its sides sampled and reprojected exactly.
 *
 * @example
 * const viewState = fitBounds(gridBounds(dem), dem.crs, { width: 800, height: 600 });
 * new Deck({ initialViewState: viewState, layers });
 */
export function fitBounds(
  bounds: Bounds,
  crs: number,
  options: FitBoundsOptions,
): { longitude: number; latitude: number; zoom: number; pitch: 0; bearing: 0 } {
  const [west, south, east, north] = lonLatBoundsOf(bounds, crs, options.samplesPerSide ?? 16);
  const viewport = new WebMercatorViewport({ width: options.width, height: options.height });
  const { longitude, latitude, zoom } = viewport.fitBounds(
    [
      [west, south],
      [east, north],
    ],
    { padding: options.paddingPixels ?? 20, maxZoom: options.maximumZoom ?? 22 },
  );
  return { longitude, latitude, zoom, pitch: 0, bearing: 0 };
}
