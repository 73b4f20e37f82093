import { JumeauError, type CrsLike } from '@jumeau/core';
import { createTransformer, type TransformerOptions } from './transformer.js';

/** Options of {@link reproject}. */
export interface ReprojectOptions extends TransformerOptions {
  /** Write the result into `coordinates` instead of a new buffer. Default false. */
  readonly inPlace?: boolean;
}

/**
 * Reprojects a batch of interleaved coordinates (x, y or x, y, z; longitude first in degrees for geographic CRSs,
 * metres otherwise) from one CRS of the registry to another, within 1 mm of PROJ's default operation. Returns a new
 * buffer (or `coordinates` itself with `inPlace`). z passes through unchanged. For many calls between the same two
 * CRSs, build a {@link createTransformer} once.
 *
 * @example
 * ```ts
 * const lonLat = reproject(Float64Array.of(652_296.97, 6_861_636.36, 366_546.05, 6_547_438.97), 2154, 4326);
 * // [2.3499, 48.853, -1.3064, 45.9448]: Notre-Dame de Paris and Saint-Pierre-d’Oléron
 * ```
 */
export function reproject(coordinates: Float64Array, from: CrsLike, to: CrsLike, options: ReprojectOptions = {}): Float64Array {
  const { inPlace = false, ...transformerOptions } = options;
  return createTransformer(from, to, transformerOptions).forward(coordinates, { inPlace });
}

/**
 * Reprojects one point `[x, y]` or `[x, y, z]` (z passes through).
 *
 * @example
 * ```ts
 * reprojectPoint([2.3499, 48.853], 4326, 2154); // ≈ [652 296.97, 6 861 636.36] metres, Lambert-93
 * ```
 */
export function reprojectPoint(point: readonly number[], from: CrsLike, to: CrsLike, options: TransformerOptions = {}): number[] {
  if (point.length !== 2 && point.length !== 3) {
    throw new JumeauError('input', `A point has 2 or 3 coordinates, got ${point.length}`, { details: { point: [...point] } });
  }
  const dimensions = point.length;
  const result = reproject(Float64Array.from(point), from, to, { ...options, dimensions });
  return Array.from(result);
}
