/// <reference path="../lib/martini.d.ts" />
import { type Grid, JumeauError, isNodata } from '@jumeau/core';
import Martini from '@mapbox/martini';
import { createCoordinateTransformer } from '../lib/project.js';
import type { SurfaceMesh } from './grid-mesh.js';
import { subdivideGrid } from './subdivide.js';

/** A terrain mesh, plus each vertex's position in the DEM's CRS (to compute drape texture coordinates). */
export interface TerrainMesh extends SurfaceMesh {
  /** Interleaved x, y of each vertex in the DEM's CRS (metres or degrees). */
  readonly planar: Float64Array;
}

/** Options of {@link createTerrainMesh}. */
export interface TerrainMeshOptions {
  /** Largest vertical error of the simplified surface, in metres (Martini's bound; default 1 m). */
  readonly maximumErrorMetres?: number;
  /** Largest horizontal placement error from linear interpolation of the reprojection, ground metres (default 0.5). */
  readonly maximumPlacementErrorMetres?: number;
}

/** The DEM's values (cell centres) on a (2^k+1)² grid, edges replicated into the padding, nodata → `fillMetres`. */
function paddedTerrain(dem: Grid, size: number, fillMetres: number): Float32Array {
  const terrain = new Float32Array(size * size);
  for (let y = 0; y < size; y += 1) {
    const row = Math.min(y, dem.height - 1);
    for (let x = 0; x < size; x += 1) {
      const value = dem.data[row * dem.width + Math.min(x, dem.width - 1)] as number;
      terrain[y * size + x] = isNodata(value, dem.nodata) ? fillMetres : value;
    }
  }
  return terrain;
}

/** Forces Martini to split every triangle whose hypotenuse exceeds `maximumCells`, so reprojection stays linear enough. */
function forceSplitLongTriangles(martini: Martini, errors: Float32Array, maximumCells: number): void {
  const { coords, numTriangles, gridSize } = martini;
  for (let triangle = 0; triangle < numTriangles; triangle += 1) {
    const k = triangle * 4;
    const ax = coords[k] as number;
    const ay = coords[k + 1] as number;
    const bx = coords[k + 2] as number;
    const by = coords[k + 3] as number;
    if (Math.hypot(bx - ax, by - ay) <= maximumCells) continue;
    errors[((ay + by) >> 1) * gridSize + ((ax + bx) >> 1)] = Number.POSITIVE_INFINITY;
  }
}

/**
 * An error-bounded terrain mesh of a DEM in any CRS: Martini's RTIN simplification (vertical error ≤
 * `maximumErrorMetres`) over the cell centres, with triangles also kept small enough that the linear
 * interpolation of the exact reprojection stays within `maximumPlacementErrorMetres`. Vertices are in
 * longitude/latitude and metres; texture coordinates index the DEM's cells (u = (column + 0.5) / width).
 *
 * @example
 * const mesh = createTerrainMesh(dem, { maximumErrorMetres: 0.5 });
 * mesh.indices.length / 3; // triangles, far fewer than 2 × cells
 */
export function createTerrainMesh(dem: Grid, options: TerrainMeshOptions = {}): TerrainMesh {
  const { maximumErrorMetres = 1, maximumPlacementErrorMetres = 0.5 } = options;
  if (!(maximumErrorMetres >= 0) || !(maximumPlacementErrorMetres > 0)) {
    throw new JumeauError(
      'input',
      `Terrain error bounds must be ≥ 0 m and > 0 m, got ${maximumErrorMetres} and ${maximumPlacementErrorMetres}`,
      {
        details: { maximumErrorMetres, maximumPlacementErrorMetres },
      },
    );
  }
  const size = 2 ** Math.ceil(Math.log2(Math.max(dem.width, dem.height, 2) - 1)) + 1;
  const martini = new Martini(size);
  const tile = martini.createTile(paddedTerrain(dem, size, 0));
  const { columnBreaks, rowBreaks, maximumErrorMetres: placementErrorMetres } = subdivideGrid(dem, maximumPlacementErrorMetres);
  const smallestBlock = Math.min(
    ...[columnBreaks, rowBreaks].flatMap((breaks) => breaks.slice(1).map((value, index) => value - (breaks[index] as number))),
  );
  forceSplitLongTriangles(martini, tile.errors, Math.max(smallestBlock, 2));
  const { vertices, triangles } = tile.getMesh(maximumErrorMetres);
  return { ...assembleTerrainMesh(dem, vertices, triangles, size), maximumErrorMetres: placementErrorMetres };
}

function assembleTerrainMesh(
  dem: Grid,
  vertices: Uint16Array,
  triangles: Uint32Array,
  size: number,
): Omit<TerrainMesh, 'maximumErrorMetres'> {
  const count = vertices.length / 2;
  const planar = new Float64Array(count * 2);
  const texCoords = new Float32Array(count * 2);
  const heights = new Float64Array(count);
  const t = dem.transform;
  const terrain = paddedTerrain(dem, size, 0);
  for (let vertex = 0; vertex < count; vertex += 1) {
    // Vertices in the padding are clamped onto the DEM's last row/column of cell centres.
    const column = Math.min(vertices[vertex * 2] as number, dem.width - 1) + 0.5;
    const row = Math.min(vertices[vertex * 2 + 1] as number, dem.height - 1) + 0.5;
    planar[vertex * 2] = t[0] + column * t[1] + row * t[2];
    planar[vertex * 2 + 1] = t[3] + column * t[4] + row * t[5];
    texCoords[vertex * 2] = column / dem.width;
    texCoords[vertex * 2 + 1] = row / dem.height;
    heights[vertex] = terrain[(vertices[vertex * 2 + 1] as number) * size + (vertices[vertex * 2] as number)] as number;
  }
  const lonLat = createCoordinateTransformer(dem.crs, 4326)(Float64Array.from(planar));
  const positions = new Float64Array(count * 3);
  for (let vertex = 0; vertex < count; vertex += 1) {
    positions.set([lonLat[vertex * 2] as number, lonLat[vertex * 2 + 1] as number, heights[vertex] as number], vertex * 3);
  }
  return { positions, texCoords, indices: triangles, planar };
}
