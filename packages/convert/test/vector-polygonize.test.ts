import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGrid, geometryBuffers, type FeatureTable, type Grid } from '@jumeau/core';
import { polygonize } from '../src/vector/polygonize.js';
import { OLERON_DEM, readGeoTiffGrid } from './vector-fixtures.js';

type Summary = Record<string, { polygons: number; area: number; holes: number }>;

/** Per class: features (rows), holes and ring area (outer − holes, shoelace on the output buffers). */
function summarise(table: FeatureTable): Summary {
  const summary: Summary = {};
  const [buffers] = geometryBuffers(table);
  if (!buffers) return summary;
  const [polygons, rings, vertices] = buffers.offsets as [Int32Array, Int32Array, Int32Array];
  for (let row = 0; row < buffers.length; row += 1) {
    const key = String(table.getChild('value')?.get(row));
    const entry = (summary[key] ??= { polygons: 0, area: 0, holes: 0 });
    entry.polygons += 1;
    for (let polygon = polygons[row] as number; polygon < (polygons[row + 1] as number); polygon += 1) {
      for (let ring = rings[polygon] as number; ring < (rings[polygon + 1] as number); ring += 1) {
        if (ring > (rings[polygon] as number)) entry.holes += 1;
        let twice = 0;
        for (let vertex = (vertices[ring] as number) + 1; vertex < (vertices[ring + 1] as number); vertex += 1) {
          twice +=
            (buffers.coordinates[(vertex - 1) * 2] as number) * (buffers.coordinates[vertex * 2 + 1] as number) -
            (buffers.coordinates[vertex * 2] as number) * (buffers.coordinates[(vertex - 1) * 2 + 1] as number);
        }
        entry.area += twice / 2;
      }
    }
  }
  return summary;
}

describe('polygonize against gdal.Polygonize on the Oléron DEM in 5 m classes', () => {
  let classes: Grid;
  let reference: Record<'4' | '8', Summary>;
  beforeAll(async () => {
    const dem = await readGeoTiffGrid(OLERON_DEM, 2154);
    classes = createGrid({ ...dem, data: Float64Array.from(dem.data, (z) => Math.floor(z / 5)) });
    const script = join(import.meta.dirname, 'reference', 'vector-polygonize-reference.py');
    reference = JSON.parse(
      execFileSync('/usr/bin/python3', [script, OLERON_DEM], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    ) as Record<'4' | '8', Summary>;
  });

  for (const connectivity of [4, 8] as const) {
    it(`${connectivity}-connectivity: same polygons, holes and areas per class; areas sum to the class areas exactly`, () => {
      const cellCounts = new Map<number, number>();
      for (const value of classes.data) cellCounts.set(value, (cellCounts.get(value) ?? 0) + 1);
      const table = polygonize(classes, { connectivity });
      const ours = summarise(table);
      expect(Object.keys(ours).sort()).toEqual(Object.keys(reference[connectivity]).sort());
      for (const [value, expected] of Object.entries(reference[connectivity])) {
        const got = ours[value] as Summary[string];
        expect(got.polygons).toBe(expected.polygons);
        expect(got.holes).toBe(expected.holes);
        // Shoelace on Lambert-93 coordinates (~6.5e6 m) carries ~1e-3 m² of rounding: compare to 0.01 m² (cells are 400 m²).
        expect(Math.abs(got.area - expected.area)).toBeLessThan(0.01);
        const cells = cellCounts.get(Number(value)) as number;
        expect(Math.abs(got.area - cells * 400)).toBeLessThan(0.01);
      }
    });
  }

  it('leaves out nodata, masked cells and classes not asked for', () => {
    const data = Float64Array.from(classes.data);
    data[0] = -9999;
    const grid = createGrid({ ...classes, nodata: -9999, data });
    const mask = createGrid({ ...classes, data: new Uint8Array(classes.width * classes.height).fill(1) });
    mask.data.fill(0, 0, classes.width * 100);
    const table = polygonize(grid, { classes: [0, 1], mask });
    const summary = summarise(table);
    expect(Object.keys(summary).sort()).toEqual(['0', '1']);
    for (const value of ['0', '1']) {
      let cells = 0;
      for (let cell = classes.width * 100; cell < data.length; cell += 1) if (String(data[cell]) === value) cells += 1;
      expect(Math.abs((summary[value]?.area as number) - cells * 400)).toBeLessThan(0.01);
    }
  });

  it('rejects a mask of another size', () => {
    const mask = createGrid({ width: 2, height: 2, transform: [0, 1, 0, 2, 0, -1], crs: 2154 });
    expect(() => polygonize(classes, { mask })).toThrow(/mask is 2 × 2/);
  });
});
