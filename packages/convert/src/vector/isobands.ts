import { Float64, vectorFromArray } from 'apache-arrow';
import { cellToWorld, type FeatureTable, type Grid } from '@jumeau/core';
import { createContourLattice } from './lib/contour-lattice.js';
import { bandRings, type BandRing } from './lib/band-rings.js';
import type { SaddleRule } from './lib/contour-segments.js';
import { createGeometryBuilder, featureTableFromBuilder } from './lib/feature-table-builder.js';

/** One band: values in [minimum, maximum). */
export interface Band {
  readonly minimum: number;
  readonly maximum: number;
}

interface RingBox {
  readonly ring: BandRing;
  readonly box: readonly [number, number, number, number];
}

function boxOf(ring: BandRing): RingBox {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let index = 0; index < ring.coordinates.length; index += 2) {
    const x = ring.coordinates[index] as number;
    const y = ring.coordinates[index + 1] as number;
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return { ring, box };
}

function ringContains(coordinates: readonly number[], x: number, y: number): boolean {
  let inside = false;
  for (let index = 0, previous = coordinates.length - 2; index < coordinates.length; previous = index, index += 2) {
    const xa = coordinates[previous] as number;
    const ya = coordinates[previous + 1] as number;
    const xb = coordinates[index] as number;
    const yb = coordinates[index + 1] as number;
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/** Each hole goes to the smallest outer ring that contains a point of it (bounding boxes first). */
function assignHoles(outers: readonly RingBox[], holes: readonly RingBox[]): RingBox[][] {
  const owned: RingBox[][] = outers.map(() => []);
  for (const hole of holes) {
    const [x, y] = [
      ((hole.ring.coordinates[0] as number) + (hole.ring.coordinates[2] as number)) / 2,
      ((hole.ring.coordinates[1] as number) + (hole.ring.coordinates[3] as number)) / 2,
    ];
    let best = -1;
    outers.forEach((outer, index) => {
      const [minX, minY, maxX, maxY] = outer.box;
      if (x < minX || x > maxX || y < minY || y > maxY) return;
      if ((best === -1 || outer.ring.area < (outers[best] as RingBox).ring.area) && ringContains(outer.ring.coordinates, x, y))
        best = index;
    });
    if (best >= 0) (owned[best] as RingBox[]).push(hole);
  }
  return owned;
}

/**
 * Isoband polygons of a grid: one `geoarrow.multipolygon` row per non-empty band with its `min` and `max`. The
 * boundaries are the isolines of both bounds (the same marching squares, saddles and border convention as
 * {@link contours} lines) closed along the raster border and around nodata squares; outer rings are
 * counter-clockwise and holes clockwise in world coordinates (RFC 7946), rings closed.
 */
export function isobands(grid: Grid, bands: readonly Band[], saddles: SaddleRule = 'centre-mean'): FeatureTable {
  const lattice = createContourLattice(grid);
  const builder = createGeometryBuilder('geoarrow.multipolygon', 3);
  const [polygonOffsets, ringOffsets, vertexOffsets] = builder.offsets as [number[], number[], number[]];
  const minimums: number[] = [];
  const maximums: number[] = [];
  const flipsOrientation = grid.transform[1] * grid.transform[5] - grid.transform[2] * grid.transform[4] < 0;
  // Outer rings are positive and holes negative in pixel space; a geotransform with a negative determinant (north
  // up) mirrors both, so the same reversal makes outers counter-clockwise and holes clockwise in world space.
  const addRing = (ring: BandRing): void => {
    const reverse = flipsOrientation;
    const count = ring.coordinates.length / 2;
    for (let index = 0; index < count; index += 1) {
      const source = reverse ? count - 1 - index : index;
      builder.coordinates.push(
        ...cellToWorld(grid.transform, ring.coordinates[source * 2] as number, ring.coordinates[source * 2 + 1] as number),
      );
    }
    vertexOffsets.push(builder.coordinates.length / 2);
  };
  for (const band of bands) {
    const rings = bandRings(lattice, band.minimum, band.maximum, saddles).map(boxOf);
    const outers = rings.filter((ring) => ring.ring.area > 0);
    if (outers.length === 0) continue;
    const owned = assignHoles(
      outers,
      rings.filter((ring) => ring.ring.area < 0),
    );
    outers.forEach((outer, index) => {
      addRing(outer.ring);
      for (const hole of owned[index] as RingBox[]) addRing(hole.ring);
      ringOffsets.push(vertexOffsets.length - 1);
    });
    polygonOffsets.push(ringOffsets.length - 1);
    minimums.push(band.minimum);
    maximums.push(band.maximum);
  }
  return featureTableFromBuilder(builder, grid.crs, {
    min: vectorFromArray(minimums, new Float64()),
    max: vectorFromArray(maximums, new Float64()),
  });
}
