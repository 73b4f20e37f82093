import { JumeauError, isJumeauError } from '@jumeau/core';
import type { HttpClient } from './http/client.js';
import { responseText } from './http/parse.js';
import { parseXml, type XmlNode } from './ogc/xml.js';

/** What a URL turned out to be. */
export type DetectedService =
  | { readonly kind: 'wfs' | 'wms' | 'wmts'; readonly url: string; readonly capabilities: XmlNode }
  | { readonly kind: 'ogcapi-features'; readonly url: string; readonly landing: Record<string, unknown> };

const XML_ROOTS: Readonly<Record<string, 'wfs' | 'wms' | 'wmts'>> = {
  WFS_Capabilities: 'wfs',
  WMS_Capabilities: 'wms',
  WMT_MS_Capabilities: 'wms',
  Capabilities: 'wmts',
};

/**
 * Finds what a URL is: a capabilities document (WFS, WMS, WMTS), a service endpoint (capabilities are asked
 * for, the service guessed from `SERVICE=` or the path, else tried in turn) or an OGC API landing page.
 *
 * @example
 * ```ts
 * const service = await detectService(http, 'https://data.geopf.fr/wfs/ows') // { kind: 'wfs', … }
 * ```
 */
export async function detectService(http: HttpClient, url: string, signal?: AbortSignal): Promise<DetectedService> {
  const failures: string[] = [];
  for (const candidate of candidateUrls(url)) {
    try {
      const detected = await tryCandidate(http, candidate, signal);
      if (detected) return detected;
      failures.push(`${candidate.kind}: not recognised`);
    } catch (error) {
      if (isJumeauError(error, 'aborted')) throw error;
      failures.push(`${candidate.kind}: ${(error as Error).message}`);
    }
  }
  throw new JumeauError('unsupported', `Cannot tell what service ${http.redact(url)} is (${failures.join('; ')})`, {
    details: { url: http.redact(url) },
  });
}

interface Candidate {
  readonly kind: string;
  readonly url: URL;
}

function candidateUrls(url: string): Candidate[] {
  const base = new URL(url);
  const keys = new Map([...base.searchParams.keys()].map((key) => [key.toLowerCase(), key]));
  if (base.searchParams.get(keys.get('request') ?? 'request')?.toLowerCase() === 'getcapabilities')
    return [{ kind: 'as given', url: base }];
  const declared = base.searchParams.get(keys.get('service') ?? 'service')?.toLowerCase();
  const path = base.pathname.toLowerCase();
  const guess = declared ?? (/wmts/.test(path) ? 'wmts' : /wfs/.test(path) ? 'wfs' : /wms/.test(path) ? 'wms' : undefined);
  const order = [...new Set([...(guess ? [guess] : []), 'wfs', 'wms', 'wmts'])];
  const ogc = { kind: 'ogcapi', url: base };
  const services = order.map((service) => ({ kind: service, url: capabilitiesUrl(base, service) }));
  return /ogcapi|collections|\/$/.test(path) && !declared ? [ogc, ...services] : [...services, ogc];
}

function capabilitiesUrl(base: URL, service: string): URL {
  const url = new URL(base);
  for (const key of [...url.searchParams.keys()])
    if (['service', 'request', 'version'].includes(key.toLowerCase())) url.searchParams.delete(key);
  url.searchParams.set('SERVICE', service.toUpperCase());
  url.searchParams.set('REQUEST', 'GetCapabilities');
  url.searchParams.set('VERSION', { wfs: '2.0.0', wms: '1.3.0', wmts: '1.0.0' }[service] ?? '');
  return url;
}

async function tryCandidate(http: HttpClient, candidate: Candidate, signal: AbortSignal | undefined): Promise<DetectedService | undefined> {
  const headers = candidate.kind === 'ogcapi' ? { accept: 'application/json' } : undefined;
  const what = `${candidate.kind} capabilities`;
  const response = await http.request({ url: candidate.url, signal, what, headers });
  const text = responseText(response, what).trimStart();
  if (text.startsWith('<')) {
    const root = parseXml(text, what);
    const kind = Object.keys(root)
      .map((key) => XML_ROOTS[key])
      .find(Boolean);
    return kind ? { kind, url: candidate.url.toString(), capabilities: root } : undefined;
  }
  if (text.startsWith('{')) {
    const landing = JSON.parse(text) as Record<string, unknown>;
    const links = Array.isArray(landing.links) ? (landing.links as { rel?: string }[]) : [];
    if (
      links.some((link) => link.rel === 'data' || link.rel === 'conformance' || link.rel === 'http://www.opengis.net/def/rel/ogc/1.0/data')
    ) {
      return { kind: 'ogcapi-features', url: candidate.url.toString().replace(/\?.*$/, ''), landing };
    }
  }
  return undefined;
}
