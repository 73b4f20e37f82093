/**
 * Test helpers of the GeoTIFF/COG tests: run GDAL (gdal-bin, python3-gdal) on files in a temp dir and read its
 * outputs as the expected side. Test-only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Grid } from '@jumeau/core';

/** Debian's python3 (with python3-gdal), not a pyenv shim. */
export const PYTHON = '/usr/bin/python3';
export const COG_VALIDATOR = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py';

/** Runs a GDAL command line tool, returning its stdout. */
export function gdal(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A fresh temp dir and its remover. */
export function makeTempDirectory(prefix: string): { directory: string; remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/**
 * The raw little-endian values GDAL decodes for one band (and optionally one overview, 0-based as in GDAL) of a
 * file, read by python3-gdal's ReadAsArray.
 */
export function gdalValues(path: string, band = 1, overview: number | null = null, window: readonly number[] | null = null): Buffer {
  const select = overview === null ? 'b' : `b.GetOverview(${overview})`;
  const read = window === null ? 'ReadAsArray()' : `ReadAsArray(${window.join(', ')})`;
  const script = [
    'import sys',
    'from osgeo import gdal',
    'gdal.UseExceptions()',
    'dataset = gdal.Open(sys.argv[1])',
    `b = dataset.GetRasterBand(${band})`,
    `a = ${select}.${read}`,
    "sys.stdout.buffer.write(a.astype(a.dtype.newbyteorder('<')).tobytes())",
  ].join('\n');
  return execFileSync(PYTHON, ['-c', script, path], { maxBuffer: 1024 * 1024 * 1024 });
}

/** gdalinfo -json of a file, parsed. */
export function gdalInfo(path: string, ...extra: string[]): GdalInfoJson {
  return JSON.parse(gdal('gdalinfo', '-json', ...extra, path)) as GdalInfoJson;
}

/** The part of gdalinfo's JSON the tests read. */
export interface GdalInfoJson {
  size: [number, number];
  geoTransform: number[];
  coordinateSystem?: { wkt: string };
  metadata: Record<string, Record<string, string>>;
  bands: {
    type: string;
    noDataValue?: number | string;
    unit?: string;
    minimum?: number;
    maximum?: number;
    mean?: number;
    stdDev?: number;
    overviews?: { size: [number, number] }[];
    metadata?: Record<string, Record<string, string>>;
  }[];
}

/** The bytes of a grid's values (little-endian host). */
export function gridBytes(grid: Grid): Buffer {
  return Buffer.from(grid.data.buffer, grid.data.byteOffset, grid.data.byteLength);
}

/** EPSG code at the end of a WKT2 string (its top-level ID). */
export function epsgOfWkt(wkt: string): number {
  const match = /ID\["EPSG",(\d+)\]\]\s*$/.exec(wkt.trim());
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

/** Reads a file (used for the bytes-source variant of a read). */
export function fileBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
