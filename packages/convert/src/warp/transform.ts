import { createTransformer } from '../reproject/transformer.js';

/** Transforms interleaved `x, y` pairs in place; a point that cannot be transformed becomes `NaN, NaN`. */
export type CoordinateTransformer = (xy: Float64Array) => void;

/**
 * The coordinate transformation used by the warper: `(from, to) → (xy) => void`, in place over an interleaved
 * buffer (longitude first for geographic CRSs, as everywhere in Jumeau). An adapter over the package's batch
 * reprojection ({@link createTransformer}: Jumeau's own projection kernels, within 1 mm of PROJ); the identity
 * when both CRSs are the same code. Non-finite results become NaN so the kernels skip them.
 *
 * @example
 * ```ts
 * const toWgs84 = createCoordinateTransformer(2154, 4326)
 * const xy = new Float64Array([371237, 6541032])
 * toWgs84(xy) // xy = [-1.25…, 45.90…]
 * ```
 */
export function createCoordinateTransformer(from: number, to: number): CoordinateTransformer {
  if (from === to) return () => undefined;
  const transformer = createTransformer(from, to);
  return (xy: Float64Array) => {
    transformer.forward(xy, { inPlace: true });
    for (let index = 0; index < xy.length; index += 1) {
      if (!Number.isFinite(xy[index] as number)) xy[index] = Number.NaN;
    }
  };
}
