import { type Grid, JumeauError, isNodata } from '@jumeau/core';
import { createCoordinateTransformer } from '../lib/project.js';
import type { SurfaceMesh } from './grid-mesh.js';
import { rtinErrors, rtinMesh } from './rtin.js';
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

/**
 * An error-bounded terrain mesh of a DEM in any CRS: an RTIN simplification as Martini's (vertical error ≤
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
  const terrain = paddedTerrain(dem, size, 0);
  const { columnBreaks, rowBreaks, maximumErrorMetres: placementErrorMetres } = subdivideGrid(dem, maximumPlacementErrorMetres);
  const smallestBlock = Math.min(
    ...[columnBreaks, rowBreaks].flatMap((breaks) => breaks.slice(1).map((value, index) => value - (breaks[index] as number))),
  );
  // Triangles whose hypotenuse is longer than the smallest block of the placement bound are always split.
  const errors = rtinErrors(terrain, size, Math.max(smallestBlock, 2));
  const { vertices, triangles } = rtinMesh(errors, size, maximumErrorMetres);
  return { ...assembleTerrainMesh(dem, terrain, vertices, triangles, size), maximumErrorMetres: placementErrorMetres };
}

function assembleTerrainMesh(
  dem: Grid,
  terrain: Float32Array,
  vertices: Uint16Array,
  triangles: Uint32Array,
  size: number,
): Omit<TerrainMesh, 'maximumErrorMetres'> {
  const count = vertices.length / 2;
  const planar = new Float64Array(count * 2);
  const texCoords = new Float32Array(count * 2);
  const heights = new Float64Array(count);
  const t = dem.transform;
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
