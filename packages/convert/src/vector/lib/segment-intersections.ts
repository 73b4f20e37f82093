/**
 * Finds the arcs whose segments cross or touch another segment anywhere but at a shared point (the test that
 * keeps simplified borders free of self-intersections). Segments are bucketed in a uniform grid sized to the
 * mean segment length, so the cost is near-linear for map data.
 */
export function findIntersectingArcs(arcs: readonly Int32Array[], pointX: Float64Array, pointY: Float64Array): Set<number> {
  const segmentArc: number[] = [];
  const segmentA: number[] = [];
  const segmentB: number[] = [];
  let totalLength = 0;
  let minimumX = Number.POSITIVE_INFINITY;
  let minimumY = Number.POSITIVE_INFINITY;
  arcs.forEach((ids, arc) => {
    for (let index = 1; index < ids.length; index += 1) {
      const a = ids[index - 1] as number;
      const b = ids[index] as number;
      if (a === b) continue;
      segmentArc.push(arc);
      segmentA.push(a);
      segmentB.push(b);
      totalLength += Math.abs((pointX[a] as number) - (pointX[b] as number)) + Math.abs((pointY[a] as number) - (pointY[b] as number));
      minimumX = Math.min(minimumX, pointX[a] as number, pointX[b] as number);
      minimumY = Math.min(minimumY, pointY[a] as number, pointY[b] as number);
    }
  });
  const cellSize = Math.max(totalLength / Math.max(1, segmentArc.length), 1e-9) * 2;
  const buckets = new Map<string, number[]>();
  for (let segment = 0; segment < segmentArc.length; segment += 1) {
    const a = segmentA[segment] as number;
    const b = segmentB[segment] as number;
    const column0 = Math.floor((Math.min(pointX[a] as number, pointX[b] as number) - minimumX) / cellSize);
    const column1 = Math.floor((Math.max(pointX[a] as number, pointX[b] as number) - minimumX) / cellSize);
    const row0 = Math.floor((Math.min(pointY[a] as number, pointY[b] as number) - minimumY) / cellSize);
    const row1 = Math.floor((Math.max(pointY[a] as number, pointY[b] as number) - minimumY) / cellSize);
    for (let column = column0; column <= column1; column += 1) {
      for (let row = row0; row <= row1; row += 1) {
        const key = `${column} ${row}`;
        const bucket = buckets.get(key);
        if (bucket) bucket.push(segment);
        else buckets.set(key, [segment]);
      }
    }
  }
  const conflicting = new Set<number>();
  for (const bucket of buckets.values()) {
    for (let i = 0; i < bucket.length; i += 1) {
      for (let j = i + 1; j < bucket.length; j += 1) {
        const s = bucket[i] as number;
        const t = bucket[j] as number;
        if (segmentsConflict(segmentA[s] as number, segmentB[s] as number, segmentA[t] as number, segmentB[t] as number, pointX, pointY)) {
          conflicting.add(segmentArc[s] as number);
          conflicting.add(segmentArc[t] as number);
        }
      }
    }
  }
  return conflicting;
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** True when segments (a, b) and (c, d) meet anywhere except at one shared end point. */
function segmentsConflict(a: number, b: number, c: number, d: number, pointX: Float64Array, pointY: Float64Array): boolean {
  const ax = pointX[a] as number,
    ay = pointY[a] as number,
    bx = pointX[b] as number,
    by = pointY[b] as number;
  const cx = pointX[c] as number,
    cy = pointY[c] as number,
    dx = pointX[d] as number,
    dy = pointY[d] as number;
  if ((a === c && b === d) || (a === d && b === c)) return false;
  const shared = a === c || a === d ? a : b === c || b === d ? b : -1;
  if (shared !== -1) {
    // Sharing one end: a conflict only when the other ends fold back onto the segments (collinear overlap).
    const [ox, oy] = shared === a ? [bx, by] : [ax, ay];
    const [px, py] = shared === c ? [dx, dy] : [cx, cy];
    const sx = pointX[shared] as number,
      sy = pointY[shared] as number;
    if (orientation(sx, sy, ox, oy, px, py) !== 0) return false;
    return (ox - sx) * (px - sx) + (oy - sy) * (py - sy) > 0;
  }
  const o1 = orientation(ax, ay, bx, by, cx, cy);
  const o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay);
  const o4 = orientation(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by))
  );
}
