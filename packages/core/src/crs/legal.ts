import { JumeauError } from '../errors.js';
import type { CrsDefinition, LonLatBounds } from './definitions.js';
import { getCrs } from './registry.js';

interface Territory {
  readonly name: string;
  readonly crs: number;
  readonly boxes: readonly LonLatBounds[];
}

// Onshore boxes with a margin for territorial waters; overseas first, the mainland box last.
const TERRITORIES: readonly Territory[] = [
  { name: 'Guadeloupe', crs: 5490, boxes: [[-62.0, 15.7, -60.8, 16.7]] },
  { name: 'Martinique', crs: 5490, boxes: [[-61.4, 14.2, -60.6, 15.0]] },
  { name: 'Saint-Martin et Saint-Barthélemy', crs: 5490, boxes: [[-63.3, 17.8, -62.6, 18.2]] },
  { name: 'Guyane', crs: 2972, boxes: [[-54.7, 2.0, -51.0, 6.0]] },
  { name: 'La Réunion', crs: 2975, boxes: [[55.1, -21.5, 56.0, -20.8]] },
  { name: 'Mayotte', crs: 4471, boxes: [[44.9, -13.1, 45.4, -12.5]] },
  { name: 'Saint-Pierre-et-Miquelon', crs: 4467, boxes: [[-56.6, 46.7, -56.0, 47.2]] },
  { name: 'Corse', crs: 2154, boxes: [[8.4, 41.3, 9.7, 43.1]] },
  { name: 'France métropolitaine', crs: 2154, boxes: [[-5.5, 42.2, 8.3, 51.2]] },
];

function inside(lon: number, lat: number, [west, south, east, north]: LonLatBounds): boolean {
  return lon >= west && lon <= east && lat >= south && lat <= north;
}

/** The result of {@link legalCrsFor}: the territory's name and its legal projected CRS. */
export interface LegalCrs {
  readonly territory: string;
  readonly crs: CrsDefinition;
}

/**
 * The legal projection of the French territory containing a point given in degrees (decree 2000-1276 as
 * amended): Lambert-93 on the mainland and in Corsica, RGAF09 UTM 20N in the Antilles, RGFG95 UTM 22N in
 * Guyane, RGR92 UTM 40S in La Réunion, RGM04 UTM 38S in Mayotte, RGSPM06 UTM 21N in Saint-Pierre-et-Miquelon.
 * Throws a `crs` {@link JumeauError} for a point outside every French territory.
 *
 * @example
 * ```ts
 * legalCrsFor(-1.25, 45.93).crs.code // 2154 (Oléron)
 * legalCrsFor(55.45, -21.1).crs.code // 2975 (La Réunion)
 * ```
 */
export function legalCrsFor(longitude: number, latitude: number): LegalCrs {
  if (!Number.isFinite(longitude) || !Number.isFinite(latitude)) {
    throw new JumeauError('input', `legalCrsFor needs finite degrees, got (${longitude}, ${latitude})`, {
      details: { longitude, latitude },
    });
  }
  for (const territory of TERRITORIES) {
    if (territory.boxes.some((box) => inside(longitude, latitude, box))) {
      return { territory: territory.name, crs: getCrs(territory.crs) };
    }
  }
  throw new JumeauError('crs', `The point (${longitude}°, ${latitude}°) is in no French territory that Jumeau knows: no legal CRS`, {
    details: { longitude, latitude },
  });
}

/**
 * The conic conformal zone (CC42…CC50, EPSG:3942…3950) whose standard latitude is nearest to `latitude`,
 * i.e. the zone of the band [n − 0.5°, n + 0.5°[ used for large-scale mainland work.
 *
 * @example
 * ```ts
 * conicConformalZoneFor(45.93).code // 3946 (CC46)
 * ```
 */
export function conicConformalZoneFor(latitude: number): CrsDefinition {
  const zone = Math.round(latitude);
  if (!Number.isFinite(latitude) || zone < 42 || zone > 50) {
    throw new JumeauError('crs', `No CC zone covers latitude ${latitude}° (CC42…CC50 cover 41.5°…50.5°)`, {
      details: { latitude },
    });
  }
  return getCrs(3900 + zone);
}
