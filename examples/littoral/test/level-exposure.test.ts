import { readFileSync } from 'node:fs';
import { featureTableFromGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import { type PopulationCells, computeExposure, computeStaticSubmersion, rasterizeDefences, readInseeGridCells } from '@jumeau/simulate';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeLevelExposure, totalOf } from '../src/model/level-exposure.js';
import { type TerritoryIndex, buildTerritoryIndex } from '../src/model/territory-index.js';

const geojson = (...segments: string[]) => featureTableFromGeoJSON(JSON.parse(readFileSync(sharedDataPath(...segments), 'utf8')));

describe('computeLevelExposure on Oléron equals computeExposure (@jumeau/simulate) exactly', () => {
  const communes = geojson('oleron', 'geojson', 'littosim_districts_unrotated.geojson');
  const buildings = geojson('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson');
  const defences = geojson('oleron', 'geojson', 'littosim_coastal_defenses_unrotated.geojson');
  const population: PopulationCells = readInseeGridCells(
    readFileSync(sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'), 'utf8'),
  );
  let dem: Awaited<ReturnType<typeof readGeoTIFFFile>>;
  let index: TerritoryIndex;
  let barrier: ReturnType<typeof rasterizeDefences>;
  let breached: ReturnType<typeof rasterizeDefences>;

  beforeAll(async () => {
    dem = await readGeoTIFFFile(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
    index = buildTerritoryIndex({ dem, communes, communeIdColumn: 'dist_code', communeNameColumn: 'dist_lname', population, buildings });
    barrier = rasterizeDefences(dem, defences, { crestColumn: 'alt' });
    breached = rasterizeDefences(dem, defences, {
      crestColumn: 'alt',
      breachedRows: Array.from({ length: defences.numRows }, (_, row) => row),
    });
  });

  const compare = (level: number, breach: boolean) => {
    const grids = breach ? breached : barrier;
    const { depth } = computeStaticSubmersion(dem, {
      stillWaterLevelMetres: level,
      barrier: grids.barrier,
      ...(grids.breaches ? { breaches: grids.breaches } : {}),
    });
    const reference = computeExposure({
      depth,
      communes: { table: communes, idColumn: 'dist_code', nameColumn: 'dist_lname' },
      population,
      buildings: { table: buildings },
    });
    const fast = computeLevelExposure(index, depth.data, depth.nodata);
    const byCommune = reference.byCommune;
    for (let row = 0; row < byCommune.numRows; row += 1) {
      expect(index.communeIds[row]).toBe(byCommune.getChild('communeId')?.get(row));
      expect(fast.floodedAreaSquareMetres[row]).toBe(byCommune.getChild('floodedAreaSquareMetres')?.get(row));
      expect(fast.population.people?.[row] ?? 0).toBe(byCommune.getChild('people')?.get(row) ?? 0);
      expect(fast.buildings[row]).toBe(byCommune.getChild('buildings')?.get(row));
    }
    expect(totalOf(fast.population.people, { includeOutside: true })).toBe(reference.totals.people ?? 0);
    expect(totalOf(fast.buildings, { includeOutside: true })).toBe(reference.totals.buildings);
    expect(totalOf(fast.floodedAreaSquareMetres, { includeOutside: true })).toBe(reference.totals.floodedAreaSquareMetres);
    expect(Array.from(fast.buildingMaximumDepthMetres)).toEqual(Array.from(reference.buildingMaximumDepthMetres));
    return reference.totals;
  };

  it('at the Xynthia peak (4.541 m NGF), defences intact: 5 459 people, 10 110 buildings', () => {
    const totals = compare(4.541, false);
    expect(Math.round(totals.people ?? 0)).toBe(5459);
    expect(totals.buildings).toBe(10_110);
  });

  it('for random levels between 2 and 7 m NGF, defences intact or breached', () => {
    fc.assert(
      fc.property(fc.double({ min: 2, max: 7, noNaN: true }), fc.boolean(), (level, breach) => {
        compare(level, breach);
      }),
      { numRuns: 6 },
    );
  });
});
