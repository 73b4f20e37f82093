import { createGrid, getCrs, isJumeauError, type GeoTransform } from '@jumeau/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createGridMesh, subdivideGrid, type GridFrame } from '../src/index.js';
import { createCoordinateTransformer } from '../src/lib/project.js';
import { groundMetresPerMercatorMetre, lonLatToMercatorMetres } from '../src/mesh/web-mercator.js';
import reference from './reference/oleron-proj-points.json' with { type: 'json' };

const OLERON: GridFrame = { width: 631, height: 906, transform: reference.geoTransform as unknown as GeoTransform, crs: 2154 };

/** True ground distance (m) between the exact position of grid point (column, row) and where the mesh draws it. */
function meshErrorMetres(frame: GridFrame, columns: readonly number[], rows: readonly number[], column: number, row: number): number {
  const i = Math.min(columns.findIndex((value) => value > column) - 1, columns.length - 2);
  const j = Math.min(rows.findIndex((value) => value > row) - 1, rows.length - 2);
  const c0 = columns[i < 0 ? columns.length - 2 : i] as number;
  const c1 = columns[(i < 0 ? columns.length - 2 : i) + 1] as number;
  const r0 = rows[j < 0 ? rows.length - 2 : j] as number;
  const r1 = rows[(j < 0 ? rows.length - 2 : j) + 1] as number;
  const transformer = createCoordinateTransformer(frame.crs, 4326);
  const t = frame.transform;
  const mercator = (c: number, r: number) => {
    const point = transformer(new Float64Array([t[0] + c * t[1] + r * t[2], t[3] + c * t[4] + r * t[5]]));
    const out = new Float64Array(2);
    lonLatToMercatorMetres(point[0] as number, point[1] as number, out, 0);
    return { x: out[0] as number, y: out[1] as number, latitude: point[1] as number };
  };
  const s = (column - c0) / (c1 - c0);
  const u = (row - r0) / (r1 - r0);
  const [topLeft, topRight, bottomLeft, bottomRight] = [mercator(c0, r0), mercator(c1, r0), mercator(c0, r1), mercator(c1, r1)];
  const other = s >= u ? topRight : bottomLeft;
  const [a, b] = s >= u ? [s, u] : [u, s];
  const x = topLeft.x + a * (other.x - topLeft.x) + b * (bottomRight.x - other.x);
  const y = topLeft.y + a * (other.y - topLeft.y) + b * (bottomRight.y - other.y);
  const truth = mercator(column, row);
  return Math.hypot(truth.x - x, truth.y - y) * groundMetresPerMercatorMetre(truth.latitude);
}

describe('reprojection adapter', () => {
  test('matches PROJ cs2cs (EPSG:2154 → 4326) on the Oléron DEM points to 1e-9°', () => {
    for (const point of Object.values(reference.points)) {
      const [longitude, latitude] = createCoordinateTransformer(2154, 4326)(new Float64Array([point.x, point.y]));
      expect(Math.abs((longitude as number) - point.longitude)).toBeLessThan(1e-9);
      expect(Math.abs((latitude as number) - point.latitude)).toBeLessThan(1e-9);
    }
  });
});

describe('subdivideGrid', () => {
  test('Oléron in Lambert-93: far fewer vertices than cells, error bound met at 2 000 random points', () => {
    const { columnBreaks, rowBreaks, maximumErrorMetres } = subdivideGrid(OLERON, 0.25);
    expect(columnBreaks[0]).toBe(0);
    expect(columnBreaks.at(-1)).toBe(631);
    expect(rowBreaks.at(-1)).toBe(906);
    expect(columnBreaks.length * rowBreaks.length).toBeLessThan((632 * 907) / 20);
    expect(maximumErrorMetres).toBeLessThanOrEqual(0.25);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 631, noNaN: true }), fc.double({ min: 0, max: 906, noNaN: true }), (column, row) => {
        expect(meshErrorMetres(OLERON, columnBreaks, rowBreaks, column, row)).toBeLessThanOrEqual(0.25);
      }),
      { numRuns: 2000 },
    );
  });

  test('a coarser bound gives a coarser mesh; one block when the grid is tiny', () => {
    const fine = subdivideGrid(OLERON, 0.05);
    const coarse = subdivideGrid(OLERON, 5);
    expect(fine.columnBreaks.length).toBeGreaterThan(coarse.columnBreaks.length);
    const tiny = subdivideGrid({ ...OLERON, width: 3, height: 3 }, 0.25);
    expect(tiny.columnBreaks).toEqual([0, 3]);
  });

  test('property: the bound holds for random grids in Lambert-93, CC46, UTM 20N (Antilles) and UTM 40S (Réunion)', () => {
    const crsCodes = [2154, 3946, 5490, 2975];
    fc.assert(
      fc.property(
        fc.constantFrom(...crsCodes),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 5, max: 400 }),
        fc.constantFrom(0.1, 0.5, 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (crs, fx, fy, cellMetres, size, bound, sx, sy) => {
          const area = getCrs(crs).areaOfUse;
          const centre = createCoordinateTransformer(
            4326,
            crs,
          )(new Float64Array([area[0] + fx * (area[2] - area[0]), area[1] + fy * (area[3] - area[1])]));
          const frame: GridFrame = {
            width: size,
            height: size,
            transform: [centre[0] as number, cellMetres, 0, centre[1] as number, 0, -cellMetres],
            crs,
          };
          const { columnBreaks, rowBreaks } = subdivideGrid(frame, bound);
          expect(meshErrorMetres(frame, columnBreaks, rowBreaks, sx * size, sy * size)).toBeLessThanOrEqual(bound);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('createGridMesh', () => {
  const dem = createGrid({
    width: 3,
    height: 2,
    transform: [364927, 20, 0, 6550092, 0, -20],
    crs: 2154,
    nodata: -9999,
    data: new Float32Array([1, 2, 3, 4, -9999, 6]),
  });

  test('with elevation: a vertex on every cell corner, at the mean of the valid cells around it', () => {
    const mesh = createGridMesh(dem, { elevation: dem });
    expect(mesh.positions.length / 3).toBe(4 * 3);
    expect(mesh.indices.length).toBe(3 * 2 * 6);
    // Corner (1, 1) touches cells 2, 3, 5, nodata → (1 + 2 + 4 + … ) see layout: row 0 = 1 2 3, row 1 = 4 nodata 6.
    expect(mesh.positions[(1 * 4 + 1) * 3 + 2]).toBeCloseTo((1 + 2 + 4) / 3, 6);
    expect(mesh.positions[(1 * 4 + 2) * 3 + 2]).toBeCloseTo((2 + 3 + 6) / 3, 6);
    expect(Array.from(mesh.texCoords.slice(-2))).toEqual([1, 1]);
  });

  test('vertices are the PROJ positions of the cell corners', () => {
    const mesh = createGridMesh(OLERON);
    const topLeft = reference.points.topLeft;
    expect(mesh.positions[0]).toBeCloseTo(topLeft.longitude, 9);
    expect(mesh.positions[1]).toBeCloseTo(topLeft.latitude, 9);
    const last = mesh.positions.length - 3;
    expect(mesh.positions[last]).toBeCloseTo(reference.points.bottomRight.longitude, 9);
    expect(mesh.positions[last + 1]).toBeCloseTo(reference.points.bottomRight.latitude, 9);
  });

  test('bad input is a typed error naming the value', () => {
    expect(() => createGridMesh(dem, { maximumErrorMetres: -1 })).toThrow(/maximumErrorMetres must be > 0, got -1/);
    expect(() => createGridMesh(dem, { elevationStepCells: 0.5 })).toThrow(/elevationStepCells/);
    const other = createGrid({ width: 4, height: 2, transform: [0, 1, 0, 0, 0, -1], crs: 2154 });
    try {
      createGridMesh(dem, { elevation: other });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
      expect(String(error)).toMatch(/4×2/);
    }
  });
});
