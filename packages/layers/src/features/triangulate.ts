import { earcut } from '@math.gl/polygon';

/**
 * Triangles of polygons given as flat rings (an outer ring followed by its holes), with the holes cut out:
 * earcut on each polygon, indices made absolute into `positions` (interleaved x, y). The triangles deck.gl's
 * binary SolidPolygonLayer draws when `data.attributes.indices` is given.
 */
export function triangulateRings(positions: Float64Array, startIndices: Int32Array, ringIsHole: Uint8Array): Uint32Array {
  const triangles: number[] = [];
  const ringCount = startIndices.length - 1;
  let outer = 0;
  while (outer < ringCount) {
    let end = outer + 1;
    while (end < ringCount && ringIsHole[end] === 1) end += 1;
    const firstVertex = startIndices[outer] as number;
    const lastVertex = startIndices[end] as number;
    // earcut takes hole starts relative to the polygon's first vertex.
    const holeIndices: number[] = [];
    for (let ring = outer + 1; ring < end; ring += 1) holeIndices.push((startIndices[ring] as number) - firstVertex);
    const local = earcut(positions.subarray(firstVertex * 2, lastVertex * 2), holeIndices.length > 0 ? holeIndices : undefined, 2);
    for (const index of local) triangles.push(index + firstVertex);
    outer = end;
  }
  return Uint32Array.from(triangles);
}
