/**
 * The optional "fond IGN (en ligne)": an orthophoto of the DEM's extent from the Géoplateforme's public WMS-R
 * (no key), decoded to RGBA and draped on the terrain. Off by default; the end-to-end test drapes a stand-in image
 * routed for data.geopf.fr (no test reaches the internet).
 */
import { type Grid, JumeauError, gridBounds } from '@jumeau/core';
import type { BoundedDrapeImage } from '@jumeau/layers';

/** The Géoplateforme raster WMS endpoint (public, no key). */
export const GEOPLATEFORME_WMS_URL = 'https://data.geopf.fr/wms-r/wms';

/**
 * The GetMap URL of the orthophoto over a DEM, in the DEM's CRS, at most `maximumPixels` on the long side.
 *
 * @example
 * ```ts
 * orthophotoUrl(dem) // https://data.geopf.fr/wms-r/wms?SERVICE=WMS&…&CRS=EPSG:2154&BBOX=…
 * ```
 */
export function orthophotoUrl(dem: Grid, maximumPixels = 2048): { url: string; width: number; height: number } {
  const [minX, minY, maxX, maxY] = gridBounds(dem);
  const scale = maximumPixels / Math.max(maxX - minX, maxY - minY);
  const width = Math.round((maxX - minX) * scale);
  const height = Math.round((maxY - minY) * scale);
  const query = new URLSearchParams({
    SERVICE: 'WMS',
    VERSION: '1.3.0',
    REQUEST: 'GetMap',
    LAYERS: 'ORTHOIMAGERY.ORTHOPHOTOS',
    STYLES: '',
    CRS: `EPSG:${dem.crs}`,
    BBOX: [minX, minY, maxX, maxY].join(','),
    WIDTH: String(width),
    HEIGHT: String(height),
    FORMAT: 'image/jpeg',
  });
  return { url: `${GEOPLATEFORME_WMS_URL}?${query}`, width, height };
}

/**
 * Fetches and decodes the orthophoto over the DEM.
 *
 * @example
 * ```ts
 * view.setDrape(await fetchOrthophoto(dem))
 * ```
 */
export async function fetchOrthophoto(dem: Grid, signal?: AbortSignal): Promise<BoundedDrapeImage> {
  const { url, width, height } = orthophotoUrl(dem);
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok) throw new JumeauError('http', `Fond IGN : HTTP ${response.status}`, { details: { url } });
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new JumeauError('unsupported', 'Fond IGN : pas de contexte 2D');
  context.drawImage(bitmap, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height).data;
  return {
    data: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength),
    width,
    height,
    bounds: gridBounds(dem),
    crs: dem.crs,
  };
}
