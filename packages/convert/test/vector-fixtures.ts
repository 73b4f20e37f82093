/**
 * Test setup shared by the vector tests: real data of /work/shared converted with GDAL into a temporary folder
 * (never copied into the repository), and helpers to run the reference tools.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { createGrid, featureTableFromGeoJSON, type FeatureTable, type GeoArrowEncoding, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';

export const workFolder = mkdtempSync(join(tmpdir(), 'jumeau-vector-'));

export const COMMUNES_17 = sharedDataPath(
  'admin-express-2018-geojson',
  'departements',
  '17-charente-maritime',
  'communes-17-charente-maritime.geojson',
);
export const OLERON_LAYERS = sharedDataPath('oleron', 'layers_l93.gpkg');
export const OLERON_DEM = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');

/** Runs a command and returns its standard output. */
export function run(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

/** `ogr2ogr` a layer into a Lambert-93 GeoJSON file in the work folder and returns its path. */
export function toLambert93GeoJSON(source: string, name: string, layer?: string): string {
  const output = join(workFolder, `${name}.geojson`);
  run('ogr2ogr', [
    '-f',
    'GeoJSON',
    '-t_srs',
    'EPSG:2154',
    '-lco',
    'RFC7946=NO',
    '-lco',
    'COORDINATE_PRECISION=15',
    output,
    source,
    ...(layer ? [layer] : []),
  ]);
  return output;
}

/** A GeoJSON file in EPSG:2154 read as a feature table. */
export function readLambert93(path: string, encoding?: GeoArrowEncoding): FeatureTable {
  return featureTableFromGeoJSON(JSON.parse(readFileSync(path, 'utf8')), { crs: 2154, ...(encoding ? { encoding } : {}) });
}

/** Reads the raw little-endian Float64 values GDAL wrote with `-of ENVI -ot Float64`. */
export function readEnviFloat64(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Reads a single-band GeoTIFF of /work/shared as a core Grid with the `geotiff` npm package. */
export async function readGeoTiffGrid(path: string, crs: number): Promise<Grid> {
  const bytes = readFileSync(path);
  const tiff = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const image = await tiff.getImage();
  const [originX, originY] = image.getOrigin() as [number, number];
  const [pixelWidth, pixelHeight] = image.getResolution() as [number, number];
  const [band] = (await image.readRasters()) as unknown as [Float32Array];
  const nodata = image.getGDALNoData();
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX, pixelWidth, 0, originY, 0, pixelHeight],
    crs,
    nodata,
    data: band,
  });
}
