/**
 * Writes `communes-17-islands.arrow`: the 15 communes of the Île d'Oléron and the Île de Ré (IGN ADMIN EXPRESS
 * 2018, simplified, EPSG:4326) as an Arrow IPC feature table, for the Chromium tests (the browser cannot read
 * the shared folder). Regenerate from /work/main with:
 *   pnpm exec tsx --conditions=@jumeau/source packages/workers/test/reference/write-island-communes.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { featureTableFromGeoJSON, featureTableToIPC } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';

export const ISLAND_COMMUNE_CODES = [
  '17093',
  '17140',
  '17323',
  '17337',
  '17385',
  '17411',
  '17485', // Oléron
  '17019',
  '17051',
  '17207',
  '17286',
  '17297',
  '17318',
  '17360',
  '17369', // Ré
];

const path = sharedDataPath('admin-express-2018-geojson', 'departements', '17-charente-maritime', 'communes-17-charente-maritime.geojson');
const collection = JSON.parse(readFileSync(path, 'utf8')) as { features: { properties: { code: string } }[] };
const features = collection.features.filter((feature) => ISLAND_COMMUNE_CODES.includes(feature.properties.code));
const bytes = featureTableToIPC(featureTableFromGeoJSON({ ...collection, features }));
writeFileSync(new URL('./communes-17-islands.arrow', import.meta.url), bytes);
console.log(`${features.length} communes, ${bytes.byteLength} bytes`);
