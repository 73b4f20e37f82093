import { type Grid, JumeauError, isNodata } from '@jumeau/core';
import { createCoordinateTransformer } from '../lib/project.js';
import { type GridFrame, mergeBreaks, subdivideGrid } from './subdivide.js';

/** A triangle mesh ready for the GPU: positions in longitude/latitude degrees and metres, texture coordinates. */
export interface SurfaceMesh {
  /** Interleaved (longitude °, latitude °, elevation m) per vertex. */
  readonly positions: Float64Array;
  /** Interleaved (u, v) per vertex in [0, 1]: column / width, row / height of the source grid (v = 0 at row 0). */
  readonly texCoords: Float32Array;
  /** Three vertex indices per triangle. */
  readonly indices: Uint32Array;
  /** Largest placement error found while subdividing, in ground metres (0 when every cell corner is a vertex). */
  readonly maximumErrorMetres: number;
}

/** Options of {@link createGridMesh}. */
export interface GridMeshOptions {
  /** Placement error bound in ground metres (default 0.25 m, under one pixel up to zoom 18). */
  readonly maximumErrorMetres?: number;
  /** Heights in metres on the same grid: vertices then sit on every `elevationStepCells`-th cell corner. */
  readonly elevation?: Grid | null;
  /** Spacing of elevation vertices, in cells (default 1: every cell corner). */
  readonly elevationStepCells?: number;
}

/** Height of a cell corner: the mean of the valid cells that touch it, or 0 when none is valid. */
export function cornerElevation(grid: Grid, column: number, row: number): number {
  let sum = 0;
  let count = 0;
  for (let r = row - 1; r <= row; r += 1) {
    if (r < 0 || r >= grid.height) continue;
    for (let c = column - 1; c <= column; c += 1) {
      if (c < 0 || c >= grid.width) continue;
      const value = grid.data[r * grid.width + c] as number;
      if (isNodata(value, grid.nodata)) continue;
      sum += value;
      count += 1;
    }
  }
  return count === 0 ? 0 : sum / count;
}

function checkElevation(frame: GridFrame, elevation: Grid): void {
  if (elevation.width !== frame.width || elevation.height !== frame.height || elevation.crs !== frame.crs) {
    throw new JumeauError(
      'input',
      `The elevation grid (${elevation.width}×${elevation.height}, EPSG:${elevation.crs}) must have the size and CRS of the grid drawn (${frame.width}×${frame.height}, EPSG:${frame.crs})`,
      { details: { elevation: [elevation.width, elevation.height, elevation.crs], grid: [frame.width, frame.height, frame.crs] } },
    );
  }
}

/** Builds the positions, texture coordinates and triangles of the lattice `columnBreaks × rowBreaks`. */
export function createLatticeMesh(
  frame: GridFrame,
  columnBreaks: readonly number[],
  rowBreaks: readonly number[],
  heightAt: (column: number, row: number) => number,
): Omit<SurfaceMesh, 'maximumErrorMetres'> {
  const columns = columnBreaks.length;
  const rows = rowBreaks.length;
  const planar = new Float64Array(columns * rows * 2);
  const texCoords = new Float32Array(columns * rows * 2);
  const t = frame.transform;
  for (let j = 0; j < rows; j += 1) {
    const row = rowBreaks[j] as number;
    for (let i = 0; i < columns; i += 1) {
      const column = columnBreaks[i] as number;
      const vertex = j * columns + i;
      planar[vertex * 2] = t[0] + column * t[1] + row * t[2];
      planar[vertex * 2 + 1] = t[3] + column * t[4] + row * t[5];
      texCoords[vertex * 2] = column / frame.width;
      texCoords[vertex * 2 + 1] = row / frame.height;
    }
  }
  createCoordinateTransformer(frame.crs, 4326)(planar);
  const positions = new Float64Array(columns * rows * 3);
  for (let vertex = 0; vertex < columns * rows; vertex += 1) {
    positions[vertex * 3] = planar[vertex * 2] as number;
    positions[vertex * 3 + 1] = planar[vertex * 2 + 1] as number;
    positions[vertex * 3 + 2] = heightAt(columnBreaks[vertex % columns] as number, rowBreaks[Math.floor(vertex / columns)] as number);
  }
  return { positions, texCoords, indices: latticeIndices(columns, rows) };
}

/** Two triangles per lattice block, split along the top-left → bottom-right diagonal (as `subdivideGrid` assumes). */
export function latticeIndices(columns: number, rows: number): Uint32Array {
  const indices = new Uint32Array((columns - 1) * (rows - 1) * 6);
  let cursor = 0;
  for (let j = 0; j < rows - 1; j += 1) {
    for (let i = 0; i < columns - 1; i += 1) {
      const topLeft = j * columns + i;
      const topRight = topLeft + 1;
      const bottomLeft = topLeft + columns;
      const bottomRight = bottomLeft + 1;
      indices.set([topLeft, topRight, bottomRight, topLeft, bottomRight, bottomLeft], cursor);
      cursor += 6;
    }
  }
  return indices;
}

/**
 * The mesh of a grid in any CRS: vertices on cell corners chosen by {@link subdivideGrid} (placement error
 * ≤ `maximumErrorMetres`), reprojected exactly to longitude/latitude; with `elevation`, also on every
 * `elevationStepCells`-th corner, at the mean height of the cells around it.
 *
 * @example
 * const mesh = createGridMesh(depthGrid, { maximumErrorMetres: 0.25 });
 * mesh.indices.length / 3; // triangles
 */
export function createGridMesh(frame: GridFrame, options: GridMeshOptions = {}): SurfaceMesh {
  const { maximumErrorMetres = 0.25, elevation = null, elevationStepCells = 1 } = options;
  if (!(maximumErrorMetres > 0)) {
    throw new JumeauError('input', `maximumErrorMetres must be > 0, got ${maximumErrorMetres}`, { details: { maximumErrorMetres } });
  }
  if (!Number.isInteger(elevationStepCells) || elevationStepCells < 1) {
    throw new JumeauError('input', `elevationStepCells must be an integer ≥ 1, got ${elevationStepCells}`, {
      details: { elevationStepCells },
    });
  }
  const subdivision = subdivideGrid(frame, maximumErrorMetres);
  let { columnBreaks, rowBreaks } = subdivision;
  if (elevation) {
    checkElevation(frame, elevation);
    columnBreaks = mergeBreaks(columnBreaks, frame.width, elevationStepCells);
    rowBreaks = mergeBreaks(rowBreaks, frame.height, elevationStepCells);
  }
  const heightAt = elevation ? (column: number, row: number) => cornerElevation(elevation, column, row) : () => 0;
  return { ...createLatticeMesh(frame, columnBreaks, rowBreaks, heightAt), maximumErrorMetres: subdivision.maximumErrorMetres };
}
