import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createGrid, featureTableFromGeoJSON, geometryBuffers, type FeatureTable, type Grid } from '@jumeau/core';
import { contours } from '../src/vector/contours.js';
import { writeGeoJSON } from '../src/formats/load-feature-table.js';
import { OLERON_DEM, readGeoTiffGrid, run, workFolder } from './vector-fixtures.js';

/** Sum of the lengths and number of polylines per level. */
function linesByLevel(table: FeatureTable): Map<number, { length: number; count: number }> {
  const out = new Map<number, { length: number; count: number }>();
  const [buffers] = geometryBuffers(table);
  if (!buffers) return out;
  const offsets = buffers.offsets[0] as Int32Array;
  for (let row = 0; row < buffers.length; row += 1) {
    let length = 0;
    for (let vertex = (offsets[row] as number) + 1; vertex < (offsets[row + 1] as number); vertex += 1) {
      length += Math.hypot(
        (buffers.coordinates[vertex * 2] as number) - (buffers.coordinates[vertex * 2 - 2] as number),
        (buffers.coordinates[vertex * 2 + 1] as number) - (buffers.coordinates[vertex * 2 - 1] as number),
      );
    }
    const level = table.getChild('level')?.get(row) as number;
    const entry = out.get(level) ?? { length: 0, count: 0 };
    out.set(level, { length: entry.length + length, count: entry.count + 1 });
  }
  return out;
}

/** End points of open lines, rounded to the micrometre, sorted. */
function openEnds(table: FeatureTable): string[] {
  const [buffers] = geometryBuffers(table);
  const offsets = buffers?.offsets[0] as Int32Array;
  const coordinates = buffers?.coordinates as Float64Array;
  const ends: string[] = [];
  for (let row = 0; row + 1 < offsets.length; row += 1) {
    const first = (offsets[row] as number) * 2;
    const last = ((offsets[row + 1] as number) - 1) * 2;
    if (coordinates[first] === coordinates[last] && coordinates[first + 1] === coordinates[last + 1]) continue;
    for (const index of [first, last])
      ends.push(`${(coordinates[index] as number).toFixed(6)} ${(coordinates[index + 1] as number).toFixed(6)}`);
  }
  return ends.sort();
}

interface BandStatistics {
  min: number;
  area: number;
  valid: number;
  polygons: number;
}

/** Area, validity (GEOS through OGR's SQLite dialect) and polygon count of each band of a GeoJSON file. */
function bandStatistics(path: string, layer: string): BandStatistics[] {
  const text = run('ogrinfo', [
    '-q',
    '-dialect',
    'SQLite',
    '-sql',
    `SELECT min, ST_Area(geometry) AS area, ST_IsValid(geometry) AS valid, ST_NumGeometries(geometry) AS polygons FROM "${layer}"`,
    path,
  ]);
  const values = (name: string): number[] =>
    [...text.matchAll(new RegExp(`${name} \\(\\w+\\) = (\\S+)`, 'g'))].map((match) => Number(match[1]));
  const [mins, areas, valid, polygons] = [values('min'), values('area'), values('valid'), values('polygons')];
  return areas.map((area, index) => ({
    min: mins[index] as number,
    area,
    valid: valid[index] as number,
    polygons: polygons[index] as number,
  }));
}

describe('contours against gdal_contour on the Oléron DEM', () => {
  let dem: Grid;
  let lines: FeatureTable;
  let gdalBands: BandStatistics[];
  // Offset 0.0005 m so that no DEM value equals a level (GDAL nudges such values by an epsilon).
  beforeAll(async () => {
    dem = await readGeoTiffGrid(OLERON_DEM, 2154);
    const linesPath = join(workFolder, 'contours-gdal.geojson');
    run('gdal_contour', ['-q', '-a', 'level', '-i', '5', '-off', '0.0005', '-f', 'GeoJSON', OLERON_DEM, linesPath]);
    lines = featureTableFromGeoJSON(JSON.parse(readFileSync(linesPath, 'utf8')), { crs: 2154, encoding: 'geoarrow.linestring' });
    const bandsPath = join(workFolder, 'bands-gdal.geojson');
    run('gdal_contour', ['-q', '-p', '-amin', 'min', '-amax', 'max', '-i', '5', '-off', '0.0005', '-f', 'GeoJSON', OLERON_DEM, bandsPath]);
    gdalBands = bandStatistics(bandsPath, 'contour');
  });

  it('lines with saddles: "gdal" are gdal_contour -i 5: same lines per level, lengths to 1e-8, same end points on the border', () => {
    const ours = contours(dem, { interval: 5, base: 0.0005, saddles: 'gdal' });
    const theirs = linesByLevel(lines);
    const mine = linesByLevel(ours);
    expect([...mine.keys()].sort((a, b) => a - b)).toEqual([...theirs.keys()].sort((a, b) => a - b));
    for (const [level, reference] of theirs) {
      expect(mine.get(level)?.count, `level ${level}`).toBe(reference.count);
      expect(Math.abs((mine.get(level)?.length as number) / reference.length - 1), `level ${level}`).toBeLessThan(1e-8);
    }
    const ends = openEnds(ours);
    expect(ends.length).toBeGreaterThan(50);
    expect(ends).toEqual(openEnds(lines));
    // Every open end lies on the raster border (the lines reach it, as GDAL's do).
    const [x0, , , y0] = dem.transform;
    const [x1, y1] = [x0 + 20 * dem.width, y0 - 20 * dem.height];
    for (const end of ends) {
      const [x, y] = end.split(' ').map(Number) as [number, number];
      expect(Math.min(Math.abs(x - x0), Math.abs(x - x1), Math.abs(y - y0), Math.abs(y - y1))).toBeLessThan(1e-5);
    }
  });

  it('lines with the default centre-mean saddles: same levels, lengths within 7 % (saddles of the flat marsh at 0 m)', () => {
    const mine = linesByLevel(contours(dem, { interval: 5, base: 0.0005 }));
    for (const [level, reference] of linesByLevel(lines)) {
      expect(Math.abs((mine.get(level)?.length as number) / reference.length - 1), `level ${level}`).toBeLessThan(0.07);
    }
  });

  for (const saddles of ['gdal', 'centre-mean'] as const) {
    it(`bands (saddles: ${saddles}) match gdal_contour -p band by band (area within 0.5 %), valid polygons, closed CCW rings`, () => {
      const bands = contours(dem, { interval: 5, base: 0.0005, mode: 'bands', saddles });
      const path = join(workFolder, `bands-${saddles}.geojson`);
      writeFileSync(path, writeGeoJSON(bands));
      const ours = bandStatistics(path, `bands-${saddles}`);
      expect(ours.length).toBe(gdalBands.length);
      ours.forEach((band, index) => {
        const reference = gdalBands[index] as BandStatistics;
        if (index > 0) expect(band.min).toBeCloseTo(reference.min, 9); // GDAL writes 0 as the lowest band's min.
        expect(band.valid, `band ${band.min}`).toBe(1);
        expect(Math.abs(band.area / reference.area - 1), `band ${band.min}`).toBeLessThan(saddles === 'gdal' ? 1e-6 : 0.005);
        if (saddles === 'gdal') expect(band.polygons, `band ${band.min}`).toBe(reference.polygons);
      });
      const total = ours.reduce((sum, band) => sum + band.area, 0);
      expect(Math.abs(total / (dem.width * dem.height * 400) - 1)).toBeLessThan(1e-9);
      expectClosedOrientedRings(bands);
    });
  }

  it('draws a circle on a cone, closed, at the interpolated radius; nodata cuts the lines', () => {
    const size = 41;
    const data = new Float64Array(size * size);
    for (let row = 0; row < size; row += 1)
      for (let column = 0; column < size; column += 1) data[row * size + column] = 100 - Math.hypot(column - 20, row - 20);
    const cone = createGrid({ width: size, height: size, transform: [0, 1, 0, size, 0, -1], crs: 2154, data });
    const circle = contours(cone, { levels: [90] });
    expect(circle.numRows).toBe(1);
    const [buffers] = geometryBuffers(circle);
    const coordinates = buffers?.coordinates as Float64Array;
    expect(coordinates.slice(0, 2)).toEqual(coordinates.slice(-2));
    for (let index = 0; index < coordinates.length; index += 2) {
      expect(Math.hypot((coordinates[index] as number) - 20.5, (coordinates[index + 1] as number) - (size - 20.5))).toBeCloseTo(10, 0);
    }
    const holed = Float64Array.from(data);
    holed[20 * size + 30] = Number.NaN;
    const cut = contours(createGrid({ ...cone, data: holed }), { levels: [90] });
    expect(cut.numRows).toBe(1);
    expect(linesByLevel(cut).get(90)?.length).toBeLessThan(linesByLevel(circle).get(90)?.length as number);
    // The band above 90 m is the disc, with a nodata hole cut into its rim.
    const disc = contours(cone, { levels: [90], mode: 'bands' });
    expect([...(disc.getChild('min') ?? [])]).toEqual([-Infinity, 90]);
    expect([...(disc.getChild('max') ?? [])]).toEqual([90, Infinity]);
  });

  it('resolves saddles by the centre mean by default, and as GDAL with saddles: "gdal"', () => {
    const peaks = createGrid({
      width: 4,
      height: 4,
      transform: [0, 1, 0, 4, 0, -1],
      crs: 2154,
      data: Float64Array.from([0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0]),
    });
    expect(contours(peaks, { levels: [4] }).numRows).toBe(1); // mean 5 ≥ 4: the peaks are joined
    expect(contours(peaks, { levels: [6] }).numRows).toBe(2); // mean 5 < 6: two separate rings
    expect(contours(peaks, { levels: [6], saddles: 'gdal' }).numRows).toBe(1);
    expect(contours(peaks, { levels: [6], mode: 'bands' }).numRows).toBe(2);
  });

  it('property: the bands of any grid tile it (areas add up to the raster, rings closed and oriented)', () => {
    const grids = fc.record({
      width: fc.integer({ min: 2, max: 9 }),
      height: fc.integer({ min: 2, max: 9 }),
      seed: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 81, maxLength: 81 }),
      // Quarter steps: levels often equal integer data values, the case GDAL's tolerance exists for.
      levels: fc.uniqueArray(
        fc.integer({ min: -18, max: 18 }).map((quarter) => quarter / 4),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(grids, ({ width, height, seed, levels }) => {
        const grid = createGrid({
          width,
          height,
          transform: [100, 2, 0, 50, 0, -2],
          crs: 2154,
          data: Float64Array.from(seed.slice(0, width * height)),
        });
        for (const saddles of ['centre-mean', 'gdal'] as const) {
          const bands = contours(grid, { levels, mode: 'bands', saddles });
          expect(Math.abs(expectClosedOrientedRings(bands) - width * height * 4)).toBeLessThan(1e-9 * width * height * 4);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects options without interval nor levels', () => {
    expect(() => contours(dem, {})).toThrow(/interval or levels/);
    expect(() => contours(dem, { levels: [1], mode: 'surfaces' as never })).toThrow(/mode/);
  });
});

/** Checks every ring is closed, outer rings counter-clockwise and holes clockwise; returns the total area. */
function expectClosedOrientedRings(table: FeatureTable): number {
  let total = 0;
  for (const buffers of geometryBuffers(table)) {
    const [polygonOffsets, ringOffsets, vertexOffsets] = buffers.offsets as [Int32Array, Int32Array, Int32Array];
    for (let polygon = 0; polygon + 1 < ringOffsets.length; polygon += 1) {
      for (let ring = ringOffsets[polygon] as number; ring < (ringOffsets[polygon + 1] as number); ring += 1) {
        const first = vertexOffsets[ring] as number;
        const end = vertexOffsets[ring + 1] as number;
        expect(end - first).toBeGreaterThanOrEqual(4);
        expect(buffers.coordinates[first * 2]).toBe(buffers.coordinates[(end - 1) * 2]);
        expect(buffers.coordinates[first * 2 + 1]).toBe(buffers.coordinates[(end - 1) * 2 + 1]);
        // Shoelace relative to the first vertex: Lambert-93 coordinates (~6.5e6 m) would drown small rings in rounding.
        const [originX, originY] = [buffers.coordinates[first * 2] as number, buffers.coordinates[first * 2 + 1] as number];
        let area = 0;
        for (let vertex = first; vertex + 1 < end; vertex += 1) {
          area +=
            ((buffers.coordinates[vertex * 2] as number) - originX) * ((buffers.coordinates[vertex * 2 + 3] as number) - originY) -
            ((buffers.coordinates[vertex * 2 + 2] as number) - originX) * ((buffers.coordinates[vertex * 2 + 1] as number) - originY);
        }
        expect(ring === (ringOffsets[polygon] as number) ? area > 0 : area < 0).toBe(true);
        total += area / 2;
      }
    }
    expect(polygonOffsets.length).toBeGreaterThan(0);
  }
  return total;
}
