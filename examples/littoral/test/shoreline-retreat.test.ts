import { readFileSync } from 'node:fs';
import { featureTableFromGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { computeShorelineExposure, computeShorelineRates, projectShoreline, readMobiTCIntersections } from '@jumeau/simulate';
import { describe, expect, it } from 'vitest';
import { totalOf } from '../src/model/level-exposure.js';
import { computeShorelineRetreat } from '../src/model/shoreline-retreat.js';
import { buildTerritoryIndex } from '../src/model/territory-index.js';
import { camargueBuildings, camargueTerrain } from './support/camargue-bundle.js';

const rates = computeShorelineRates(
  readMobiTCIntersections(
    readFileSync(sharedDataPath('camargue-shorelines-cerema-mobitc', 'transects_intersections_IntersTDC-v1.txt'), 'utf8'),
  ),
);
const communes = featureTableFromGeoJSON(
  JSON.parse(
    readFileSync(
      sharedDataPath('admin-express-2018-geojson', 'departements/13-bouches-du-rhone/communes-13-bouches-du-rhone.geojson'),
      'utf8',
    ),
  ),
  { crs: 4326 },
);

describe('the app’s shoreline retreat equals @jumeau/simulate’s projectShoreline + computeShorelineExposure (Camargue)', () => {
  const dem = camargueTerrain();
  const buildings = camargueBuildings();
  const index = buildTerritoryIndex({ dem, communes, communeIdColumn: 'code', communeNameColumn: 'nom', buildings });

  for (const horizonYear of [2050, 2100]) {
    it(`counts the same band, buildings and area at ${horizonYear}`, () => {
      const options = { horizonYear, method: 'end-point', majorEventRetreatMetres: 20 } as const;
      const retreat = computeShorelineRetreat({ rates, ...options, crs: 2154, frame: dem, index });
      const projection = projectShoreline(rates, options);
      const reference = computeShorelineExposure({
        projection,
        grid: dem,
        communes: { table: communes, idColumn: 'code', nameColumn: 'nom' },
        buildings: { table: buildings },
      });
      expect(retreat.areaLostSquareMetres).toBe(projection.areaLostSquareMetres);
      expect(totalOf(retreat.exposure.floodedAreaSquareMetres, { includeOutside: true })).toBe(reference.totals.floodedAreaSquareMetres);
      expect(totalOf(retreat.exposure.buildings, { includeOutside: true })).toBe(reference.totals.buildings);
      expect(reference.totals.buildings).toBeGreaterThan(5);
      expect(Array.from(retreat.exposure.buildingMaximumDepthMetres, (depth) => (depth > 0 ? 1 : 0))).toEqual(
        Array.from(reference.buildingsInBand),
      );
      const arles = index.communeIds.indexOf('13004');
      expect(retreat.exposure.buildings[arles]).toBeGreaterThan(0);
      expect(retreat.transectCount).toBe(projection.transects.length);
      expect(retreat.maximumRetreatMetres).toBe(Math.max(...projection.transects.map((transect) => transect.retreatMetres)));
    });
  }

  it('returns today’s and the projected shorelines in lon/lat, one path per run of transects', () => {
    const retreat = computeShorelineRetreat({
      rates,
      horizonYear: 2100,
      method: 'end-point',
      majorEventRetreatMetres: 0,
      crs: 2154,
      frame: dem,
      index,
    });
    expect(retreat.currentLines.length).toBeGreaterThan(0);
    expect(retreat.projectedLines.length).toBe(retreat.currentLines.length);
    for (const path of [...retreat.currentLines, ...retreat.projectedLines]) {
      for (let vertex = 0; vertex < path.length; vertex += 2) {
        expect(path[vertex]).toBeGreaterThan(4.5);
        expect(path[vertex]).toBeLessThan(4.7);
        expect(path[vertex + 1]).toBeGreaterThan(43.3);
        expect(path[vertex + 1]).toBeLessThan(43.5);
      }
    }
    const sooner = computeShorelineRetreat({
      rates,
      horizonYear: 2050,
      method: 'end-point',
      majorEventRetreatMetres: 0,
      crs: 2154,
      frame: dem,
      index,
    });
    expect(retreat.areaLostSquareMetres).toBeGreaterThan(sooner.areaLostSquareMetres);
  });
});
