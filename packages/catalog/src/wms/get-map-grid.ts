import { assertCellCount, createGrid, JumeauError, parseCrs, validate, type Grid } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { responseText } from '../http/parse.js';
import { decodeGeoTiffGrid } from './decode-geotiff.js';

/** What to ask a WMS for. */
export interface WmsGridRequest {
  /** Layer name, e.g. `ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES` (discover it from the capabilities). */
  readonly layer: string;
  /** `[minX, minY, maxX, maxY]` in `crs`, easting/northing (longitude/latitude for EPSG:4326). */
  readonly bbox: readonly [number, number, number, number];
  /** CRS of the bbox and the grid, e.g. `EPSG:2154`. */
  readonly crs: string;
  readonly widthPixels: number;
  readonly heightPixels: number;
  /** Style (default empty: the layer's default). */
  readonly style?: string;
  /** Value the server writes where it has no data, if the GeoTIFF does not say (the Géoplateforme: −99999). */
  readonly nodata?: number;
  readonly units?: string;
  readonly verticalDatum?: string;
  readonly signal?: AbortSignal;
}

const requestSchema = z.object({
  layer: z.string().min(1),
  bbox: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .refine(([a, b, c, d]) => a < c && b < d, 'bbox must be [minX, minY, maxX, maxY] with min < max'),
  widthPixels: z.number().int().positive(),
  heightPixels: z.number().int().positive(),
});

/**
 * WMS 1.3.0 `GetMap` in `image/geotiff` decoded into a core {@link Grid} (float values, not a picture): the way
 * to read elevation or any raster of the Géoplateforme WMS-Raster at a chosen size. The size is checked
 * against the configured cell limit before anything is requested.
 *
 * @example
 * ```ts
 * const dem = await fetchWmsGrid(http, 'https://data.geopf.fr/wms-r/wms', {
 *   layer: 'ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES', crs: 'EPSG:2154',
 *   bbox: [370000, 6530000, 380000, 6540000], widthPixels: 500, heightPixels: 500, nodata: -99999,
 * })
 * ```
 */
export async function fetchWmsGrid(http: HttpClient, endpoint: string, request: WmsGridRequest): Promise<Grid> {
  validate(requestSchema, request, 'WMS grid request');
  assertCellCount(request.widthPixels, request.heightPixels, `WMS GetMap ${request.layer}`);
  const code = parseCrs(request.crs);
  const [minX, minY, maxX, maxY] = request.bbox;
  // WMS 1.3.0 uses the CRS's axis order: latitude first for EPSG:4326.
  const bbox = code === 4326 ? [minY, minX, maxY, maxX] : [minX, minY, maxX, maxY];
  const url = new URL(endpoint);
  const parameters = {
    SERVICE: 'WMS',
    VERSION: '1.3.0',
    REQUEST: 'GetMap',
    LAYERS: request.layer,
    STYLES: request.style ?? '',
    CRS: `EPSG:${code}`,
    BBOX: bbox.join(','),
    WIDTH: String(request.widthPixels),
    HEIGHT: String(request.heightPixels),
    FORMAT: 'image/geotiff',
  };
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  const what = `WMS GetMap ${request.layer}`;
  const response = await http.request({ url, signal: request.signal, what });
  if (!/tiff/i.test(response.contentType)) {
    responseText(response, what);
    throw new JumeauError(
      'format',
      `${what} answered ${response.contentType || 'no content type'} instead of a GeoTIFF — ${response.url}`,
      { details: { contentType: response.contentType } },
    );
  }
  const decoded = await decodeGeoTiffGrid(response.body, what);
  if (decoded.width !== request.widthPixels || decoded.height !== request.heightPixels) {
    throw new JumeauError(
      'format',
      `${what}: asked ${request.widthPixels} × ${request.heightPixels} pixels, got ${decoded.width} × ${decoded.height}`,
    );
  }
  const cellWidth = (maxX - minX) / request.widthPixels;
  const cellHeight = (maxY - minY) / request.heightPixels;
  return createGrid({
    width: decoded.width,
    height: decoded.height,
    transform: [minX, cellWidth, 0, maxY, 0, -cellHeight],
    crs: code,
    nodata: decoded.nodata ?? request.nodata ?? null,
    units: request.units ?? null,
    verticalDatum: request.verticalDatum ?? null,
    data: decoded.data,
  });
}
