/** x, y and optionally z. */
export type Position = number[];

/** Twice the signed area of a ring (positive when counter-clockwise with y up). */
export function ringSignedArea2(ring: readonly Position[]): number {
  let sum = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    const a = ring[previous] as Position;
    const b = ring[index] as Position;
    sum += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return sum;
}

/** Even-odd point in ring. */
function ringContains(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    const [xa, ya] = ring[previous] as [number, number];
    const [xb, yb] = ring[index] as [number, number];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/**
 * Groups the rings of a Shapefile polygon into polygons as GDAL does (`organizePolygons`, "ONLY_CCW"): a single
 * ring is a polygon; otherwise clockwise rings are outer rings and each counter-clockwise ring becomes a hole of the
 * smallest outer ring containing it (or an outer ring itself when none does). Rings keep their order and vertices.
 */
export function organiseRings(rings: readonly Position[][]): Position[][][] {
  if (rings.length === 1) return [[rings[0] as Position[]]];
  const areas = rings.map(ringSignedArea2);
  const polygons: { rings: Position[][]; area: number }[] = [];
  const holes: Position[][] = [];
  rings.forEach((ring, index) => {
    if ((areas[index] as number) < 0) polygons.push({ rings: [ring], area: -(areas[index] as number) });
    else holes.push(ring);
  });
  for (const hole of holes) {
    const [x, y] = hole[0] as [number, number];
    let best: { rings: Position[][]; area: number } | undefined;
    for (const polygon of polygons) {
      if (polygon.rings[0] && ringContains(polygon.rings[0], x, y) && (!best || polygon.area < best.area)) best = polygon;
    }
    if (best) best.rings.push(hole);
    else polygons.push({ rings: [hole], area: ringSignedArea2(hole) });
  }
  return polygons.map((polygon) => polygon.rings);
}
