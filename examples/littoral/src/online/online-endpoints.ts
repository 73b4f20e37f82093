import { GEOPLATEFORME_ENDPOINTS } from '@jumeau/catalog';

/** The two Géoplateforme services the online builder calls. */
export interface OnlineEndpoints {
  /** WFS 2.0 (ADMIN EXPRESS, BD TOPO), default `https://data.geopf.fr/wfs/ows`. */
  readonly wfs: string;
  /** WMS-Raster 1.3.0 (RGE ALTI), default `https://data.geopf.fr/wms-r/wms`. */
  readonly wmsRaster: string;
}

/** Environment variable naming another Géoplateforme root (a mirror, a test server on 127.0.0.1). */
export const GEOPLATEFORME_URL_VARIABLE = 'JUMEAU_GEOPLATEFORME_URL';

/**
 * The endpoints to call: explicit ones first, then `$JUMEAU_GEOPLATEFORME_URL` (the Géoplateforme's paths
 * `/wfs/ows` and `/wms-r/wms` under that root), then @jumeau/catalog's GEOPLATEFORME_ENDPOINTS.
 *
 * @example
 * ```ts
 * resolveOnlineEndpoints({}, { JUMEAU_GEOPLATEFORME_URL: 'http://127.0.0.1:8080' }).wfs // 'http://127.0.0.1:8080/wfs/ows'
 * ```
 */
export function resolveOnlineEndpoints(
  explicit: Partial<OnlineEndpoints> = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
): OnlineEndpoints {
  const root = environment[GEOPLATEFORME_URL_VARIABLE]?.replace(/\/+$/, '');
  return {
    wfs: explicit.wfs ?? (root ? `${root}/wfs/ows` : GEOPLATEFORME_ENDPOINTS.wfs),
    wmsRaster: explicit.wmsRaster ?? (root ? `${root}/wms-r/wms` : GEOPLATEFORME_ENDPOINTS.wmsRaster),
  };
}
