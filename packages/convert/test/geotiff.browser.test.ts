/**
 * The GeoTIFF reader and COG writer in Chromium: DEFLATE goes through CompressionStream / DecompressionStream
 * (no node:zlib there). A COG written in the browser reads back identical, whole and by window and overview.
 */
import { createGrid, cropGrid, isJumeauError } from '@jumeau/core';
import { describe, expect, it } from 'vitest';
import { readGeoTIFF, readGeoTIFFInfo, writeCOG } from '../src/index.js';

function terrain(width: number, height: number) {
  const grid = createGrid({
    width,
    height,
    transform: [364927.14666668, 20, 0, 6550092.5655556, 0, -20],
    crs: 2154,
    nodata: -9999,
    units: 'm',
  });
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      grid.data[row * width + column] = column < 40 ? -9999 : Math.fround(20 * Math.sin(column / 37) * Math.cos(row / 23) + row / 50);
    }
  }
  return grid;
}

describe('GeoTIFF in the browser', () => {
  it('is running without node:zlib', () => {
    expect(typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node).not.toBe('string');
  });

  it('writes a COG with CompressionStream and reads it back with DecompressionStream', async () => {
    const grid = terrain(700, 530);
    const bytes = await writeCOG(grid, { blockSize: 256 });
    const info = await readGeoTIFFInfo(bytes);
    expect(info).toMatchObject({ width: 700, height: 530, crs: 2154, nodata: -9999, units: 'm', compression: 'deflate', predictor: 3 });
    expect(info.overviews.map((overview) => [overview.width, overview.height])).toEqual([
      [350, 265],
      [175, 133],
    ]);
    expect((await readGeoTIFF(bytes)).data).toEqual(grid.data);
    const window = { column: 250, row: 100, width: 300, height: 200 };
    expect((await readGeoTIFF(bytes, { window })).data).toEqual(cropGrid(grid, window).data);
    const overview = await readGeoTIFF(bytes, { overview: 1 });
    expect(overview.data[0]).toBe(-9999);
    const cell = (column: number, row: number) => grid.data[row * 700 + column] as number;
    expect(overview.data[10 * 350 + 100]).toBeCloseTo((cell(200, 20) + cell(201, 20) + cell(200, 21) + cell(201, 21)) / 4, 4);
  });

  it('reports corrupt DEFLATE data as a format error', async () => {
    const bytes = await writeCOG(terrain(64, 64), { blockSize: 32, overviewCount: 0 });
    const info = await readGeoTIFFInfo(bytes);
    expect(info.tiled).toBe(true);
    const corrupt = bytes.slice();
    corrupt.fill(0x55, corrupt.length - 200, corrupt.length - 20);
    const error = await readGeoTIFF(corrupt).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isJumeauError(error, 'format'), String(error)).toBe(true);
  });
});
