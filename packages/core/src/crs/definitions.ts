/** A geographic box in degrees: [west, south, east, north] (WGS84 / RGF93 longitudes and latitudes). */
export type LonLatBounds = readonly [west: number, south: number, east: number, north: number];

/** One coordinate reference system known to Jumeau. */
export interface CrsDefinition {
  /** EPSG code, e.g. 2154. */
  readonly code: number;
  /** The EPSG name, e.g. "RGF93 v1 / Lambert-93". */
  readonly name: string;
  /** A short everyday name, e.g. "Lambert-93". */
  readonly shortName: string;
  /** `projected` (metres) or `geographic` (degrees, longitude first in Jumeau's buffers). */
  readonly kind: 'projected' | 'geographic';
  /** Unit of the horizontal axes. */
  readonly units: 'metre' | 'degree';
  /** The proj4 definition string (for proj4js and the fast paths of @jumeau/convert). */
  readonly proj4: string;
  /** EPSG area of use, in degrees (approximate to 0.01°). */
  readonly areaOfUse: LonLatBounds;
  /** The territory this CRS is the legal one for, if any (decree 2000-1276 as amended). */
  readonly territory?: string;
  /** The usual vertical datum of heights on that territory, e.g. "NGF-IGN69" (EPSG:5720). */
  readonly verticalDatum?: { readonly name: string; readonly code: number };
}

const RGF93 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';
const NGF_IGN69 = { name: 'NGF-IGN69', code: 5720 } as const;
const METROPOLE: LonLatBounds = [-9.86, 41.15, 10.38, 51.56];

function conicConformalZone(zone: number): CrsDefinition {
  return {
    code: 3900 + zone,
    name: `RGF93 v1 / CC${zone}`,
    shortName: `CC${zone}`,
    kind: 'projected',
    units: 'metre',
    proj4:
      `+proj=lcc +lat_0=${zone} +lon_0=3 +lat_1=${zone - 0.75} +lat_2=${zone + 0.75} ` +
      `+x_0=1700000 +y_0=${(zone - 41) * 1_000_000 + 200_000} ${RGF93} +units=m +no_defs +type=crs`,
    areaOfUse: [-5.5, zone - 1, 10.0, zone + 1],
    verticalDatum: NGF_IGN69,
  };
}

function utm(code: number, zone: number, south: boolean, datum: string, name: string, area: LonLatBounds) {
  return {
    code,
    name,
    shortName: `UTM ${zone}${south ? 'S' : 'N'}`,
    kind: 'projected' as const,
    units: 'metre' as const,
    proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${datum} +units=m +no_defs +type=crs`,
    areaOfUse: area,
  };
}

const WGS84 = '+datum=WGS84';

/** The French CRS registry. Order is stable (EPSG code order within each family). */
export const CRS_DEFINITIONS: readonly CrsDefinition[] = [
  {
    code: 2154,
    name: 'RGF93 v1 / Lambert-93',
    shortName: 'Lambert-93',
    kind: 'projected',
    units: 'metre',
    proj4: '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 ' + `${RGF93} +units=m +no_defs +type=crs`,
    areaOfUse: METROPOLE,
    territory: 'France métropolitaine (Corse comprise)',
    verticalDatum: NGF_IGN69,
  },
  ...[42, 43, 44, 45, 46, 47, 48, 49, 50].map(conicConformalZone),
  {
    code: 27572,
    name: 'NTF (Paris) / Lambert zone II',
    shortName: 'Lambert II étendu',
    kind: 'projected',
    units: 'metre',
    proj4:
      '+proj=lcc +lat_1=46.8 +lat_0=46.8 +lon_0=0 +k_0=0.99987742 +x_0=600000 +y_0=2200000 ' +
      '+a=6378249.2 +b=6356515 +towgs84=-168,-60,320,0,0,0,0 +pm=paris +units=m +no_defs +type=crs',
    areaOfUse: [-4.87, 41.31, 9.63, 51.14],
    verticalDatum: NGF_IGN69,
  },
  {
    code: 4171,
    name: 'RGF93 v1',
    shortName: 'RGF93',
    kind: 'geographic',
    units: 'degree',
    proj4: `+proj=longlat ${RGF93} +no_defs +type=crs`,
    areaOfUse: METROPOLE,
  },
  {
    code: 4258,
    name: 'ETRS89',
    shortName: 'ETRS89',
    kind: 'geographic',
    units: 'degree',
    proj4: `+proj=longlat ${RGF93} +no_defs +type=crs`,
    areaOfUse: [-16.1, 32.88, 40.18, 84.73],
  },
  {
    code: 4326,
    name: 'WGS 84',
    shortName: 'WGS84',
    kind: 'geographic',
    units: 'degree',
    proj4: '+proj=longlat +datum=WGS84 +no_defs +type=crs',
    areaOfUse: [-180, -90, 180, 90],
  },
  {
    code: 3857,
    name: 'WGS 84 / Pseudo-Mercator',
    shortName: 'Web Mercator',
    kind: 'projected',
    units: 'metre',
    proj4:
      '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null ' + '+wktext +no_defs +type=crs',
    areaOfUse: [-180, -85.06, 180, 85.06],
  },
  {
    code: 3035,
    name: 'ETRS89-extended / LAEA Europe',
    shortName: 'LAEA Europe',
    kind: 'projected',
    units: 'metre',
    proj4: `+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 ${RGF93} +units=m +no_defs +type=crs`,
    areaOfUse: [-35.58, 24.6, 44.83, 84.73],
  },
  {
    ...utm(5490, 20, false, RGF93, 'RGAF09 / UTM zone 20N', [-63.66, 14.08, -57.52, 18.54]),
    territory: 'Guadeloupe, Martinique, Saint-Barthélemy, Saint-Martin',
    verticalDatum: { name: 'IGN 1988 (Guadeloupe) / IGN 1987 (Martinique)', code: 5757 },
  },
  {
    // PROJ 9 picks "RGFG95 to WGS 84 (2)" (EPSG:4840, a null transformation), not EPSG:1907 (2, 2, −2 m, issued in error).
    ...utm(2972, 22, false, RGF93, 'RGFG95 / UTM zone 22N', [-54.61, 2.11, -49.45, 8.88]),
    territory: 'Guyane',
    verticalDatum: { name: 'NGG 1977', code: 5755 },
  },
  {
    ...utm(2975, 40, true, RGF93, 'RGR92 / UTM zone 40S', [51.83, -24.72, 58.24, -18.28]),
    territory: 'La Réunion',
    verticalDatum: { name: 'IGN 1989', code: 5758 },
  },
  {
    ...utm(4471, 38, true, RGF93, 'RGM04 / UTM zone 38S', [43.68, -14.49, 46.7, -11.33]),
    territory: 'Mayotte',
    verticalDatum: { name: 'SHOM 1953 (Mayotte)', code: 5793 },
  },
  {
    ...utm(4467, 21, false, RGF93, 'RGSPM06 / UTM zone 21N', [-57.1, 43.41, -55.9, 47.37]),
    territory: 'Saint-Pierre-et-Miquelon',
  },
  utm(32620, 20, false, WGS84, 'WGS 84 / UTM zone 20N', [-66, 0, -60, 84]),
  utm(32622, 22, false, WGS84, 'WGS 84 / UTM zone 22N', [-54, 0, -48, 84]),
  utm(32738, 38, true, WGS84, 'WGS 84 / UTM zone 38S', [42, -80, 48, 0]),
  utm(32740, 40, true, WGS84, 'WGS 84 / UTM zone 40S', [54, -80, 60, 0]),
];
