import { isValidSquare, type ContourLattice } from './contour-lattice.js';

/**
 * Directed segments in pixel coordinates, each end identified by a key so that chaining is exact: a crossing of
 * the level on lattice edge `e` has key `slot · edgeCount + e` (edges: 2·point for the edge to the right of a
 * lattice point, 2·point + 1 for the edge below it); a lattice point `p` has key `pointKeyBase + p`.
 */
export interface ContourSegments {
  readonly fromKeys: number[];
  readonly toKeys: number[];
  /** x0, y0, x1, y1 per segment. */
  readonly coordinates: number[];
}

/** Values closer to a level than this are moved up by it (GDAL's `fudge`), so no crossing falls on a lattice point. */
export const LEVEL_TOLERANCE = 1e-6;

/** A value as seen against `level`: within {@link LEVEL_TOLERANCE} of it, nudged above it as GDAL does. */
export function fudge(value: number, level: number): number {
  return Math.abs(level - value) < LEVEL_TOLERANCE ? value + LEVEL_TOLERANCE : value;
}

/** How a saddle square (two opposite corners above the level) is split. */
export type SaddleRule = 'centre-mean' | 'gdal';

export function createSegments(): ContourSegments {
  return { fromKeys: [], toKeys: [], coordinates: [] };
}

/** Key of a lattice point, after every crossing key of two level slots. */
export function pointKey(lattice: ContourLattice, point: number): number {
  return 4 * lattice.columns * lattice.rows + point;
}

/** Square edges (0 top, 1 right, 2 bottom, 3 left) joined by the level, per corner code (TL 1, TR 2, BR 4, BL 8). */
const SINGLE: readonly (readonly [number, number] | null)[] = [
  null,
  [3, 0],
  [0, 1],
  [3, 1],
  [1, 2],
  null,
  [0, 2],
  [3, 2],
  [2, 3],
  [2, 0],
  null,
  [2, 1],
  [1, 3],
  [1, 0],
  [0, 3],
  null,
];

/**
 * The crossing of `level` on a lattice edge, linearly interpolated between its two end points (`a` above or equal,
 * `b` below, or the reverse).
 */
export function crossingPoint(lattice: ContourLattice, edge: number, level: number): [number, number] {
  const point = edge >> 1;
  const other = (edge & 1) === 0 ? point + 1 : point + lattice.columns;
  const a = fudge(lattice.values[point] as number, level);
  const t = (level - a) / (fudge(lattice.values[other] as number, level) - a);
  const column = point % lattice.columns;
  const row = (point - column) / lattice.columns;
  const x0 = lattice.xs[column] as number;
  const y0 = lattice.ys[row] as number;
  if ((edge & 1) === 0) return [x0 + t * ((lattice.xs[column + 1] as number) - x0), y0];
  return [x0, y0 + t * ((lattice.ys[row + 1] as number) - y0)];
}

/**
 * Appends the segments of `level` over every valid square (all four corners valid), oriented so that the side
 * where values are ≥ level lies to the left in pixel coordinates (positive cross product) — or to the right when
 * `reverse`. Saddles (two opposite corners above) join through the centre when the mean of the four corners is ≥
 * level (`centre-mean`), or the top-left–bottom-right diagonal is always joined (`gdal`, what gdal_contour 3.6
 * draws). One function for the square loop: it is the hot path.
 */
export function appendLevelSegments(
  lattice: ContourLattice,
  level: number,
  slot: number,
  reverse: boolean,
  out: ContourSegments,
  saddles: SaddleRule = 'centre-mean',
): void {
  const { columns, rows, values } = lattice;
  const edgeCount = 2 * columns * rows;
  const edges = [0, 0, 0, 0];
  for (let row = 0; row + 1 < rows; row += 1) {
    for (let column = 0; column + 1 < columns; column += 1) {
      const point = row * columns + column;
      const tl = fudge(values[point] as number, level);
      const tr = fudge(values[point + 1] as number, level);
      const br = fudge(values[point + columns + 1] as number, level);
      const bl = fudge(values[point + columns] as number, level);
      const code = (tl >= level ? 1 : 0) | (tr >= level ? 2 : 0) | (br >= level ? 4 : 0) | (bl >= level ? 8 : 0);
      if (code === 0 || code === 15 || !isValidSquare(lattice, point)) continue;
      edges[0] = 2 * point;
      edges[1] = 2 * (point + 1) + 1;
      edges[2] = 2 * (point + columns);
      edges[3] = 2 * point + 1;
      if (code === 5 || code === 10) {
        // 'gdal': gdal_contour 3.6 always joins the top-left and bottom-right corners (measured, see the tests).
        const centreAbove = saddles === 'gdal' ? code === 5 : (tl + tr + br + bl) / 4 >= level;
        // Each chord cuts one corner off: with the centre above, the below corners are cut off, and vice versa.
        const pairs =
          (code === 5) === centreAbove
            ? [
                [0, 1],
                [2, 3],
              ]
            : [
                [3, 0],
                [1, 2],
              ];
        for (const [first, second] of pairs)
          appendChord(lattice, level, slot, edgeCount, edges, first as number, second as number, code, reverse, out);
      } else {
        const pair = SINGLE[code] as readonly [number, number];
        appendChord(lattice, level, slot, edgeCount, edges, pair[0], pair[1], code, reverse, out);
      }
    }
  }
}

/** Square corner positions (0 TL, 1 TR, 2 BR, 3 BL) relative to the top-left lattice point. */
const CORNER_OFFSETS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

function appendChord(
  lattice: ContourLattice,
  level: number,
  slot: number,
  edgeCount: number,
  edges: readonly number[],
  first: number,
  second: number,
  code: number,
  reverse: boolean,
  out: ContourSegments,
): void {
  const [x0, y0] = crossingPoint(lattice, edges[first] as number, level);
  const [x1, y1] = crossingPoint(lattice, edges[second] as number, level);
  // A corner off the chord tells its side: the corner just after edge `first` going clockwise (TL→TR→BR→BL) lies
  // on one side, the one after `second` on the other; take the farther one (a value equal to the level puts the
  // crossing on a corner).
  const topLeft = (edges[0] as number) >> 1;
  const column = topLeft % lattice.columns;
  const row = (topLeft - column) / lattice.columns;
  let best = 0;
  let bestCorner = 0;
  for (const corner of [(first + 1) % 4, (second + 1) % 4]) {
    const [dx, dy] = CORNER_OFFSETS[corner] as [number, number];
    const cross = (x1 - x0) * ((lattice.ys[row + dy] as number) - y0) - (y1 - y0) * ((lattice.xs[column + dx] as number) - x0);
    if (Math.abs(cross) > Math.abs(best)) {
      best = cross;
      bestCorner = corner;
    }
  }
  const cornerAbove = (code & (1 << bestCorner)) !== 0;
  const forward = (best > 0 === cornerAbove) !== reverse;
  const fromKey = slot * edgeCount + (edges[forward ? first : second] as number);
  const toKey = slot * edgeCount + (edges[forward ? second : first] as number);
  out.fromKeys.push(fromKey);
  out.toKeys.push(toKey);
  if (forward) out.coordinates.push(x0, y0, x1, y1);
  else out.coordinates.push(x1, y1, x0, y0);
}
