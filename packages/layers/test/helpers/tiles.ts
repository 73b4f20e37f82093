/**
 * Test tiles made from a real grid: the hillshade of the Oléron DEM (sun at 315°, 45° high) tinted by the tile's
 * parity class (red, green, blue, yellow for column % 2 + 2 · (row % 2)), so that a rendered pixel tells which
 * tile it came from. Tiles are written as PNG under packages/layers/test-output/wmts/ and served over HTTP by
 * the test run's Vite server (nothing is copied from ../shared).
 */
import type { Grid } from '@jumeau/core';
import { commands } from 'vitest/browser';

/** The RGB tint of each parity class. */
export const TILE_TINTS: readonly (readonly [number, number, number])[] = [
  [230, 60, 60],
  [60, 200, 60],
  [60, 60, 230],
  [220, 200, 40],
];

/** Parity class of a tile: 0 red, 1 green, 2 blue, 3 yellow. */
export function tileClass(column: number, row: number): number {
  return (column % 2) + 2 * (row % 2);
}

/** The parity class a pixel colour shows (hue ratios survive the hillshade, which scales all channels). */
export function classOfColor([red, green, blue, alpha]: readonly number[]): number | null {
  if ((alpha as number) === 0) return null;
  const [r, g, b] = [red as number, green as number, blue as number];
  if (b > r && b > g) return 2;
  const ratio = g / Math.max(r, 1);
  if (ratio < 0.5) return 0;
  if (ratio > 1.6) return 1;
  if (ratio > 0.7 && ratio < 1.25 && b < 0.5 * r) return 3;
  return null;
}

/** Hillshade in [0, 1] of the DEM at a point of its CRS (nearest cell, central differences; outside: flat). */
function hillshade(dem: Grid, x: number, y: number): number {
  const t = dem.transform;
  const column = Math.floor((x - t[0]) / t[1]);
  const row = Math.floor((y - t[3]) / t[5]);
  if (column < 1 || row < 1 || column >= dem.width - 1 || row >= dem.height - 1) return 0.71;
  const z = (c: number, r: number) => dem.data[r * dem.width + c] as number;
  const dzdx = (z(column + 1, row) - z(column - 1, row)) / (2 * t[1]);
  const dzdy = (z(column, row - 1) - z(column, row + 1)) / (2 * Math.abs(t[5]));
  const slope = Math.atan(Math.hypot(dzdx, dzdy) * 3);
  const aspect = Math.atan2(dzdy, -dzdx);
  const zenith = Math.PI / 4;
  const azimuth = ((360 - 315 + 90) * Math.PI) / 180;
  return Math.max(0, Math.cos(zenith) * Math.cos(slope) + Math.sin(zenith) * Math.sin(slope) * Math.cos(azimuth - aspect));
}

/**
 * RGBA of a 256 × 256 tile: `pixelCentresInDemCrs` gives the DEM-CRS coordinates (interleaved x, y) of its
 * pixel centres, row by row from the top.
 */
export function tintedHillshadeTile(dem: Grid, pixelCentresInDemCrs: Float64Array, tint: readonly number[]): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(256 * 256 * 4);
  for (let pixel = 0; pixel < 256 * 256; pixel += 1) {
    const shade = 0.55 + 0.45 * hillshade(dem, pixelCentresInDemCrs[pixel * 2] as number, pixelCentresInDemCrs[pixel * 2 + 1] as number);
    pixels.set([(tint[0] as number) * shade, (tint[1] as number) * shade, (tint[2] as number) * shade, 255], pixel * 4);
  }
  return pixels;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

/** Encodes RGBA as PNG and writes it to `packages/layers/test-output/wmts/<relative>`; returns the URL path. */
export async function writeTilePng(relative: string, pixels: Uint8ClampedArray): Promise<string> {
  const canvas = new OffscreenCanvas(256, 256);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, 256, 256), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const path = `packages/layers/test-output/wmts/${relative}`;
  await commands.writeFile(path, bytesToBase64(new Uint8Array(await blob.arrayBuffer())), { encoding: 'base64' });
  return `/${path}`;
}
