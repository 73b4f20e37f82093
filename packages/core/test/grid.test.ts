import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type GeoTransform,
  assertSameGrid,
  cellArea,
  cellAt,
  cellToWorld,
  createGrid,
  createGridLike,
  cropGrid,
  gridBounds,
  gridDataType,
  isNodata,
  isSameGrid,
  sampleGrid,
  windowForBounds,
  worldToCell,
} from '../src/index.js';

// The real georeference of the Oléron 20 m DEM (shared/data/oleron/PROVENANCE.md).
const OLERON: GeoTransform = [364927.14666668, 20, 0, 6550092.5655556, 0, -20];

describe('createGrid', () => {
  it('allocates zeroed values of the requested type and keeps metadata', () => {
    const grid = createGrid({
      width: 631,
      height: 906,
      transform: OLERON,
      crs: 'EPSG:2154',
      nodata: -9999,
      verticalDatum: 'NGF-IGN69',
      units: 'm',
    });
    expect(grid.data).toBeInstanceOf(Float32Array);
    expect(grid.data.length).toBe(631 * 906);
    expect(grid.crs).toBe(2154);
    expect(grid.verticalDatum).toBe('NGF-IGN69');
    expect(gridDataType(createGrid({ width: 2, height: 2, transform: OLERON, crs: 2154, dataType: 'uint16' }))).toBe('uint16');
  });

  it('uses the given array without copying', () => {
    const data = new Int16Array(6);
    const grid = createGrid({ width: 3, height: 2, transform: OLERON, crs: 2154, data });
    expect(grid.data).toBe(data);
  });

  it('names what is wrong', () => {
    expect(() => createGrid({ width: 3, height: 2, transform: OLERON, crs: 2154, data: new Float32Array(5) })).toThrow(
      /5 values but 3 × 2 = 6 are needed/,
    );
    expect(() => createGrid({ width: 3, height: 2, transform: [0, 0, 0, 0, 0, 0], crs: 2154 })).toThrow(/degenerate/);
    expect(() => createGrid({ width: 3, height: 2, transform: [0, 1, 0, Number.NaN, 0, -1], crs: 2154 })).toThrow(/transform\.3: .*NaN/);
    expect(() => createGrid({ width: 3, height: 2, transform: OLERON, crs: 'Lambert93' })).toThrow(/Cannot read the CRS/);
    expect(() => createGrid({ width: 1e6, height: 1e6, transform: OLERON, crs: 2154 })).toThrow(/over the maximum/);
    expect(() =>
      createGrid({ width: 2, height: 1, transform: OLERON, crs: 2154, data: new Uint8ClampedArray(2) as unknown as Uint8Array }),
    ).toThrow(/Uint8ClampedArray/);
    expect(() => createGrid({ width: 2, height: 1, transform: OLERON, crs: 2154, data: new Float32Array(2), dataType: 'int16' })).toThrow(
      /does not match/,
    );
  });

  it('createGridLike copies the georeference', () => {
    const dem = createGrid({ width: 4, height: 3, transform: OLERON, crs: 2154, nodata: -9999, units: 'm' });
    const mask = createGridLike(dem, { dataType: 'uint8', nodata: null, units: null });
    expect(isSameGrid(dem, mask)).toBe(true);
    expect(mask.data).toBeInstanceOf(Uint8Array);
    expect(mask.nodata).toBeNull();
  });
});

describe('georeference helpers', () => {
  const dem = createGrid({ width: 631, height: 906, transform: OLERON, crs: 2154, nodata: -9999 });

  it('places cell centres and corners like GDAL', () => {
    expect(cellToWorld(OLERON, 0, 0)).toEqual([364927.14666668, 6550092.5655556]);
    const [x, y] = cellToWorld(OLERON, 0.5, 0.5);
    expect(x).toBeCloseTo(364937.14666668, 6);
    expect(y).toBeCloseTo(6550082.5655556, 6);
    const bounds = gridBounds(dem);
    expect(bounds[0]).toBeCloseTo(364927.14666668, 6);
    expect(bounds[1]).toBeCloseTo(6531972.5655556, 6);
    expect(bounds[2]).toBeCloseTo(377547.14666668, 6);
    expect(bounds[3]).toBeCloseTo(6550092.5655556, 6);
    expect(cellArea(OLERON)).toBe(400);
  });

  it('round-trips world ↔ cell for any transform (property)', () => {
    const transform = fc.tuple(
      fc.double({ min: -1e6, max: 1e7, noNaN: true }),
      fc.double({ min: 0.01, max: 1000, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -1e6, max: 1e7, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -1000, max: -0.01, noNaN: true }),
    );
    fc.assert(
      fc.property(
        transform,
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        (t, column, row) => {
          const [x, y] = cellToWorld(t, column, row);
          const [backColumn, backRow] = worldToCell(t, x, y);
          const scale = Math.max(1, Math.abs(x), Math.abs(y)) * 1e-9;
          expect(Math.abs(backColumn - column) * Math.abs(t[1])).toBeLessThan(scale * 10 + 1e-6);
          expect(Math.abs(backRow - row) * Math.abs(t[5])).toBeLessThan(scale * 10 + 1e-6);
        },
      ),
    );
  });

  it('finds the cell under a point and samples it, with nodata', () => {
    const grid = createGrid({
      width: 2,
      height: 2,
      transform: [0, 10, 0, 20, 0, -10],
      crs: 2154,
      nodata: -9999,
      data: new Float32Array([1, 2, -9999, Number.NaN]),
    });
    expect(cellAt(grid, 15, 15)).toEqual([1, 0]);
    expect(cellAt(grid, 25, 15)).toBeNull();
    expect(sampleGrid(grid, 5, 15)).toBe(1);
    expect(sampleGrid(grid, 5, 5)).toBeNull();
    expect(sampleGrid(grid, 15, 5)).toBeNull();
    expect(isNodata(Number.NaN, null)).toBe(true);
    expect(isNodata(0, null)).toBe(false);
  });

  it('compares grids with a tolerance and names the mismatch', () => {
    const shifted = { ...dem, transform: [OLERON[0] + 1e-7, 20, 0, OLERON[3], 0, -20] as GeoTransform };
    expect(isSameGrid(dem, shifted)).toBe(true);
    const other = { ...dem, transform: [OLERON[0] + 10, 20, 0, OLERON[3], 0, -20] as GeoTransform };
    expect(isSameGrid(dem, other)).toBe(false);
    expect(() => assertSameGrid(dem, other, ['DEM', 'roughness'])).toThrow(/The DEM \(631×906, EPSG:2154.*roughness.*not on the same grid/);
    expect(isSameGrid(dem, { ...dem, crs: 3946 })).toBe(false);
  });
});

describe('windows', () => {
  const grid = createGrid({
    width: 4,
    height: 3,
    transform: [100, 10, 0, 230, 0, -10],
    crs: 2154,
    data: Float64Array.from({ length: 12 }, (_, i) => i),
  });

  it('crops a window with the right transform and values', () => {
    const crop = cropGrid(grid, { column: 1, row: 1, width: 2, height: 2 });
    expect([...crop.data]).toEqual([5, 6, 9, 10]);
    expect(crop.transform).toEqual([110, 10, 0, 220, 0, -10]);
    expect(crop.data).toBeInstanceOf(Float64Array);
    expect(() => cropGrid(grid, { column: 3, row: 0, width: 2, height: 1 })).toThrow(/not inside the 4×3 grid/);
  });

  it('finds the window covering bounds', () => {
    expect(windowForBounds(grid, [111, 201, 129, 219])).toEqual({ column: 1, row: 1, width: 2, height: 2 });
    expect(windowForBounds(grid, [110, 200, 130, 220])).toEqual({ column: 1, row: 1, width: 2, height: 2 });
    expect(windowForBounds(grid, [0, 0, 50, 50])).toBeNull();
    expect(windowForBounds(grid, [0, 0, 1000, 1000])).toEqual({ column: 0, row: 0, width: 4, height: 3 });
  });
});
