import { isJumeauError } from '@jumeau/core';

/**
 * One line saying what could not be fetched and from which host, e.g.
 * "MNT (RGE ALTI) : hors ligne ? data.geopf.fr injoignable (fetch failed)".
 *
 * @example
 * ```ts
 * describeFailure('bâtiments (BD TOPO)', 'https://data.geopf.fr/wfs/ows', error)
 * ```
 */
export function describeFailure(what: string, endpoint: string, error: unknown): string {
  const host = new URL(endpoint).host;
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const unreachable = isJumeauError(error) ? error.code === 'network' : true;
  return unreachable
    ? `${what} : hors ligne ? ${host} injoignable (${reason})`
    : `${what} : ${host} a répondu mais la donnée n’a pas pu être lue (${reason})`;
}
