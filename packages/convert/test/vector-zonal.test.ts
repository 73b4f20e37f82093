import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGrid, featureTableFromGeoJSON, type FeatureTable, type Grid } from '@jumeau/core';
import { zonalStats } from '../src/vector/zonal-stats.js';
import { OLERON_DEM, OLERON_LAYERS, readGeoTiffGrid, readLambert93, run, toLambert93GeoJSON, workFolder } from './vector-fixtures.js';

type Statistics = Record<'count' | 'sum' | 'mean' | 'min' | 'max', number>;
type Reference = Record<string, { centre: Statistics; area: Statistics & { polygonArea: number } }>;

describe('zonalStats on the Oléron DEM and communes, against GDAL/GEOS + numpy', () => {
  let dem: Grid;
  let districts: FeatureTable;
  let reference: Reference;

  beforeAll(async () => {
    dem = await readGeoTiffGrid(OLERON_DEM, 2154);
    const districtsPath = toLambert93GeoJSON(OLERON_LAYERS, 'districts', 'districts');
    districts = readLambert93(districtsPath);
    const output = join(workFolder, 'zonal-reference.json');
    run('/usr/bin/python3', [join(import.meta.dirname, 'reference', 'vector-zonal-reference.py'), OLERON_DEM, districtsPath, output]);
    reference = JSON.parse(readFileSync(output, 'utf8')) as Reference;
  });

  it('centre weighting equals the gdal.RasterizeLayer masks exactly', () => {
    const table = zonalStats(dem, districts, { id: 'dist_code', weighting: 'centre' });
    expect(table.numRows).toBe(6);
    for (let row = 0; row < table.numRows; row += 1) {
      const expected = reference[table.getChild('dist_code')?.get(row) as string]?.centre as Statistics;
      expect(table.getChild('count')?.get(row)).toBe(expected.count);
      expect(table.getChild('sum')?.get(row)).toBeCloseTo(expected.sum, 3);
      expect(table.getChild('mean')?.get(row)).toBeCloseTo(expected.mean, 9);
      expect(table.getChild('min')?.get(row)).toBe(expected.min);
      expect(table.getChild('max')?.get(row)).toBe(expected.max);
    }
  });

  it('area weighting equals GEOS polygon ∩ cell areas, and counts sum to the polygon areas', () => {
    const table = zonalStats(dem, districts, { id: 'dist_code', weighting: 'area' });
    for (let row = 0; row < table.numRows; row += 1) {
      const expected = reference[table.getChild('dist_code')?.get(row) as string]?.area as Statistics & { polygonArea: number };
      const count = table.getChild('count')?.get(row) as number;
      expect(Math.abs(count - expected.count) / expected.count).toBeLessThan(1e-12);
      // One commune pokes 0.07 m² out of the DEM's top edge: the count is the polygon's area inside the grid.
      expect(count * 400).toBeLessThanOrEqual(expected.polygonArea * (1 + 1e-12));
      expect(count * 400).toBeGreaterThan(expected.polygonArea * (1 - 1e-8));
      expect(Math.abs((table.getChild('sum')?.get(row) as number) - expected.sum) / Math.abs(expected.sum)).toBeLessThan(1e-12);
      expect(table.getChild('mean')?.get(row)).toBeCloseTo(expected.mean, 10);
      expect(table.getChild('min')?.get(row)).toBe(expected.min);
      expect(table.getChild('max')?.get(row)).toBe(expected.max);
    }
  });

  it('ignores nodata cells and keys by row without an id column', () => {
    const data = new Float32Array(dem.data);
    for (let cell = 0; cell < data.length; cell += 2) data[cell] = -9999;
    const holed = createGrid({ ...dem, nodata: -9999, data });
    const table = zonalStats(holed, districts, { statistics: ['count', 'min'] });
    const full = zonalStats(dem, districts, { statistics: ['count'] });
    expect(table.schema.fields.map((field) => field.name)).toEqual(['row', 'count', 'min']);
    for (let row = 0; row < 6; row += 1) {
      expect(table.getChild('count')?.get(row)).toBeLessThan((full.getChild('count')?.get(row) as number) * 0.51);
      expect(table.getChild('min')?.get(row)).toBeGreaterThan(-9999);
    }
  });

  it('property: the coverage of any axis-aligned rectangle is its exact area, in or out of the grid', () => {
    const grid = createGrid({ width: 10, height: 8, transform: [0, 1, 0, 8, 0, -1], crs: 2154, dataType: 'float64' });
    grid.data.fill(1);
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 12, noNaN: true }),
        fc.double({ min: -3, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 6, noNaN: true }),
        fc.double({ min: 0.01, max: 6, noNaN: true }),
        fc.boolean(),
        (x, y, w, h, clockwise) => {
          const ring = [
            [x, y],
            [x + w, y],
            [x + w, y + h],
            [x, y + h],
            [x, y],
          ];
          if (clockwise) ring.reverse();
          const zones = featureTableFromGeoJSON(
            {
              type: 'FeatureCollection',
              features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }],
            },
            { crs: 2154 },
          );
          const count = zonalStats(grid, zones, { weighting: 'area', statistics: ['count'] })
            .getChild('count')
            ?.get(0) as number;
          const visible = Math.max(0, Math.min(x + w, 10) - Math.max(x, 0)) * Math.max(0, Math.min(y + h, 8) - Math.max(y, 0));
          expect(count).toBeCloseTo(visible, 9);
        },
      ),
    );
  });

  it('rejects lines as zones and an unknown id column', () => {
    expect(() => zonalStats(dem, districts, { id: 'insee' })).toThrow(/"insee"/);
    expect(() => zonalStats(dem, districts, { statistics: ['median' as never] })).toThrow(/statistics/);
  });
});
