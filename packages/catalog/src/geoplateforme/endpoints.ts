/** The public Géoplateforme endpoints (data.geopf.fr); private ones are the same under `/private/`. */
export const GEOPLATEFORME_ENDPOINTS = {
  csw: 'https://data.geopf.fr/csw',
  searchIndex: 'https://data.geopf.fr/recherche/api/indexes/geoplateforme',
  wfs: 'https://data.geopf.fr/wfs/ows',
  wmts: 'https://data.geopf.fr/wmts',
  wmsRaster: 'https://data.geopf.fr/wms-r/wms',
  wmsVector: 'https://data.geopf.fr/wms-v/ows',
  altimetry: 'https://data.geopf.fr/altimetrie/1.0/calcul/alti/rest',
  geocoding: 'https://data.geopf.fr/geocodage',
  download: 'https://data.geopf.fr/telechargement',
} as const;

/** The Géoplateforme endpoints, every one overridable (a mirror, a test server, `/private/` paths). */
export type GeoplateformeEndpoints = { -readonly [K in keyof typeof GEOPLATEFORME_ENDPOINTS]: string };

/** Placeholders left in search-index URLs by IGN's documentation site (`{{ urls.public.wfs }}`). */
const URL_PLACEHOLDERS: Readonly<Record<string, string>> = {
  wfs: 'https://data.geopf.fr/wfs',
  wmsv: 'https://data.geopf.fr/wms-v',
  wmsr: 'https://data.geopf.fr/wms-r',
  wmts: 'https://data.geopf.fr/wmts',
  tms: 'https://data.geopf.fr/tms',
  download: 'https://data.geopf.fr/telechargement',
};

/**
 * Replaces `{{ urls.public.<service> }}` placeholders by the real public URLs.
 *
 * @example
 * ```ts
 * resolveUrlPlaceholders('{{ urls.public.wfs }}?service=WFS') // 'https://data.geopf.fr/wfs?service=WFS'
 * ```
 */
export function resolveUrlPlaceholders(url: string): string {
  return url.replace(/\{\{\s*urls\.public\.(\w+)\s*\}\}/g, (match, name: string) => URL_PLACEHOLDERS[name] ?? match);
}
