import { JumeauError, throwIfAborted } from '@jumeau/core';
import type { DrapeImage } from '../layers/grid-surface-layer.js';
import type { SurfaceMesh } from '../mesh/grid-mesh.js';
import { EARTH_RADIUS_METRES, lonLatToMercatorMetres } from '../mesh/web-mercator.js';

/**
 * The part of a terrain mesh a tile covers: the triangles whose texture coordinates (into the tile, from the
 * reprojected vertices) reach [0, 1]², with those coordinates; null when none does. Triangles across the
 * tile's edge are kept by both tiles and each draws only its side (the shader's `clipImage`).
 *
 * @example
 * const mesh = tileSurfaceMesh(terrain, imageTextureCoordinates(terrain.planar, dem.crs, tileBounds, 2154));
 */
export function tileSurfaceMesh(terrain: SurfaceMesh, texCoords: Float32Array): SurfaceMesh | null {
  const source = terrain.indices;
  const kept = new Uint32Array(source.length);
  let count = 0;
  for (let triangle = 0; triangle < source.length; triangle += 3) {
    let minimumU = Number.POSITIVE_INFINITY;
    let maximumU = Number.NEGATIVE_INFINITY;
    let minimumV = Number.POSITIVE_INFINITY;
    let maximumV = Number.NEGATIVE_INFINITY;
    for (let corner = 0; corner < 3; corner += 1) {
      const vertex = source[triangle + corner] as number;
      const u = texCoords[vertex * 2] as number;
      const v = texCoords[vertex * 2 + 1] as number;
      minimumU = Math.min(minimumU, u);
      maximumU = Math.max(maximumU, u);
      minimumV = Math.min(minimumV, v);
      maximumV = Math.max(maximumV, v);
    }
    if (maximumU < 0 || minimumU >= 1 || maximumV < 0 || minimumV >= 1) continue;
    kept[count] = source[triangle] as number;
    kept[count + 1] = source[triangle + 1] as number;
    kept[count + 2] = source[triangle + 2] as number;
    count += 3;
  }
  if (count === 0) return null;
  return { positions: terrain.positions, texCoords, indices: kept.slice(0, count), maximumErrorMetres: terrain.maximumErrorMetres };
}

/**
 * Texture coordinates into the Web Mercator (`PM`, XYZ) tile (x, y, z) of vertices given as interleaved
 * longitude, latitude, height: exact Mercator of each vertex (u east, v south from the tile's top-left).
 *
 * @example
 * const texCoords = webMercatorTileTextureCoordinates(terrain.positions, 8104, 5866, 14);
 */
export function webMercatorTileTextureCoordinates(positions: Float64Array, x: number, y: number, z: number): Float32Array {
  const count = positions.length / 3;
  const tileSizeMetres = (2 * Math.PI * EARTH_RADIUS_METRES) / 2 ** z;
  const left = -Math.PI * EARTH_RADIUS_METRES + x * tileSizeMetres;
  const top = Math.PI * EARTH_RADIUS_METRES - y * tileSizeMetres;
  const mercator = new Float64Array(2);
  const texCoords = new Float32Array(count * 2);
  for (let vertex = 0; vertex < count; vertex += 1) {
    lonLatToMercatorMetres(positions[vertex * 3] as number, positions[vertex * 3 + 1] as number, mercator, 0);
    texCoords[vertex * 2] = ((mercator[0] as number) - left) / tileSizeMetres;
    texCoords[vertex * 2 + 1] = (top - (mercator[1] as number)) / tileSizeMetres;
  }
  return texCoords;
}

/**
 * Fetches a tile image (PNG, JPEG, WebP) and decodes it to RGBA, row 0 at the top. An HTTP error is a
 * `JumeauError('http')` naming the URL and status; an abort is `aborted`.
 *
 * @example
 * const image = await fetchTileImage('http://localhost:5173/tiles/16/452/6660.png', signal);
 */
export async function fetchTileImage(url: string, signal?: AbortSignal): Promise<DrapeImage> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throwIfAborted(signal);
    throw new JumeauError('network', `Cannot fetch the tile ${url}`, { details: { url }, cause: error });
  }
  if (!response.ok)
    throw new JumeauError('http', `Tile ${url} answered HTTP ${response.status}`, { details: { url, status: response.status } });
  const bitmap = await createImageBitmap(await response.blob());
  throwIfAborted(signal);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new JumeauError('unsupported', 'No 2D canvas to decode tiles');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  return { data: new Uint8Array(pixels.data.buffer), width: pixels.width, height: pixels.height };
}
