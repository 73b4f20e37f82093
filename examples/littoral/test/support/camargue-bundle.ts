/**
 * A test territory for the shoreline retreat: the real Camargue transects of Cerema's MobiTC tutorial (Beauduc) and the
 * real Bouches-du-Rhône communes, from ../shared, on a stand-in terrain (a flat 1 m grid at 10 m: ../shared has no DEM
 * of the Camargue) with seeded stand-in buildings (points). Only the shoreline numbers are meant: the terrain and
 * buildings exist so that the app can run the territory and count what the band holds.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FeatureTable, type Grid, createGrid, featureTableFromGeoJSON, featureTableToGeoJSON } from '@jumeau/core';
import { reproject, writeCOG } from '@jumeau/convert';

/** The stand-in terrain: 10 m cells over the transects (x 825 600–830 800, y 6 251 400–6 261 400, Lambert-93). */
export function camargueTerrain(): Grid<Float32Array> {
  return createGrid<Float32Array>({
    width: 520,
    height: 1000,
    transform: [825_600, 10, 0, 6_261_400, 0, -10],
    crs: 2154,
    data: new Float32Array(520 * 1000).fill(1),
    nodata: -9999,
    units: 'm',
    verticalDatum: 'NGF-IGN69',
  });
}

/** 3 000 stand-in buildings (points, WGS84) spread over the terrain by a seeded generator: the same every run. */
export function camargueBuildings(): FeatureTable {
  let state = 2024;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const count = 3000;
  const lambert = new Float64Array(count * 2);
  for (let index = 0; index < count; index += 1) {
    lambert[index * 2] = 825_600 + next() * 5_200;
    lambert[index * 2 + 1] = 6_251_400 + next() * 10_000;
  }
  const lonLat = reproject(lambert, 2154, 4326);
  return featureTableFromGeoJSON(
    {
      type: 'FeatureCollection',
      features: Array.from({ length: count }, (_, index) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lonLat[index * 2] as number, lonLat[index * 2 + 1] as number] },
        properties: { hauteur: 6 },
      })),
    },
    { crs: 4326 },
  );
}

/** The manifest's shoreline entry (end-point rates, Lmax 20 m). */
export const CAMARGUE_SHORELINE = {
  path: 'shared:camargue-shorelines-cerema-mobitc/transects_intersections_IntersTDC-v1.txt',
  crs: 'EPSG:2154',
  format: 'mobitc-intersections',
  method: 'end-point',
  majorEventRetreatMetres: 20,
  source: { producer: 'Cerema — MobiTC (tutoriel, Beauduc)', licence: 'Licence Ouverte (Cerema)', date: '1942–2016' },
} as const;

/** The communes of the Bouches-du-Rhône (ADMIN EXPRESS 2018, simplified, WGS84). */
export const CAMARGUE_COMMUNES_PATH =
  'shared:admin-express-2018-geojson/departements/13-bouches-du-rhone/communes-13-bouches-du-rhone.geojson';

/**
 * Writes the bundle (terrain COG, buildings GeoJSON, territory.json) into `directory`; returns the manifest's path.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, bundlePath: await writeCamargueBundle(directory), build: false })
 * ```
 */
export async function writeCamargueBundle(directory: string): Promise<string> {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'terrain.tif'), await writeCOG(camargueTerrain()));
  const buildings = camargueBuildings();
  writeFileSync(join(directory, 'buildings.geojson'), JSON.stringify(featureTableToGeoJSON(buildings)));
  const standIn = {
    producer: 'Jumeau — données de test',
    licence: 'CC0',
    date: '2026',
    caveats: ['terrain plat et bâtiments fictifs : seul le recul du trait de côte est réel'],
  };
  const manifest = {
    version: 1,
    id: 'camargue-test',
    name: 'Camargue (Beauduc) — test du recul du trait de côte',
    dem: { path: 'terrain.tif', crs: 'EPSG:2154', source: standIn },
    communes: {
      path: CAMARGUE_COMMUNES_PATH,
      crs: 'EPSG:4326',
      format: 'geojson',
      idColumn: 'code',
      nameColumn: 'nom',
      source: { producer: 'IGN — ADMIN EXPRESS 2018 (simplifié)', licence: 'Licence Ouverte 2.0', date: '2018' },
    },
    buildings: { path: 'buildings.geojson', crs: 'EPSG:4326', format: 'geojson', heightColumn: 'hauteur', source: standIn },
    shoreline: CAMARGUE_SHORELINE,
    view: { longitude: 4.585, latitude: 43.39, zoom: 12.3, pitch: 0, bearing: 0 },
  };
  const path = join(directory, 'territory.json');
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return path;
}
