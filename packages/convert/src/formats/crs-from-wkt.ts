import proj4 from 'proj4';
import { hasCrs, listCrs } from '@jumeau/core';

interface ProjectionParameters {
  readonly family: string;
  readonly semiMajorAxis: number;
  readonly inverseFlattening: number;
  readonly numbers: readonly number[];
}

const RADIAN_TOLERANCE = 1e-9;
const METRE_TOLERANCE = 1e-3;

/** The projection family of a proj4js projection name (from a proj4 string or any WKT dialect). */
function familyOf(name: string): string {
  const text = name.toLowerCase();
  if (text === 'lcc' || text.startsWith('lambert_conformal_conic') || text.includes('lambert conic conformal')) return 'lcc';
  if (text === 'utm' || text === 'tmerc' || text.includes('transverse_mercator') || text.includes('transverse mercator')) return 'tmerc';
  if (text === 'laea' || text.includes('azimuthal_equal_area') || text.includes('azimuthal equal area')) return 'laea';
  if (text === 'merc' || text.includes('pseudo') || text.includes('mercator_auxiliary_sphere')) return 'webmerc';
  if (text === 'longlat' || text === 'latlong' || text.includes('geographic')) return 'longlat';
  return text;
}

/** The defining parameters proj4js parsed, in a comparable order (standard parallels sorted). */
function parametersOf(definition: string): ProjectionParameters | null {
  let projection: Record<string, unknown>;
  try {
    projection = proj4.Proj(definition) as unknown as Record<string, unknown>;
  } catch {
    return null;
  }
  const number = (key: string, fallback = 0): number => (typeof projection[key] === 'number' ? (projection[key] as number) : fallback);
  const family = familyOf(String(projection.projName ?? ''));
  const parallels =
    family === 'lcc' ? [number('lat1', Number.NaN), number('lat2', Number.NaN)].filter(Number.isFinite).sort((a, b) => a - b) : [];
  const utmZone = number('zone', 0);
  const longitudeOfOrigin = family === 'tmerc' && utmZone > 0 ? ((6 * utmZone - 183) * Math.PI) / 180 : number('long0');
  const falseNorthing = family === 'tmerc' && projection.utmSouth === true ? 10_000_000 : number('y0');
  const falseEasting = family === 'tmerc' && utmZone > 0 ? 500_000 : number('x0');
  const scale = family === 'tmerc' && utmZone > 0 ? 0.9996 : number('k0', 1);
  // Web Mercator is spherical whatever ellipsoid its WKT names (EPSG:3857, ESRI "Mercator_Auxiliary_Sphere").
  if (family === 'webmerc')
    return { family, semiMajorAxis: number('a'), inverseFlattening: 0, numbers: [number('long0'), number('x0'), number('y0')] };
  return {
    family,
    semiMajorAxis: number('a'),
    inverseFlattening: number('rf'),
    numbers: family === 'longlat' ? [] : [...parallels, number('lat0'), longitudeOfOrigin, falseEasting, falseNorthing, scale],
  };
}

function sameParameters(a: ProjectionParameters, b: ProjectionParameters): boolean {
  if (a.family !== b.family || Math.abs(a.semiMajorAxis - b.semiMajorAxis) > METRE_TOLERANCE) return false;
  if (Math.abs(a.inverseFlattening - b.inverseFlattening) > 1e-7 || a.numbers.length !== b.numbers.length) return false;
  return a.numbers.every((value, index) => {
    const other = b.numbers[index] as number;
    return Math.abs(value - other) <= (Math.abs(value) > 10 ? METRE_TOLERANCE : RADIAN_TOLERANCE);
  });
}

/** The EPSG code in the outermost `AUTHORITY["EPSG","n"]` (WKT1) or `ID["EPSG",n]` (WKT2), which is the last one. */
function outerAuthorityCode(wkt: string): number | null {
  const matches = [...wkt.matchAll(/(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/gi)];
  const code = matches.at(-1)?.[1];
  return code === undefined ? null : Number(code);
}

/** Geographic CRSs of the registry share one ellipsoid family: the datum name decides. */
function geographicCode(wkt: string, parameters: ProjectionParameters): number | null {
  const datum = (/DATUM\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (datum.includes('wgs84') || datum.includes('wgs1984')) return 4326;
  if (datum.includes('rgf') || datum.includes('reseaugeodesiquefrancais')) return 4171;
  if (datum.includes('etrs') || datum.includes('europeanterrestrial')) return 4258;
  return Math.abs(parameters.inverseFlattening - 298.257223563) < 1e-7 ? 4326 : null;
}

/**
 * Identifies the EPSG code of a WKT CRS (a Shapefile `.prj`, ESRI or OGC dialect, WKT1 or WKT2) against Jumeau's
 * registry: the outermost EPSG authority if the registry knows it, else the CRS of the registry with the same
 * projection method, ellipsoid and parameters (angles within 1e-9 rad, lengths within 1 mm) — so the ESRI names
 * `RGF93_Lambert_93`, `RGF_1993_Lambert_93` and `RGF93 v2 / Lambert-93` all give 2154. Returns null when nothing
 * matches.
 *
 * @example
 * ```ts
 * crsFromWkt(readFileSync('COMMUNE.prj', 'utf8')) // 2154
 * ```
 */
export function crsFromWkt(wkt: string): number | null {
  const authority = outerAuthorityCode(wkt);
  if (authority !== null && hasCrs(authority)) return authority;
  const parameters = parametersOf(wkt);
  if (!parameters) return null;
  if (parameters.family === 'longlat') return geographicCode(wkt, parameters);
  for (const definition of listCrs()) {
    if (definition.kind !== 'projected') continue;
    const candidate = parametersOf(definition.proj4);
    if (candidate && sameParameters(parameters, candidate)) return definition.code;
  }
  return null;
}
