/** Longitude/latitude bounds in degrees (WGS84 / CRS:84): `[west, south, east, north]`. */
export type LonLatExtent = readonly [west: number, south: number, east: number, north: number];

/** The kind of service a layer comes from. */
export type ServiceKind = 'wfs' | 'wmts' | 'wms' | 'ogcapi-features';

/** One layer (feature type, tile layer, map layer, collection) as every service lists it. */
export interface LayerInfo {
  readonly service: ServiceKind;
  /** The name to request it by (`typeName`, WMTS `Identifier`, WMS `Name`, OGC API collection id). */
  readonly name: string;
  readonly title: string;
  readonly abstract: string | undefined;
  readonly keywords: readonly string[];
  /** CRSs it can be served in, as the service writes them (`EPSG:2154`, `urn:ogc:def:crs:EPSG::4326`, …). */
  readonly crs: readonly string[];
  readonly extent: LonLatExtent | undefined;
  /** Output formats (MIME types) when the service lists them per layer. */
  readonly formats: readonly string[];
}

/** Parses `"lon lat"` corner pairs to a {@link LonLatExtent}; `undefined` when unreadable. */
export function extentFromCorners(lower: string | undefined, upper: string | undefined): LonLatExtent | undefined {
  if (lower === undefined || upper === undefined) return undefined;
  const lowerPair = numberPair(lower);
  const upperPair = numberPair(upper);
  if (lowerPair === undefined || upperPair === undefined) return undefined;
  return [lowerPair[0], lowerPair[1], upperPair[0], upperPair[1]];
}

/** The first two numbers of a whitespace-separated list, `undefined` when either is missing or not finite. */
function numberPair(text: string): readonly [number, number] | undefined {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return undefined;
  const first = Number(trimmed.slice(0, space));
  const rest = trimmed.slice(space).trimStart();
  const end = rest.search(/\s/);
  const second = Number(end === -1 ? rest : rest.slice(0, end));
  return Number.isFinite(first) && Number.isFinite(second) && rest !== '' ? [first, second] : undefined;
}
