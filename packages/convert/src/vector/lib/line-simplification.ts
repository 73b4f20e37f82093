/** The simplification algorithms: which vertices of one arc to keep. Endpoints are always kept. */
export type SimplificationMethod = 'douglas-peucker' | 'visvalingam';

/**
 * Which points of an arc (point ids into `pointX`/`pointY`) survive simplification. A closed arc (first point =
 * last point) is split at its point farthest from the start so both halves keep a real extent.
 */
export function simplifyArc(
  ids: Int32Array,
  pointX: Float64Array,
  pointY: Float64Array,
  tolerance: number,
  method: SimplificationMethod,
): Int32Array {
  if (ids.length <= 2 || tolerance <= 0) return ids;
  const keep = new Uint8Array(ids.length);
  keep[0] = 1;
  keep[ids.length - 1] = 1;
  const run = method === 'douglas-peucker' ? douglasPeucker : visvalingam;
  if (ids[0] === ids[ids.length - 1]) {
    const far = farthestFrom(ids, pointX, pointY);
    keep[far] = 1;
    run(ids, 0, far, pointX, pointY, tolerance, keep);
    run(ids, far, ids.length - 1, pointX, pointY, tolerance, keep);
  } else run(ids, 0, ids.length - 1, pointX, pointY, tolerance, keep);
  const kept: number[] = [];
  for (let index = 0; index < ids.length; index += 1) if (keep[index] === 1) kept.push(ids[index] as number);
  return Int32Array.from(kept);
}

function farthestFrom(ids: Int32Array, pointX: Float64Array, pointY: Float64Array): number {
  const x0 = pointX[ids[0] as number] as number;
  const y0 = pointY[ids[0] as number] as number;
  let best = 1;
  let bestDistance = -1;
  for (let index = 1; index < ids.length - 1; index += 1) {
    const distance = ((pointX[ids[index] as number] as number) - x0) ** 2 + ((pointY[ids[index] as number] as number) - y0) ** 2;
    if (distance > bestDistance) {
      bestDistance = distance;
      best = index;
    }
  }
  return best;
}

/** Ramer–Douglas–Peucker with an explicit stack: keeps a point when it is farther than `tolerance` from the chord. */
function douglasPeucker(
  ids: Int32Array,
  first: number,
  last: number,
  pointX: Float64Array,
  pointY: Float64Array,
  tolerance: number,
  keep: Uint8Array,
): void {
  const stack = [first, last];
  const squaredTolerance = tolerance * tolerance;
  while (stack.length > 0) {
    const end = stack.pop() as number;
    const start = stack.pop() as number;
    const ax = pointX[ids[start] as number] as number;
    const ay = pointY[ids[start] as number] as number;
    const dx = (pointX[ids[end] as number] as number) - ax;
    const dy = (pointY[ids[end] as number] as number) - ay;
    const squaredLength = dx * dx + dy * dy;
    let farthest = -1;
    let farthestDistance = squaredTolerance;
    for (let index = start + 1; index < end; index += 1) {
      const px = (pointX[ids[index] as number] as number) - ax;
      const py = (pointY[ids[index] as number] as number) - ay;
      const t = squaredLength === 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / squaredLength));
      const distance = (px - t * dx) ** 2 + (py - t * dy) ** 2;
      if (distance > farthestDistance) {
        farthestDistance = distance;
        farthest = index;
      }
    }
    if (farthest !== -1) {
      keep[farthest] = 1;
      stack.push(start, farthest, farthest, end);
    }
  }
}

/**
 * Visvalingam–Whyatt: repeatedly removes the point whose triangle with its neighbours has the smallest area,
 * while that area is below `tolerance²` (so the tolerance reads as a length, like Douglas–Peucker's).
 * O(n²) worst case on one arc; arcs between nodes are short in practice.
 */
function visvalingam(
  ids: Int32Array,
  first: number,
  last: number,
  pointX: Float64Array,
  pointY: Float64Array,
  tolerance: number,
  keep: Uint8Array,
): void {
  const previous = new Int32Array(last - first + 1);
  const next = new Int32Array(last - first + 1);
  for (let index = 0; index <= last - first; index += 1) {
    previous[index] = index - 1;
    next[index] = index + 1;
  }
  const removed = new Uint8Array(last - first + 1);
  const area = (index: number): number => {
    const a = ids[first + (previous[index] as number)] as number;
    const b = ids[first + index] as number;
    const c = ids[first + (next[index] as number)] as number;
    const ax = pointX[a] as number;
    const ay = pointY[a] as number;
    return (
      Math.abs(((pointX[b] as number) - ax) * ((pointY[c] as number) - ay) - ((pointX[c] as number) - ax) * ((pointY[b] as number) - ay)) /
      2
    );
  };
  const threshold = tolerance * tolerance;
  for (;;) {
    let smallest = -1;
    let smallestArea = threshold;
    for (let index = next[0] as number; index < last - first; index = next[index] as number) {
      const value = area(index);
      if (value < smallestArea) {
        smallestArea = value;
        smallest = index;
      }
    }
    if (smallest === -1) break;
    removed[smallest] = 1;
    next[previous[smallest] as number] = next[smallest] as number;
    previous[next[smallest] as number] = previous[smallest] as number;
  }
  for (let index = 1; index < last - first; index += 1) if (removed[index] === 0) keep[first + index] = 1;
}
