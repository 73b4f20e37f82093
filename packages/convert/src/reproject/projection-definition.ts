import { JumeauError } from '@jumeau/core';

/** Projections Jumeau computes with its own batch kernels. */
export type ProjectionMethod = 'longlat' | 'lcc' | 'tmerc' | 'laea' | 'webmerc';

/** How a CRS's datum relates to WGS84, as PROJ's default operations treat the French registry. */
export type DatumRelation =
  /** RGF93, ETRS89, RGAF09, RGFG95, RGR92, RGM04, RGSPM06, WGS84: PROJ uses a null transformation between them. */
  | { readonly kind: 'wgs84-compatible'; readonly isWgs84: boolean }
  /** A datum shifted from WGS84 by a geocentric translation in metres (NTF: −168, −60, 320). */
  | { readonly kind: 'translation'; readonly translationMetres: readonly [number, number, number] };

/** A CRS read from its proj4 string into the numbers the kernels need. Angles in degrees, lengths in metres. */
export interface ProjectionDefinition {
  readonly method: ProjectionMethod;
  readonly semiMajorAxisMetres: number;
  readonly flattening: number;
  /** Central meridian from Greenwich (prime meridian included), degrees. */
  readonly centralMeridianDegrees: number;
  readonly latitudeOfOriginDegrees: number;
  readonly firstParallelDegrees: number;
  readonly secondParallelDegrees: number;
  readonly scaleFactor: number;
  readonly falseEastingMetres: number;
  readonly falseNorthingMetres: number;
  readonly datum: DatumRelation;
}

/** Ellipsoids of the registry: semi-major axis (m) and inverse flattening, as PROJ defines them. */
const ELLIPSOIDS: Readonly<Record<string, readonly [number, number]>> = {
  GRS80: [6378137, 298.257222101],
  WGS84: [6378137, 298.257223563],
  clrk80ign: [6378249.2, 293.4660212936269],
};

/** Prime meridians from Greenwich, degrees (PROJ: paris = 2°20'14.025"). */
const PRIME_MERIDIANS: Readonly<Record<string, number>> = { greenwich: 0, paris: 2 + 20 / 60 + 14.025 / 3600 };

/**
 * Reads `+key=value` tokens of a proj4 string (flags map to `''`).
 *
 * @example
 * ```ts
 * parseProjString('+proj=utm +zone=40 +south').get('zone'); // "40"
 * ```
 */
export function parseProjString(text: string): ReadonlyMap<string, string> {
  const parameters = new Map<string, string>();
  for (const token of text.trim().split(/\s+/)) {
    if (!token.startsWith('+')) continue;
    const [key, ...value] = token.slice(1).split('=');
    if (key) parameters.set(key, value.join('='));
  }
  return parameters;
}

function numberParameter(parameters: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const value = parameters.get(key);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new JumeauError('crs', `The proj4 parameter +${key}=${value} is not a number`);
  return parsed;
}

function readEllipsoid(parameters: ReadonlyMap<string, string>): readonly [number, number] | undefined {
  const named = ELLIPSOIDS[parameters.get('ellps') ?? (parameters.get('datum') === 'WGS84' ? 'WGS84' : '')];
  if (named) return [named[0], 1 / named[1]];
  const semiMajorAxis = numberParameter(parameters, 'a', Number.NaN);
  if (!Number.isFinite(semiMajorAxis)) return undefined;
  if (parameters.has('rf')) return [semiMajorAxis, 1 / numberParameter(parameters, 'rf', Number.NaN)];
  const semiMinorAxis = numberParameter(parameters, 'b', semiMajorAxis);
  return [semiMajorAxis, (semiMajorAxis - semiMinorAxis) / semiMajorAxis];
}

function readDatum(parameters: ReadonlyMap<string, string>, method: ProjectionMethod): DatumRelation | undefined {
  if (method === 'webmerc' || parameters.get('datum') === 'WGS84') return { kind: 'wgs84-compatible', isWgs84: true };
  const towgs84 = parameters.get('towgs84')?.split(',').map(Number) ?? [0, 0, 0];
  const rotatesOrScales = towgs84.length > 3 && towgs84.slice(3).some((value) => value !== 0);
  if (parameters.has('nadgrids') || rotatesOrScales) return undefined;
  const [x = 0, y = 0, z = 0] = towgs84;
  if (![x, y, z].every(Number.isFinite)) return undefined;
  if (x === 0 && y === 0 && z === 0) return { kind: 'wgs84-compatible', isWgs84: false };
  return { kind: 'translation', translationMetres: [x, y, z] };
}

function readMethod(parameters: ReadonlyMap<string, string>): ProjectionMethod | undefined {
  const projection = parameters.get('proj');
  if (projection === 'longlat' || projection === 'latlong') return 'longlat';
  if (projection === 'lcc' || projection === 'laea') return projection;
  if (projection === 'utm' || projection === 'tmerc' || projection === 'etmerc') return 'tmerc';
  // EPSG:3857: spherical Mercator formulas on WGS84 longitudes and latitudes (PROJ's `webmerc`).
  const spherical = parameters.get('a') !== undefined && parameters.get('a') === parameters.get('b');
  if (projection === 'merc' && spherical && parameters.get('nadgrids') === '@null') return 'webmerc';
  return undefined;
}

function utmParameters(parameters: ReadonlyMap<string, string>): Partial<ProjectionDefinition> {
  const zone = numberParameter(parameters, 'zone', Number.NaN);
  if (!Number.isInteger(zone) || zone < 1 || zone > 60) throw new JumeauError('crs', `Invalid UTM zone +zone=${parameters.get('zone')}`);
  return {
    centralMeridianDegrees: (zone - 1) * 6 - 180 + 3,
    scaleFactor: 0.9996,
    falseEastingMetres: 500_000,
    falseNorthingMetres: parameters.has('south') ? 10_000_000 : 0,
  };
}

/**
 * Reads a proj4 string into a {@link ProjectionDefinition}, or `undefined` when Jumeau's kernels do not cover it
 * (another projection, a 7-parameter datum shift, a grid): such CRSs go through proj4js.
 *
 * @example
 * ```ts
 * readProjectionDefinition(getCrs(2154).proj4)?.method // "lcc"
 * ```
 */
export function readProjectionDefinition(proj4: string): ProjectionDefinition | undefined {
  const parameters = parseProjString(proj4);
  const method = readMethod(parameters);
  const ellipsoid = readEllipsoid(parameters);
  if (!method || !ellipsoid) return undefined;
  const datum = readDatum(parameters, method);
  if (!datum || (parameters.get('units') ?? 'm') !== 'm' || parameters.has('axis')) return undefined;
  const primeMeridian = PRIME_MERIDIANS[parameters.get('pm') ?? 'greenwich'];
  if (primeMeridian === undefined) return undefined;
  const latitudeOfOrigin = numberParameter(parameters, 'lat_0', 0);
  const firstParallel = numberParameter(parameters, 'lat_1', latitudeOfOrigin);
  return {
    method,
    semiMajorAxisMetres: ellipsoid[0],
    // Web Mercator projects on a sphere but its datum is WGS84: datum shifts must use the WGS84 ellipsoid.
    flattening: method === 'webmerc' ? 1 / (ELLIPSOIDS.WGS84 as readonly [number, number])[1] : ellipsoid[1],
    centralMeridianDegrees: numberParameter(parameters, 'lon_0', 0) + primeMeridian,
    latitudeOfOriginDegrees: latitudeOfOrigin,
    firstParallelDegrees: firstParallel,
    secondParallelDegrees: numberParameter(parameters, 'lat_2', firstParallel),
    scaleFactor: numberParameter(parameters, 'k_0', numberParameter(parameters, 'k', 1)),
    falseEastingMetres: numberParameter(parameters, 'x_0', 0),
    falseNorthingMetres: numberParameter(parameters, 'y_0', 0),
    datum,
    ...(parameters.get('proj') === 'utm' ? utmParameters(parameters) : {}),
  };
}
