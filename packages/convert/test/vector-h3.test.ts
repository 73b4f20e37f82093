import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { createGrid, featureTableFromGeoJSON } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { toH3 } from '../src/vector/to-h3.js';

// INSEE Filosofi 2021, 200 m cells of tile 4/11 (Oléron), lower-left corners in EPSG:3035.
const rows = readFileSync(sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map(([, x, y, inhabitants]) => ({ x: Number(x) + 100, y: Number(y) + 100, inhabitants: Number(inhabitants) }));
const PUBLISHED_TOTAL = 26_820.5;

const points = featureTableFromGeoJSON(
  {
    type: 'FeatureCollection',
    features: rows.map((cell) => ({
      type: 'Feature',
      properties: { ind: cell.inhabitants },
      geometry: { type: 'Point', coordinates: [cell.x, cell.y] },
    })),
  },
  { crs: 3035 },
);

function sumOf(values: Iterable<unknown>): number {
  let total = 0;
  for (const value of values) total += value as number;
  return total;
}

describe('toH3', () => {
  it('preserves the population of the INSEE 200 m grid (points and grid give the same cells)', () => {
    expect(rows.length).toBe(1507);
    expect(sumOf(rows.map((cell) => cell.inhabitants))).toBeCloseTo(PUBLISHED_TOTAL, 6);
    const fromPoints = toH3(points, 8, { aggregate: 'sum', value: 'ind' });
    expect(sumOf(fromPoints.getChild('value') ?? [])).toBeCloseTo(PUBLISHED_TOTAL, 6);
    expect(sumOf(fromPoints.getChild('count') ?? [])).toBe(1507);
    // The same cells as a 256 × 256 grid of the tile (X 3404800…3456000, Y 2563200…2614400), empty cells nodata.
    const data = new Float64Array(256 * 256).fill(-1);
    for (const cell of rows) data[Math.floor((2_614_400 - cell.y) / 200) * 256 + Math.floor((cell.x - 3_404_800) / 200)] = cell.inhabitants;
    const grid = createGrid({ width: 256, height: 256, transform: [3_404_800, 200, 0, 2_614_400, 0, -200], crs: 3035, nodata: -1, data });
    const fromGrid = toH3(grid, 8, { aggregate: 'sum' });
    expect([...(fromGrid.getChild('h3') ?? [])]).toEqual([...(fromPoints.getChild('h3') ?? [])]);
    expect(sumOf(fromGrid.getChild('value') ?? [])).toBeCloseTo(PUBLISHED_TOTAL, 6);
  });

  it('puts each point in the cell h3-js gives for its PROJ (cs2cs) longitude/latitude', () => {
    // EPSG axis order: cs2cs reads northing easting (EPSG:3035) and writes latitude longitude (EPSG:4326).
    const output = execFileSync('cs2cs', ['-f', '%.12f', 'EPSG:3035', 'EPSG:4326'], {
      input: rows.map((cell) => `${cell.y} ${cell.x}`).join('\n'),
      encoding: 'utf8',
    });
    const expected = new Map<string, number>();
    output
      .trim()
      .split('\n')
      .forEach((line, index) => {
        const [latitude, longitude] = line.split(/\s+/).map(Number) as [number, number];
        const cell = latLngToCell(latitude, longitude, 9);
        expected.set(cell, (expected.get(cell) ?? 0) + (rows[index]?.inhabitants as number));
      });
    const table = toH3(points, 9, { aggregate: 'sum', value: 'ind' });
    expect(table.numRows).toBe(expected.size);
    for (let row = 0; row < table.numRows; row += 1) {
      expect(table.getChild('value')?.get(row)).toBeCloseTo(expected.get(table.getChild('h3')?.get(row) as string) as number, 9);
    }
  });

  it('aggregates mean, min, max and count consistently', () => {
    const mean = toH3(points, 7, { aggregate: 'mean', value: 'ind' });
    const minimum = toH3(points, 7, { aggregate: 'min', value: 'ind' });
    const maximum = toH3(points, 7, { aggregate: 'max', value: 'ind' });
    const count = toH3(points, 7, { aggregate: 'count' });
    const sum = toH3(points, 7, { aggregate: 'sum', value: 'ind' });
    for (let row = 0; row < mean.numRows; row += 1) {
      const n = count.getChild('value')?.get(row) as number;
      expect((mean.getChild('value')?.get(row) as number) * n).toBeCloseTo(sum.getChild('value')?.get(row) as number, 9);
      expect(minimum.getChild('value')?.get(row)).toBeLessThanOrEqual(maximum.getChild('value')?.get(row) as number);
    }
  });

  it('rejects a bad resolution, lines and a missing value column', () => {
    expect(() => toH3(points, 16)).toThrow(/0…15, got 16/);
    expect(() => toH3(points, 8, { aggregate: 'sum' })).toThrow(/needs a value column/);
  });
});
