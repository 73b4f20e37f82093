/**
 * Test helpers of the warp suites: read a GeoTIFF into a Grid with the `geotiff` package, run the reference
 * `gdalwarp` live into a temporary folder, and compare two grids cell by cell. Never imported by the package.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Grid, type GridArray, createGrid } from '@jumeau/core';
import { fromArrayBuffer } from 'geotiff';
import { expect } from 'vitest';
import { createPixelMapper } from '../src/warp/pixel-mapper.js';
import { createCoordinateTransformer } from '../src/warp/transform.js';

/** Reads band 1 of a GeoTIFF (north-up) into a Grid; the EPSG code comes from the GeoKeys. */
export async function readGeoTIFFGrid(path: string): Promise<Grid> {
  const bytes = readFileSync(path);
  const tiff = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const image = await tiff.getImage();
  const [data] = (await image.readRasters({ samples: [0] })) as unknown as [GridArray];
  const [originX, originY] = image.getOrigin();
  const [resolutionX, resolutionY] = image.getResolution();
  const keys = image.getGeoKeys() as { ProjectedCSTypeGeoKey?: number; GeographicTypeGeoKey?: number; GTRasterTypeGeoKey?: number } | null;
  // GDAL writes a PixelIsPoint raster (e.g. warped from SRTM .hgt) with its tie point on the first cell centre.
  const half = keys?.GTRasterTypeGeoKey === 2 ? 0.5 : 0;
  const crs = keys?.ProjectedCSTypeGeoKey ?? keys?.GeographicTypeGeoKey ?? 0;
  const nodata = image.getGDALNoData();
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [
      (originX as number) - half * (resolutionX as number),
      resolutionX as number,
      0,
      (originY as number) - half * (resolutionY as number),
      0,
      resolutionY as number,
    ],
    crs,
    nodata: nodata ?? null,
    data,
  });
}

/** A temporary folder removed by the returned function. */
export function createScratchFolder(): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'jumeau-warp-'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** GDAL's name of each Jumeau resampling method. */
export const GDAL_RESAMPLING: Readonly<Record<string, string>> = {
  nearest: 'near',
  bilinear: 'bilinear',
  cubic: 'cubic',
  average: 'average',
  mode: 'mode',
  min: 'min',
  max: 'max',
};

/** Runs `gdalwarp -et 0 -overwrite … sources… output` (later sources painted over earlier ones) and reads the result. */
export async function runGdalwarp(sources: string | readonly string[], output: string, args: readonly string[]): Promise<Grid> {
  const inputs = typeof sources === 'string' ? [sources] : sources;
  execFileSync('gdalwarp', ['-q', '-overwrite', '-et', '0', ...args, ...inputs, output], { stdio: ['ignore', 'ignore', 'pipe'] });
  return readGeoTIFFGrid(output);
}

/** `-te minX minY maxX maxY -tr resX resY` of a grid's layout (north-up). */
export function layoutArguments(grid: Grid): string[] {
  const [originX, resolutionX, , originY, , resolutionY] = grid.transform;
  const maxX = originX + grid.width * resolutionX;
  const minY = originY + grid.height * resolutionY;
  return ['-te', String(originX), String(minY), String(maxX), String(originY), '-tr', String(resolutionX), String(-resolutionY)];
}

/** Comparison of two grids on the same layout. */
export interface GridComparison {
  /** Cells where both hold a value. */
  readonly compared: number;
  /** Largest absolute difference over `compared`. */
  readonly maximumDifference: number;
  /** Cells valid in exactly one of the grids. */
  readonly validityMismatches: number;
  readonly mismatchIndexes: readonly number[];
}

function isValue(value: number, nodata: number | null): boolean {
  return !Number.isNaN(value) && (nodata === null || value !== nodata);
}

/** Compares `actual` and `expected` cell by cell, over the cells where `include(index)` is true. */
export function compareGrids(actual: Grid, expected: Grid, include: (index: number) => boolean = () => true): GridComparison {
  let compared = 0;
  let maximumDifference = 0;
  const mismatchIndexes: number[] = [];
  for (let index = 0; index < expected.data.length; index += 1) {
    if (!include(index)) continue;
    const a = actual.data[index] as number;
    const e = expected.data[index] as number;
    const aValid = isValue(a, actual.nodata);
    const eValid = isValue(e, expected.nodata);
    if (aValid !== eValid) {
      mismatchIndexes.push(index);
      continue;
    }
    if (!aValid) continue;
    compared += 1;
    maximumDifference = Math.max(maximumDifference, Math.abs(a - e));
  }
  return { compared, maximumDifference, validityMismatches: mismatchIndexes.length, mismatchIndexes: mismatchIndexes.slice(0, 20) };
}

/** Reads an SRTM `.hgt` tile (big-endian Int16, 1° square, nodata −32768) as GDAL's SRTMHGT driver does. */
export function readHgtGrid(path: string, south: number, west: number): Grid<Int16Array> {
  const bytes = readFileSync(path);
  const size = Math.round(Math.sqrt(bytes.byteLength / 2));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Int16Array(size * size);
  for (let index = 0; index < data.length; index += 1) data[index] = view.getInt16(index * 2, false);
  const cell = 1 / (size - 1);
  return createGrid({
    width: size,
    height: size,
    transform: [west - cell / 2, cell, 0, south + 1 + cell / 2, 0, -cell],
    crs: 4326,
    nodata: -32768,
    units: 'm',
    data,
  });
}

/**
 * Target cells whose outcome hinges on a sub-`epsilon`-pixel position: a cell centre (nearest, bilinear, cubic)
 * or a cell corner (average, mode, min, max) whose source position lies within `epsilon` source pixels of a
 * source cell edge. PROJ 9.1's series inverse of LAEA is ~0.6 mm (3e-5 pixel at 20 m) off the exact inverse
 * Jumeau uses, enough to pick a neighbouring cell there, so those cells are not comparable.
 */
export function ambiguousCells(source: Grid, target: Grid, method: string, epsilon: number): Uint8Array {
  const corners = method === 'average' || method === 'mode' || method === 'min' || method === 'max';
  const mapPixels = createPixelMapper(target.transform, source.transform, createCoordinateTransformer(target.crs, source.crs));
  const ambiguous = new Uint8Array(target.width * target.height);
  const near = (value: number) => Math.abs(value - Math.round(value)) < epsilon;
  const xy = new Float64Array((target.width + 1) * 2);
  let previous = new Uint8Array(target.width + 1);
  for (let row = 0; row <= target.height; row += 1) {
    const current = new Uint8Array(target.width + 1);
    for (let column = 0; column <= target.width; column += 1) {
      xy[2 * column] = column + (corners ? 0 : 0.5);
      xy[2 * column + 1] = row + (corners ? 0 : 0.5);
    }
    mapPixels(xy);
    for (let column = 0; column <= target.width; column += 1) {
      current[column] = near(xy[2 * column] as number) || near(xy[2 * column + 1] as number) ? 1 : 0;
    }
    for (let column = 0; column < target.width; column += 1) {
      const flagged = corners ? previous[column] || current[column + 1] : current[column];
      if (row < target.height && !corners && flagged) ambiguous[row * target.width + column] = 1;
      if (row > 0 && corners && flagged) ambiguous[(row - 1) * target.width + column] = 1;
    }
    previous = current;
  }
  return ambiguous;
}

/**
 * Asserts `actual` equals the gdalwarp `reference` within `tolerance` on every comparable cell. Only warps
 * through LAEA (EPSG:3035), where PROJ 9.1's inverse is sub-millimetre off, exclude the {@link ambiguousCells}.
 */
export function expectGdalMatch(source: Grid, actual: Grid, reference: Grid, method: string, tolerance = 1e-3): GridComparison {
  const epsilon = actual.crs === 3035 || source.crs === 3035 ? 1e-4 : 0;
  expect([reference.width, reference.height]).toEqual([actual.width, actual.height]);
  for (let index = 0; index < 6; index += 1) {
    expect(Math.abs((actual.transform[index] as number) - (reference.transform[index] as number))).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(actual.transform[index] as number)),
    );
  }
  const ambiguous = ambiguousCells(source, actual, method, epsilon);
  const comparison = compareGrids(actual, reference, (index) => ambiguous[index] === 0);
  const excluded = ambiguous.reduce((sum, flag) => sum + flag, 0);
  expect(excluded).toBeLessThanOrEqual(0.005 * ambiguous.length);
  expect(comparison.validityMismatches).toBe(0);
  expect(comparison.maximumDifference).toBeLessThanOrEqual(tolerance);
  expect(comparison.compared).toBeGreaterThan(0);
  return comparison;
}
