import type { GeoTransform } from '@jumeau/core';
import { createCoordinateTransformer } from '../lib/project.js';
import { groundMetresPerMercatorMetre, lonLatToMercatorMetres } from './web-mercator.js';

/** A tensor-product subdivision of a grid: the cell-boundary indices where mesh vertices are placed. */
export interface GridSubdivision {
  /** Increasing column boundaries, from 0 to the grid width. */
  readonly columnBreaks: readonly number[];
  /** Increasing row boundaries, from 0 to the grid height. */
  readonly rowBreaks: readonly number[];
  /** Largest placement error found at the check points, in ground metres. */
  readonly maximumErrorMetres: number;
}

/** The geometry a subdivision needs: size, transform and CRS of a grid. */
export interface GridFrame {
  readonly width: number;
  readonly height: number;
  readonly transform: GeoTransform;
  readonly crs: number;
}

/** Check points inside a block, as fractions of its sides (corners excluded: they are exact). */
const SAMPLES = [0, 0.25, 0.5, 0.75, 1];

type ProjectCorner = (column: number, row: number, output: Float64Array, offset: number) => void;

function cornerProjector(frame: GridFrame): ProjectCorner {
  const transformer = createCoordinateTransformer(frame.crs, 4326);
  const point = new Float64Array(2);
  const t = frame.transform;
  return (column, row, output, offset) => {
    point[0] = t[0] + column * t[1] + row * t[2];
    point[1] = t[3] + column * t[4] + row * t[5];
    transformer(point);
    lonLatToMercatorMetres(point[0] as number, point[1] as number, output, offset);
    output[offset + 2] = point[1] as number;
  };
}

/**
 * Largest distance, in ground metres, between the true position of points of a block and their position on
 * the two triangles (split along the top-left → bottom-right diagonal) the GPU interpolates linearly.
 */
function blockError(project: ProjectCorner, column0: number, column1: number, row0: number, row1: number): number {
  const corners = new Float64Array(12);
  project(column0, row0, corners, 0);
  project(column1, row0, corners, 3);
  project(column0, row1, corners, 6);
  project(column1, row1, corners, 9);
  const truth = new Float64Array(3);
  let maximum = 0;
  for (const s of SAMPLES) {
    for (const t of SAMPLES) {
      if ((s === 0 || s === 1) && (t === 0 || t === 1)) continue;
      project(column0 + s * (column1 - column0), row0 + t * (row1 - row0), truth, 0);
      // Upper triangle (top-left, top-right, bottom-right) when s ≥ t, else lower (top-left, bottom-right, bottom-left).
      for (let axis = 0; axis < 2; axis += 1) {
        const topLeft = corners[axis] as number;
        const bottomRight = corners[9 + axis] as number;
        const other = s >= t ? (corners[3 + axis] as number) : (corners[6 + axis] as number);
        const linear =
          s >= t
            ? topLeft + s * (other - topLeft) + t * (bottomRight - other)
            : topLeft + t * (other - topLeft) + s * (bottomRight - other);
        truth[axis] = (truth[axis] as number) - linear;
      }
      const errorMetres = Math.hypot(truth[0] as number, truth[1] as number) * groundMetresPerMercatorMetre(truth[2] as number);
      maximum = Math.max(maximum, errorMetres);
    }
  }
  return maximum;
}

function splitMarked(breaks: number[], marked: ReadonlySet<number>): number[] {
  const next: number[] = [];
  for (let index = 0; index < breaks.length - 1; index += 1) {
    const start = breaks[index] as number;
    const end = breaks[index + 1] as number;
    next.push(start);
    if (marked.has(index) && end - start > 1) next.push(Math.floor((start + end) / 2));
  }
  next.push(breaks[breaks.length - 1] as number);
  return next;
}

/**
 * Chooses where to put mesh vertices on a grid so that, once each vertex is reprojected exactly and the GPU
 * interpolates linearly between them in Web Mercator, no point of the grid is drawn farther than
 * `maximumErrorMetres` (ground metres) from where the exact projection puts it. Refines adaptively: only the
 * column and row intervals whose blocks exceed the bound are halved, until every block passes (or is one cell).
 * The mesh is a tensor product, so it has no T-junctions and no cracks.
 *
 * @example
 * const { columnBreaks, rowBreaks } = subdivideGrid(dem, 0.25);
 * // Oléron 631 × 906 cells in Lambert-93 → a few dozen vertices per side instead of 632 × 907
 */
export function subdivideGrid(frame: GridFrame, maximumErrorMetres: number): GridSubdivision {
  const project = cornerProjector(frame);
  let columnBreaks = [0, frame.width];
  let rowBreaks = [0, frame.height];
  for (;;) {
    const columnsToSplit = new Set<number>();
    const rowsToSplit = new Set<number>();
    let maximum = 0;
    for (let i = 0; i < columnBreaks.length - 1; i += 1) {
      for (let j = 0; j < rowBreaks.length - 1; j += 1) {
        const c0 = columnBreaks[i] as number;
        const c1 = columnBreaks[i + 1] as number;
        const r0 = rowBreaks[j] as number;
        const r1 = rowBreaks[j + 1] as number;
        const error = blockError(project, c0, c1, r0, r1);
        maximum = Math.max(maximum, error);
        if (error <= maximumErrorMetres) continue;
        if (c1 - c0 > 1) columnsToSplit.add(i);
        if (r1 - r0 > 1) rowsToSplit.add(j);
      }
    }
    if (columnsToSplit.size === 0 && rowsToSplit.size === 0) return { columnBreaks, rowBreaks, maximumErrorMetres: maximum };
    columnBreaks = splitMarked(columnBreaks, columnsToSplit);
    rowBreaks = splitMarked(rowBreaks, rowsToSplit);
  }
}

/** Merges subdivision breaks with a regular step (every `stepCells` cells), e.g. for a mesh that carries elevation. */
export function mergeBreaks(breaks: readonly number[], size: number, stepCells: number): number[] {
  const merged = new Set(breaks);
  for (let index = 0; index < size; index += stepCells) merged.add(index);
  merged.add(size);
  return [...merged].sort((a, b) => a - b);
}
