/** One per-host (and optionally per-path) request-rate rule. */
export interface RateLimitRule {
  /** Host name, e.g. `data.geopf.fr`. */
  readonly host: string;
  /** Path prefix, e.g. `/wfs`; rules with a longer matching prefix win. */
  readonly pathPrefix?: string;
  readonly requestsPerSecond: number;
}

/**
 * The Géoplateforme's published per-service limits (cartes.gouv.fr, "Limites d'usage des services"), keyed on
 * the public and the `/private/` paths alike. Requests above them get HTTP 429, so the client stays under.
 */
export const GEOPLATEFORME_RATE_LIMITS: readonly RateLimitRule[] = [
  { host: 'data.geopf.fr', requestsPerSecond: 30 },
  { host: 'data.geopf.fr', pathPrefix: '/wfs', requestsPerSecond: 30 },
  { host: 'data.geopf.fr', pathPrefix: '/private/wfs', requestsPerSecond: 30 },
  { host: 'data.geopf.fr', pathPrefix: '/wms-r', requestsPerSecond: 30 },
  { host: 'data.geopf.fr', pathPrefix: '/private/wms-r', requestsPerSecond: 30 },
  { host: 'data.geopf.fr', pathPrefix: '/wms-v', requestsPerSecond: 30 },
  { host: 'data.geopf.fr', pathPrefix: '/wmts', requestsPerSecond: 500 },
  { host: 'data.geopf.fr', pathPrefix: '/altimetrie', requestsPerSecond: 5 },
  { host: 'data.geopf.fr', pathPrefix: '/csw', requestsPerSecond: 15 },
  { host: 'data.geopf.fr', pathPrefix: '/recherche', requestsPerSecond: 15 },
  { host: 'data.geopf.fr', pathPrefix: '/geocodage', requestsPerSecond: 50 },
  { host: 'data.geopf.fr', pathPrefix: '/telechargement', requestsPerSecond: 10 },
  { host: 'www.data.gouv.fr', requestsPerSecond: 10 },
];

/**
 * The rate-limit key and rate for a URL: the most specific matching rule, else none.
 *
 * @example
 * ```ts
 * rateLimitFor(new URL('https://data.geopf.fr/altimetrie/1.0/calcul'), GEOPLATEFORME_RATE_LIMITS)
 * // { key: 'data.geopf.fr/altimetrie', requestsPerSecond: 5 }
 * ```
 */
export function rateLimitFor(url: URL, rules: readonly RateLimitRule[]): { key: string; requestsPerSecond: number } | undefined {
  let best: RateLimitRule | undefined;
  for (const rule of rules) {
    if (rule.host !== url.host && rule.host !== url.hostname) continue;
    const prefix = rule.pathPrefix ?? '';
    if (!url.pathname.startsWith(prefix)) continue;
    if (!best || prefix.length > (best.pathPrefix ?? '').length) best = rule;
  }
  return best ? { key: `${best.host}${best.pathPrefix ?? ''}`, requestsPerSecond: best.requestsPerSecond } : undefined;
}
