import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The recorded Géoplateforme responses (read in place, never copied). */
export const FIXTURES = '/work/shared/fixtures/geoplateforme';

/** The bytes of a recorded response, e.g. `fixture('wfs/getcapabilities-featuretypelist.xml')`. */
export function fixture(relativePath: string): string {
  return readFileSync(join(FIXTURES, relativePath), 'utf8');
}
