import { readFileSync } from 'node:fs';
import { featureTableFromGeoJSON, featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { describe, expect, it } from 'vitest';
import { computeShorelineExposure, computeShorelineRates, projectShoreline, readMobiTCIntersections } from '../src/index.js';

const intersections = readFileSync(sharedDataPath('camargue-shorelines-cerema-mobitc', 'transects_intersections_IntersTDC-v1.txt'), 'utf8');
const projection = projectShoreline(computeShorelineRates(readMobiTCIntersections(intersections)), {
  horizonYear: 2100,
  majorEventRetreatMetres: 20,
});
const communes = featureTableFromGeoJSON(
  JSON.parse(
    readFileSync(
      sharedDataPath('admin-express-2018-geojson', 'departements/13-bouches-du-rhone/communes-13-bouches-du-rhone.geojson'),
      'utf8',
    ),
  ),
  { crs: 4326 },
);

type Ring = number[][];
const bandPolygons = featureTableToGeoJSON(projection.erosionBand).features.map(
  (feature) => (feature.geometry as { coordinates: Ring[] }).coordinates,
);

/** Plain even-odd point-in-polygon (PNPOLY), the independent reference of the band's cells. */
function insideBand(x: number, y: number): boolean {
  let inside = false;
  for (const rings of bandPolygons) {
    for (const ring of rings) {
      for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
        const [xi, yi] = ring[index] as [number, number];
        const [xj, yj] = ring[previous] as [number, number];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

// The band's extent, on a 10 m grid with a 200 m margin, aligned on 200 m so that population cells hold 20 × 20 cells.
const xs = bandPolygons.flatMap((rings) => rings.flatMap((ring) => ring.map((point) => point[0] as number)));
const ys = bandPolygons.flatMap((rings) => rings.flatMap((ring) => ring.map((point) => point[1] as number)));
const minimumX = Math.floor(Math.min(...xs) / 200) * 200 - 200;
const maximumY = Math.ceil(Math.max(...ys) / 200) * 200 + 200;
const width = (Math.ceil(Math.max(...xs) / 200) * 200 + 200 - minimumX) / 10;
const height = (maximumY - (Math.floor(Math.min(...ys) / 200) * 200 - 200)) / 10;
const grid = { width, height, transform: [minimumX, 10, 0, maximumY, 0, -10], crs: 2154 };

/** A deterministic generator (a linear congruential one): the same buildings every run. */
function* randomPoints(count: number): Generator<[number, number]> {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let index = 0; index < count; index += 1) yield [minimumX + next() * width * 10, maximumY - next() * height * 10];
}

describe('computeShorelineExposure on the Camargue shoreline projected to 2100 (MobiTC rates, Lmax 20 m)', () => {
  const points = [...randomPoints(4000)];
  const buildings = featureTableFromGeoJSON(
    {
      type: 'FeatureCollection',
      features: points.map((coordinates, index) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates },
        properties: { usage1: index % 3 === 0 ? 'Résidentiel' : 'Agricole' },
      })),
    },
    { crs: 2154 },
  );
  // One person per 200 m population cell over the grid, in the grid's CRS.
  const populationColumns = width / 20;
  const populationRows = height / 20;
  const lowerLeftX = new Float64Array(populationColumns * populationRows);
  const lowerLeftY = new Float64Array(populationColumns * populationRows);
  for (let row = 0; row < populationRows; row += 1) {
    for (let column = 0; column < populationColumns; column += 1) {
      lowerLeftX[row * populationColumns + column] = minimumX + column * 200;
      lowerLeftY[row * populationColumns + column] = maximumY - (row + 1) * 200;
    }
  }
  const population = {
    crs: 2154,
    cellSizeMetres: 200,
    lowerLeftX,
    lowerLeftY,
    values: { people: new Float64Array(populationColumns * populationRows).fill(1) },
  };
  const result = computeShorelineExposure({
    projection,
    grid,
    communes: { table: communes, idColumn: 'code', nameColumn: 'nom' },
    buildings: { table: buildings, useColumn: 'usage1' },
    population,
  });

  it('burns exactly the cells whose centre lies in the band (PNPOLY reference), close to its exact area', () => {
    let lost = 0;
    let mismatches = 0;
    for (let row = 0; row < height; row += 1) {
      for (let column = 0; column < width; column += 1) {
        const expected = insideBand(minimumX + (column + 0.5) * 10, maximumY - (row + 0.5) * 10) ? 1 : 0;
        if (result.band.data[row * width + column] !== expected) mismatches += 1;
        lost += expected;
      }
    }
    expect(mismatches).toBe(0);
    expect(lost).toBeGreaterThan(1000);
    expect(result.totals.floodedAreaSquareMetres).toBe(lost * 100);
    expect(result.bandAreaSquareMetres).toBe(projection.areaLostSquareMetres);
    expect(Math.abs(lost * 100 - projection.areaLostSquareMetres) / projection.areaLostSquareMetres).toBeLessThan(0.03);
  });

  it('counts a building when the cell under it is lost, by use, and people by the lost share of each cell', () => {
    const expectedInBand = points.map(([x, y]) => {
      const column = Math.floor((x - minimumX) / 10);
      const row = Math.floor((maximumY - y) / 10);
      return insideBand(minimumX + (column + 0.5) * 10, maximumY - (row + 0.5) * 10) ? 1 : 0;
    });
    expect([...result.buildingsInBand]).toEqual(expectedInBand);
    const exposed = expectedInBand.reduce<number>((sum, value) => sum + value, 0);
    expect(exposed).toBeGreaterThan(20);
    expect(result.totals.buildings).toBe(exposed);
    const residential = expectedInBand.filter((value, index) => value === 1 && index % 3 === 0).length;
    expect(result.totals['buildings:Résidentiel']).toBe(residential);
    // 1 person per 200 m cell, 400 cells of 10 m each: people = lost cells / 400.
    expect(result.totals.people).toBeCloseTo((result.totals.floodedAreaSquareMetres as number) / 100 / 400, 9);
  });

  it('puts the lost land of Beauduc in Arles (13004), the rest outside the simplified communes (sea)', () => {
    const ids = result.byCommune.getChild('communeId')?.toArray() as string[];
    const areas = result.byCommune.getChild('floodedAreaSquareMetres')?.toArray() as Float64Array;
    const lostIn = ids.filter((_, row) => (areas[row] as number) > 0);
    expect(lostIn.length).toBeGreaterThan(0);
    expect(lostIn).toEqual(['13004']);
    const inCommunes = [...areas].reduce((sum, area) => sum + area, 0);
    expect(inCommunes + (result.totals['outsideCommunes:floodedAreaSquareMetres'] ?? 0)).toBeCloseTo(
      result.totals.floodedAreaSquareMetres as number,
      6,
    );
  });

  it('refuses a missing projection with a typed error', () => {
    expect(() => computeShorelineExposure({ grid, communes: { table: communes, idColumn: 'code' } } as never)).toThrow(
      expect.objectContaining({ code: 'input' }),
    );
    try {
      computeShorelineExposure({ grid, communes: { table: communes, idColumn: 'code' } } as never);
    } catch (error) {
      expect(isJumeauError(error)).toBe(true);
    }
  });
});
