/**
 * Communes outlines and coastal defences as deck.gl line segments (lon/lat, always drawn over the terrain), from
 * feature tables in any CRS.
 *
 * Segments (`LineLayer`, one quad each, binary attributes), not paths: under software GL (SwiftShader, the only GL of
 * machines without a GPU) `PathLayer`'s joint-building vertex shader made the 4 402 defence vertices cost 200–280 ms
 * per frame, a `LineLayer` of the same segments 80–100 ms. At 2–3 pixels wide the missing joints do not show.
 */
import { LineLayer } from '@deck.gl/layers';
import { type FeatureTable, featureTableCrs, geometryBuffers } from '@jumeau/core';
import { reprojectTable } from '@jumeau/convert';

/** Line segments as one buffer: segment `i` goes from (x, y) at `4i` to (x, y) at `4i + 2`, lon/lat degrees. */
export interface Segments {
  readonly count: number;
  readonly positions: Float64Array;
}

/**
 * Every segment of every vertex run of a table (polygon rings, line strings), lon/lat.
 *
 * @example
 * ```ts
 * segmentsOf(communes).count // 1 509 segments for the six Oléron communes
 * ```
 */
export function segmentsOf(table: FeatureTable): Segments {
  const lonLat = featureTableCrs(table) === 4326 ? table : reprojectTable(table, 4326);
  const runs: Array<{ coordinates: ArrayLike<number>; stride: number; start: number; end: number }> = [];
  let count = 0;
  for (const buffers of geometryBuffers(lonLat)) {
    const innermost = buffers.offsets[buffers.offsets.length - 1];
    if (!innermost) continue;
    for (let run = 0; run + 1 < innermost.length; run += 1) {
      const start = innermost[run] as number;
      const end = innermost[run + 1] as number;
      if (end - start < 2) continue;
      runs.push({ coordinates: buffers.coordinates, stride: buffers.stride, start, end });
      count += end - start - 1;
    }
  }
  const positions = new Float64Array(count * 4);
  let at = 0;
  for (const { coordinates, stride, start, end } of runs) {
    for (let vertex = start; vertex + 1 < end; vertex += 1) {
      positions[at] = coordinates[vertex * stride] as number;
      positions[at + 1] = coordinates[vertex * stride + 1] as number;
      positions[at + 2] = coordinates[(vertex + 1) * stride] as number;
      positions[at + 3] = coordinates[(vertex + 1) * stride + 1] as number;
      at += 4;
    }
  }
  return { count, positions };
}

/**
 * The segments of lon/lat paths (`[x0, y0, x1, y1, …]` each), e.g. the shorelines of the retreat task.
 *
 * @example
 * ```ts
 * segmentsOfPaths(retreat.projectedLines).count
 * ```
 */
export function segmentsOfPaths(paths: readonly Float64Array[]): Segments {
  let count = 0;
  for (const path of paths) count += Math.max(0, path.length / 2 - 1);
  const positions = new Float64Array(count * 4);
  let at = 0;
  for (const path of paths) {
    for (let vertex = 0; vertex + 1 < path.length / 2; vertex += 1) {
      positions.set(path.subarray(vertex * 2, vertex * 2 + 4), at);
      at += 4;
    }
  }
  return { count, positions };
}

/** One `{ length }` object per segment set, so that deck.gl sees the same data at every render. */
const lengths = new WeakMap<Segments, { length: number }>();

function lengthOf(segments: Segments): { length: number } {
  let data = lengths.get(segments);
  if (!data) {
    data = { length: segments.count };
    lengths.set(segments, data);
  }
  return data;
}

/**
 * A segment layer drawn on top of everything (no depth test), `widthPixels` wide.
 *
 * @example
 * ```ts
 * outlineLayer('communes', segmentsOf(communes), [0, 0, 145, 255], 2)
 * ```
 */
export function outlineLayer(
  id: string,
  segments: Segments,
  color: [number, number, number, number],
  widthPixels: number,
): LineLayer<unknown> {
  const { positions } = segments;
  return new LineLayer<unknown>({
    id,
    // `{ length }` data with index accessors: deck.gl keeps the attributes while `segments` is the same object.
    data: lengthOf(segments),
    getSourcePosition: (_, { index }) => [positions[4 * index] as number, positions[4 * index + 1] as number],
    getTargetPosition: (_, { index }) => [positions[4 * index + 2] as number, positions[4 * index + 3] as number],
    getColor: color,
    getWidth: widthPixels,
    widthUnits: 'pixels',
    parameters: { depthCompare: 'always' },
  });
}
