/**
 * Browser-side access to ../shared (read in place through vitest's `readFile` command, never copied).
 * Vite only serves files under the workspace root, so the first path is `../shared/data` (allowed when the
 * root config lists it in `server.fs.allow`) and the fallback is the gitignored link
 * `packages/layers/test-output/shared-data → ../shared/data` (created by `node packages/layers/test/link-shared-data.mjs`).
 */
import { createGrid, type Grid } from '@jumeau/core';
import { fromArrayBuffer } from 'geotiff';
import { commands } from 'vitest/browser';

const ROOTS = ['../shared/data', 'packages/layers/test-output/shared-data'];

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function readShared(relative: string, encoding: 'base64' | 'utf-8'): Promise<string> {
  const errors: string[] = [];
  for (const root of ROOTS) {
    try {
      return (await commands.readFile(`${root}/${relative}`, { encoding })) as string;
    } catch (error) {
      errors.push(String(error));
    }
  }
  throw new Error(`Cannot read shared data ${relative}: ${errors.join(' | ')} — run node packages/layers/test/link-shared-data.mjs`);
}

/** The bytes of a file of ../shared/data. */
export async function readSharedBytes(relative: string): Promise<Uint8Array> {
  return base64ToBytes(await readShared(relative, 'base64'));
}

/** A JSON file of ../shared/data. */
export async function readSharedJson<T>(relative: string): Promise<T> {
  return JSON.parse(await readShared(relative, 'utf-8')) as T;
}

/** A single-band GeoTIFF of ../shared/data as a Grid (read with the `geotiff` package). */
export async function readSharedGeoTiff(relative: string, crs: number): Promise<Grid<Float32Array>> {
  const bytes = await readSharedBytes(relative);
  const tiff = await fromArrayBuffer(bytes.buffer as ArrayBuffer);
  const image = await tiff.getImage();
  const [originX, originY] = image.getOrigin();
  const [pixelWidth, pixelHeight] = image.getResolution();
  const rasters = await image.readRasters({ interleave: true });
  const data = Float32Array.from(rasters as unknown as ArrayLike<number>);
  const nodata = image.getGDALNoData();
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX as number, pixelWidth as number, 0, originY as number, 0, pixelHeight as number],
    crs,
    nodata: nodata ?? null,
    verticalDatum: 'NGF-IGN69',
    units: 'm',
    data,
  }) as Grid<Float32Array>;
}
