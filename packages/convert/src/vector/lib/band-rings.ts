import { isValidSquare, type ContourLattice } from './contour-lattice.js';
import {
  appendLevelSegments,
  createSegments,
  crossingPoint,
  fudge,
  pointKey,
  type ContourSegments,
  type SaddleRule,
} from './contour-segments.js';
import { chainSegments } from './chain-segments.js';

/** A closed ring in pixel coordinates (first point repeated last) with its signed area (> 0: outer ring). */
export interface BandRing {
  readonly coordinates: number[];
  readonly area: number;
}

/** In the band as the level segments see it: each bound compares with the value nudged against that bound. */
function isInBand(value: number, low: number, high: number): boolean {
  return fudge(value, low) >= low && fudge(value, high) < high;
}

/**
 * Appends the in-band part of lattice edge a → b (walked with the valid region on the left), keyed like the
 * level crossings so that chaining joins them: lattice points by {@link pointKey}, crossings of `low` in slot 0
 * and of `high` in slot 1.
 */
function appendBorderPiece(
  lattice: ContourLattice,
  a: number,
  b: number,
  edge: number,
  low: number,
  high: number,
  out: ContourSegments,
): void {
  const valueA = lattice.values[a] as number;
  const valueB = lattice.values[b] as number;
  const inA = isInBand(valueA, low, high);
  const inB = isInBand(valueB, low, high);
  const belowA = fudge(valueA, low) < low;
  const belowB = fudge(valueB, low) < low;
  if (!inA && !inB && belowA === belowB) return;
  const edgeCount = 2 * lattice.columns * lattice.rows;
  const end = (point: number, value: number, inside: boolean): [number, number, number] => {
    if (inside) {
      const column = point % lattice.columns;
      return [pointKey(lattice, point), lattice.xs[column] as number, lattice.ys[(point - column) / lattice.columns] as number];
    }
    const below = fudge(value, low) < low;
    return [(below ? 0 : edgeCount) + edge, ...crossingPoint(lattice, edge, below ? low : high)];
  };
  const [fromKey, x0, y0] = end(a, valueA, inA);
  const [toKey, x1, y1] = end(b, valueB, inB);
  out.fromKeys.push(fromKey);
  out.toKeys.push(toKey);
  out.coordinates.push(x0, y0, x1, y1);
}

/**
 * Walks the boundary of the valid region (the raster border, and the squares next to nodata) with the valid side
 * on the left: top edges rightwards, right edges downwards, bottom edges leftwards, left edges upwards.
 */
function appendBoundary(lattice: ContourLattice, low: number, high: number, out: ContourSegments): void {
  const { columns, rows } = lattice;
  const valid = (row: number, column: number): boolean =>
    row >= 0 && column >= 0 && row + 1 < rows && column + 1 < columns && isValidSquare(lattice, row * columns + column);
  for (let row = 0; row + 1 < rows; row += 1) {
    for (let column = 0; column + 1 < columns; column += 1) {
      if (!valid(row, column)) continue;
      const point = row * columns + column;
      if (!valid(row - 1, column)) appendBorderPiece(lattice, point, point + 1, 2 * point, low, high, out);
      if (!valid(row, column + 1)) appendBorderPiece(lattice, point + 1, point + columns + 1, 2 * (point + 1) + 1, low, high, out);
      if (!valid(row + 1, column)) appendBorderPiece(lattice, point + columns + 1, point + columns, 2 * (point + columns), low, high, out);
      if (!valid(row, column - 1)) appendBorderPiece(lattice, point + columns, point, 2 * point + 1, low, high, out);
    }
  }
}

function signedArea(coordinates: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index + 3 < coordinates.length; index += 2) {
    sum +=
      (coordinates[index] as number) * (coordinates[index + 3] as number) -
      (coordinates[index + 2] as number) * (coordinates[index + 1] as number);
  }
  return sum / 2;
}

/** Drops repeated consecutive points (zero-length pieces where a crossing falls on a lattice point). */
function withoutRepeats(coordinates: readonly number[]): number[] {
  const out: number[] = [];
  for (let index = 0; index < coordinates.length; index += 2) {
    const x = coordinates[index] as number;
    const y = coordinates[index + 1] as number;
    if (out.length === 0 || out[out.length - 2] !== x || out[out.length - 1] !== y) out.push(x, y);
  }
  return out;
}

/**
 * The rings bounding the band `low ≤ value < high` (either bound may be infinite): the segments of `low` (band on
 * their left), of `high` (reversed) and the in-band pieces of the valid region's boundary, chained into closed
 * rings. Outer rings have a positive area in pixel coordinates, holes a negative one.
 */
export function bandRings(lattice: ContourLattice, low: number, high: number, saddles: SaddleRule = 'centre-mean'): BandRing[] {
  const segments = createSegments();
  if (Number.isFinite(low)) appendLevelSegments(lattice, low, 0, false, segments, saddles);
  if (Number.isFinite(high)) appendLevelSegments(lattice, high, 1, true, segments, saddles);
  appendBoundary(lattice, low, high, segments);
  const rings: BandRing[] = [];
  for (const line of chainSegments(segments)) {
    const coordinates = withoutRepeats(line.coordinates);
    const area = signedArea(coordinates);
    // Slivers between two levels closer than the tolerance have no area: drop them rather than emit invalid rings.
    if (coordinates.length < 8 || Math.abs(area) < 1e-12) continue;
    rings.push({ coordinates, area });
  }
  return rings;
}
