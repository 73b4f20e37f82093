import type { ContourSegments } from './contour-segments.js';

/** Chained polylines: interleaved x, y in pixel coordinates; `closed` when the last point joins the first. */
export interface ChainedLine {
  readonly coordinates: number[];
  readonly closed: boolean;
}

/**
 * Chains directed segments end to start by their keys (each key ends at most one segment and starts at most one,
 * except at pinch points where two rings touch, taken in order). Open chains start where no segment ends; the rest
 * are closed rings, returned with their first point repeated at the end.
 */
export function chainSegments(segments: ContourSegments): ChainedLine[] {
  const count = segments.fromKeys.length;
  const startingAt = new Map<number, number[]>();
  const endingAt = new Set<number>();
  for (let segment = 0; segment < count; segment += 1) {
    const key = segments.fromKeys[segment] as number;
    const list = startingAt.get(key);
    if (list) list.push(segment);
    else startingAt.set(key, [segment]);
    endingAt.add(segments.toKeys[segment] as number);
  }
  const used = new Uint8Array(count);
  const lines: ChainedLine[] = [];
  const follow = (first: number): ChainedLine => {
    const coordinates = [segments.coordinates[first * 4] as number, segments.coordinates[first * 4 + 1] as number];
    let segment: number | undefined = first;
    let lastKey = segments.fromKeys[first] as number;
    while (segment !== undefined) {
      used[segment] = 1;
      coordinates.push(segments.coordinates[segment * 4 + 2] as number, segments.coordinates[segment * 4 + 3] as number);
      lastKey = segments.toKeys[segment] as number;
      segment = startingAt.get(lastKey)?.find((candidate) => used[candidate] === 0);
    }
    return { coordinates, closed: lastKey === segments.fromKeys[first] };
  };
  for (let segment = 0; segment < count; segment += 1) {
    if (used[segment] === 0 && !endingAt.has(segments.fromKeys[segment] as number)) lines.push(follow(segment));
  }
  for (let segment = 0; segment < count; segment += 1) if (used[segment] === 0) lines.push(follow(segment));
  return lines;
}
