/**
 * Warping: Jumeau's warp() against `gdalwarp` (GDAL 3.6) on the same work in the same run — the Oléron DEM
 * (631 × 906, Lambert-93) to WGS84, and the same DEM upsampled to ~16 M cells, with bilinear and average.
 * gdalwarp is timed as a process (start, read, warp, write: how a user runs it), with `-et 0` (exact
 * transformation per cell, what Jumeau does) and with its default `-et 0.125` (linear approximation).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warp } from '@jumeau/convert';
import { type Grid, type GridArray, createGrid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { fromArrayBuffer } from 'geotiff';
import { type BenchmarkRow, type BenchmarkSuiteResult, formatMilliseconds, formatRate, time } from './harness.js';

async function readGeoTIFFGrid(path: string): Promise<Grid> {
  const bytes = readFileSync(path);
  const tiff = await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const image = await tiff.getImage();
  const [data] = (await image.readRasters({ samples: [0] })) as unknown as [GridArray];
  const [originX, originY] = image.getOrigin() as [number, number];
  const [resolutionX, resolutionY] = image.getResolution() as [number, number];
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX, resolutionX, 0, originY, 0, resolutionY],
    crs: 2154,
    data,
  });
}

interface Case {
  readonly name: string;
  readonly path: string;
  readonly source: Grid;
  readonly resolutionDegrees: number;
  readonly runs: number;
}

function layoutArguments(grid: Grid): string[] {
  const [x0, rx, , y0, , ry] = grid.transform;
  return ['-te', String(x0), String(y0 + grid.height * ry), String(x0 + grid.width * rx), String(y0), '-tr', String(rx), String(-ry)];
}

async function measureCase(work: Case, method: 'bilinear' | 'average', folder: string): Promise<BenchmarkRow[]> {
  const options = { crs: 4326, resolution: work.resolutionDegrees, resampling: method } as const;
  const target = warp(work.source, options);
  const cells = target.width * target.height;
  const runs = { warmup: work.runs > 1 ? 1 : 0, minimumRuns: work.runs, maximumRuns: work.runs, minimumMilliseconds: 0 };
  const jumeau = await time(() => warp(work.source, options), runs);
  const gdalwarp = (errorThreshold: string) =>
    time(
      () =>
        execFileSync('gdalwarp', [
          '-q',
          '-overwrite',
          '-et',
          errorThreshold,
          '-t_srs',
          'EPSG:4326',
          '-r',
          method,
          ...layoutArguments(target),
          work.path,
          join(folder, 'out.tif'),
        ]),
      runs,
    );
  const exact = await gdalwarp('0');
  const approximate = await gdalwarp('0.125');
  const task = `${work.name} → WGS84, ${method}, ${target.width} × ${target.height}`;
  const jumeauFigure = `${formatMilliseconds(jumeau.medianMilliseconds)} (${formatRate(cells, jumeau.medianMilliseconds, 'cells')})`;
  const note = `gdalwarp timed as a process (read + warp + write GeoTIFF); Jumeau in memory; median of ${jumeau.runs}`;
  return [
    {
      task,
      jumeau: jumeauFigure,
      reference: formatMilliseconds(exact.medianMilliseconds),
      referenceName: 'gdalwarp 3.6 -et 0',
      ratio: exact.medianMilliseconds / jumeau.medianMilliseconds,
      notes: note,
    },
    {
      task,
      jumeau: jumeauFigure,
      reference: formatMilliseconds(approximate.medianMilliseconds),
      referenceName: 'gdalwarp 3.6 -et 0.125 (default)',
      ratio: approximate.medianMilliseconds / jumeau.medianMilliseconds,
      notes: 'GDAL interpolates the transformation linearly within 0.125 pixel',
    },
  ];
}

export default async function run(): Promise<BenchmarkSuiteResult> {
  const folder = mkdtempSync(join(tmpdir(), 'jumeau-warp-bench-'));
  try {
    const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
    const largePath = join(folder, 'dem-3.75m.tif');
    execFileSync('gdalwarp', ['-q', '-overwrite', '-tr', '3.75', '3.75', '-r', 'bilinear', demPath, largePath]);
    const cases: Case[] = [
      { name: 'Oléron DEM 631 × 906', path: demPath, source: await readGeoTIFFGrid(demPath), resolutionDegrees: 0.00025, runs: 5 },
    ];
    const large = await readGeoTIFFGrid(largePath);
    cases.push({
      name: `Oléron DEM upsampled ${large.width} × ${large.height} (${((large.width * large.height) / 1e6).toFixed(1)} M cells)`,
      path: largePath,
      source: large,
      resolutionDegrees: 0.00005,
      runs: 1,
    });
    const rows: BenchmarkRow[] = [];
    for (const work of cases)
      for (const method of ['bilinear', 'average'] as const) rows.push(...(await measureCase(work, method, folder)));
    return { title: 'Warping (Lambert-93 → WGS84), Jumeau warp() vs gdalwarp', rows };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
