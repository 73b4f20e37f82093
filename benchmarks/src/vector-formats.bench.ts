/**
 * Vector formats and isobands (issue #3): Shapefile → GeoJSON and CSV → GeoJSON against ogr2ogr, FlatGeobuf writing
 * against ogr2ogr, isolines and isobands against gdal_contour. Same input files, same output format, same run. The
 * GDAL tools run as processes: their wall time includes start-up (≈ 30–60 ms) and writing the output file; Jumeau's
 * includes reading the input files from disk and serialising the same output in memory. Each row also gives CPU
 * times (Jumeau: process.cpuUsage; GDAL: the children's user + system time from /proc/self/stat) and the load.
 */
import { execFile, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromArrayBuffer } from 'geotiff';
import { type FeatureTable, createGrid, geometryBuffers, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import {
  contours,
  geometryToWkb,
  loadFeatureTable,
  readFlatGeobuf,
  readCsv,
  readGeoParquet,
  readShapefile,
  writeFlatGeobuf,
  writeGeoJSON,
  writeGeoParquet,
} from '@jumeau/convert';
import { Binary, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import * as parquetWasm from 'parquet-wasm';
import { type BenchmarkRow, formatMilliseconds, time } from './harness.js';

const folder = mkdtempSync(join(tmpdir(), 'jumeau-vector-formats-bench-'));
const CLOCK_TICKS_PER_SECOND = 100;

/** A new output path in the work folder (GDAL's GeoJSON driver will not overwrite a file). */
function fresh(name: string): string {
  return join(folder, `${Math.random().toString(36).slice(2)}-${name}`);
}

function command(name: string, args: readonly string[]): void {
  execFileSync(name, args, { stdio: 'ignore', maxBuffer: 256 * 1024 * 1024 });
}

/** CPU time (ms) of the waited-for children of this process so far (fields cutime + cstime of /proc/self/stat). */
function childrenCpuMilliseconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND) * 1000;
}

function ownCpuMilliseconds(task: () => unknown): number {
  const start = process.cpuUsage();
  task();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** CPU time of this process while an async task runs to its end (the task may await). */
async function ownCpuMillisecondsAsync(task: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await task();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function referenceCpuMilliseconds(task: () => unknown): number {
  const start = childrenCpuMilliseconds();
  task();
  return childrenCpuMilliseconds() - start;
}

function shapefileFiles(folderPath: string, layer: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(folderPath).filter((file) => file.startsWith(`${layer}.`)))
    files[name] = new Uint8Array(readFileSync(join(folderPath, name)));
  return files;
}

async function readDem(): Promise<Grid> {
  const bytes = readFileSync(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
  const image = await (await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))).getImage();
  const [x0, y0] = image.getOrigin() as [number, number];
  const [dx, dy] = image.getResolution() as [number, number];
  const [band] = (await image.readRasters()) as unknown as [Float32Array];
  return createGrid({ width: image.getWidth(), height: image.getHeight(), transform: [x0, dx, 0, y0, 0, dy], crs: 2154, data: band });
}

async function compare(
  task: string,
  referenceName: string,
  ours: () => unknown,
  reference: () => unknown,
  notes: string,
): Promise<BenchmarkRow> {
  const mine = await time(ours, { minimumRuns: 5, minimumMilliseconds: 500 });
  const theirs = await time(reference, { minimumRuns: 5, minimumMilliseconds: 500 });
  const cpuMine = ownCpuMilliseconds(ours);
  const cpuTheirs = referenceCpuMilliseconds(reference);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return {
    task,
    jumeau: formatMilliseconds(mine.medianMilliseconds),
    reference: formatMilliseconds(theirs.medianMilliseconds),
    referenceName,
    ratio: theirs.medianMilliseconds / mine.medianMilliseconds,
    notes: `wall medians; CPU Jumeau ${formatMilliseconds(cpuMine)}, GDAL ${formatMilliseconds(cpuTheirs)}; load ${load}; ${notes}`,
  };
}

/**
 * A box of the Oléron buildings read from an indexed FlatGeobuf over HTTP range requests, served by a server in this
 * process on 127.0.0.1 that counts requests and bytes: Jumeau's `readFlatGeobuf(url, { bbox })` against GDAL's
 * `ogr2ogr -spat` through `/vsicurl/` (a process, writing the features as GeoJSON; async, so the server answers).
 */
async function flatGeobufOverHttpRow(): Promise<BenchmarkRow> {
  const buildings = await loadFeatureTable(new Uint8Array(readFileSync(sharedDataPath('oleron', 'buildings_bdtopo2015_approx_l93.gpkg'))));
  const body = writeFlatGeobuf(buildings);
  const served = { requests: 0, bytes: 0 };
  const server = createServer((request, response) => {
    served.requests += 1;
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    if (request.method === 'HEAD') return void response.writeHead(200, { 'Content-Length': body.length, 'Accept-Ranges': 'bytes' }).end();
    if (!range) {
      served.bytes += body.length;
      return void response.writeHead(200, { 'Content-Length': body.length }).end(body);
    }
    const start = Number(range[1]);
    const end = Math.min(Number(range[2]), body.length - 1);
    served.bytes += end - start + 1;
    response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 });
    response.end(body.subarray(start, end + 1));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/buildings.fgb`;
  const box = [369200, 6543200, 370000, 6544000] as const;
  const cost = async (task: () => Promise<unknown>): Promise<{ requests: number; bytes: number }> => {
    served.requests = 0;
    served.bytes = 0;
    await task();
    return { ...served };
  };
  const ours = () => readFlatGeobuf(url, { bbox: box });
  const gdal = () =>
    promisify(execFile)('ogr2ogr', ['-f', 'GeoJSON', '-spat', ...box.map(String), fresh('box.geojson'), `/vsicurl/${url}`]);
  try {
    const count = (await ours()).numRows;
    const mine = await time(ours, { minimumRuns: 5, minimumMilliseconds: 500 });
    const theirs = await time(gdal, { minimumRuns: 5, minimumMilliseconds: 500 });
    const [ourCost, gdalCost] = [await cost(ours), await cost(gdal)];
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
    return {
      task: `FlatGeobuf box over HTTP ranges: ${count} of 24 746 Oléron buildings (800 m box) from a ${megabytes(body.length)} file`,
      jumeau: formatMilliseconds(mine.medianMilliseconds),
      reference: formatMilliseconds(theirs.medianMilliseconds),
      referenceName: 'ogr2ogr 3.6 -spat /vsicurl/ (process, writes GeoJSON)',
      ratio: theirs.medianMilliseconds / mine.medianMilliseconds,
      notes: `wall medians on 127.0.0.1; fetched: Jumeau ${ourCost.requests} requests, ${megabytes(ourCost.bytes)}; GDAL ${gdalCost.requests} requests, ${megabytes(gdalCost.bytes)}; load ${load}`,
    };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** The same table with its geometry as a WKB Binary column: what a parquet-wasm user hands to arrow-rs. */
function wkbArrowTable(table: FeatureTable): Table {
  const wkb = geometryBuffers(table).flatMap((batch) => Array.from({ length: batch.length }, (_, row) => geometryToWkb(batch, row)));
  const columns: Record<string, unknown> = { geometry: vectorFromArray(wkb, new Binary()) };
  table.schema.fields.forEach((field, index) => {
    if (field.name !== 'geometry') columns[field.name] = table.getChildAt(index);
  });
  return new Table(columns as never);
}

/** GeoParquet read and write against parquet-wasm (Rust arrow-rs), in process: wall medians and CPU of this process. */
async function compareInProcess(task: string, ours: () => unknown, reference: () => unknown, notes: string): Promise<BenchmarkRow> {
  const mine = await time(ours, { minimumRuns: 5, minimumMilliseconds: 500 });
  const theirs = await time(reference, { minimumRuns: 5, minimumMilliseconds: 500 });
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return {
    task,
    jumeau: formatMilliseconds(mine.medianMilliseconds),
    reference: formatMilliseconds(theirs.medianMilliseconds),
    referenceName: 'parquet-wasm 0.8 (arrow-rs)',
    ratio: theirs.medianMilliseconds / mine.medianMilliseconds,
    notes: `wall medians; CPU Jumeau ${formatMilliseconds(await ownCpuMillisecondsAsync(ours))}, parquet-wasm ${formatMilliseconds(await ownCpuMillisecondsAsync(reference))}; load ${load}; ${notes}`,
  };
}

export default async () => {
  const rows: BenchmarkRow[] = [];
  const charente = sharedDataPath('charente-estuary', 'shp');
  const bdtopo = sharedDataPath('bdtopo-v3-sample-olemps-12174', 'shp');
  for (const [shpFolder, layer, note] of [
    [charente, 'SURFACE_HYDROGRAPHIQUE', '706 PolygonZ, 880 kB .shp + 910 kB .dbf'],
    [bdtopo, 'BATIMENT', '2 273 PolygonZ buildings, 672 kB .shp + 2.9 MB .dbf (UTF-8 .cpg)'],
  ] as const) {
    rows.push(
      await compare(
        `Shapefile ${layer} → GeoJSON text`,
        'ogr2ogr 3.6 -f GeoJSON',
        () => writeGeoJSON(readShapefile(shapefileFiles(shpFolder, layer))),
        () => command('ogr2ogr', ['-f', 'GeoJSON', fresh(`${layer}.geojson`), join(shpFolder, `${layer}.shp`)]),
        note,
      ),
    );
  }
  const reunion = sharedDataPath('reunion-insee-carroyage-200m-2010-btb', 'reunion_households_200m.csv');
  rows.push(
    await compare(
      'CSV x/y (14 076 points, UTM 40S) → GeoJSON text',
      'ogr2ogr 3.6 -oo X/Y_POSSIBLE_NAMES',
      () => writeGeoJSON(readCsv(new Uint8Array(readFileSync(reunion)), { crs: 2975 })),
      () =>
        command('ogr2ogr', [
          '-f',
          'GeoJSON',
          '-a_srs',
          'EPSG:2975',
          '-oo',
          'X_POSSIBLE_NAMES=x',
          '-oo',
          'Y_POSSIBLE_NAMES=y',
          '-oo',
          'AUTODETECT_TYPE=YES',
          fresh('reunion.geojson'),
          reunion,
        ]),
      'types detected on both sides',
    ),
  );
  const buildings = readShapefile(shapefileFiles(bdtopo, 'BATIMENT'));
  const buildingsGeoJSON = fresh('BATIMENT.geojson');
  command('ogr2ogr', ['-f', 'GeoJSON', buildingsGeoJSON, join(bdtopo, 'BATIMENT.shp')]);
  rows.push(
    await compare(
      'FlatGeobuf write, 2 273 buildings',
      'ogr2ogr 3.6 -f FlatGeobuf (from GeoJSON)',
      () => writeFlatGeobuf(buildings, { spatialIndex: false }),
      () => command('ogr2ogr', ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=NO', fresh('b.fgb'), buildingsGeoJSON]),
      'Jumeau from a table in memory; GDAL reads the GeoJSON first, no spatial index on either side',
    ),
  );
  rows.push(
    await compare(
      'FlatGeobuf write with the packed Hilbert R-tree, 2 273 buildings',
      'ogr2ogr 3.6 -f FlatGeobuf -lco SPATIAL_INDEX=YES (from GeoJSON)',
      () => writeFlatGeobuf(buildings),
      () => command('ogr2ogr', ['-f', 'FlatGeobuf', '-lco', 'SPATIAL_INDEX=YES', fresh('b-indexed.fgb'), buildingsGeoJSON]),
      'Jumeau from a table in memory; GDAL reads the GeoJSON first; both sort along a Hilbert curve and write node size 16',
    ),
  );
  const wkbTable = wkbArrowTable(buildings);
  const wasmTable = () => parquetWasm.Table.fromIPCStream(tableToIPC(wkbTable, 'stream'));
  const snappy = () => new parquetWasm.WriterPropertiesBuilder().setCompression(parquetWasm.Compression.SNAPPY).build();
  rows.push(
    await compareInProcess(
      'GeoParquet write, 2 273 buildings (WKB, SNAPPY)',
      () => writeGeoParquet(buildings),
      () => parquetWasm.writeParquet(wasmTable(), snappy()),
      'Jumeau encodes the WKB, the geo metadata and the 1.1 bbox covering column too; parquet-wasm gets the WKB column ready-made (its IPC hand-over included)',
    ),
  );
  const parquetBytes = writeGeoParquet(buildings);
  rows.push(
    await compareInProcess(
      'GeoParquet read, 2 273 buildings → table',
      () => readGeoParquet(parquetBytes),
      () => tableFromIPC(parquetWasm.readParquet(parquetBytes).intoIPCStream()),
      'Jumeau decodes the WKB into GeoArrow buffers; parquet-wasm stops at an Arrow table with a WKB column',
    ),
  );
  rows.push(await flatGeobufOverHttpRow());
  const dem = await readDem();
  const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
  for (const mode of ['lines', 'bands'] as const) {
    rows.push(
      await compare(
        `${mode === 'lines' ? 'Isolines' : 'Isobands'} every 5 m, Oléron DEM 631 × 906 → GeoJSON text`,
        `gdal_contour 3.6${mode === 'bands' ? ' -p' : ''}`,
        () => writeGeoJSON(contours(dem, { interval: 5, base: 0.0005, mode, saddles: 'gdal' })),
        () =>
          command('gdal_contour', [
            '-q',
            ...(mode === 'bands' ? ['-p', '-amin', 'min', '-amax', 'max'] : ['-a', 'level']),
            '-i',
            '5',
            '-off',
            '0.0005',
            '-f',
            'GeoJSON',
            demPath,
            fresh(`contours-${mode}.geojson`),
          ]),
        'same levels and output (identical to 1e-8); Jumeau starts from the decoded grid, GDAL reads the GeoTIFF',
      ),
    );
  }
  return { title: 'Vector formats and isobands (Shapefile, CSV, FlatGeobuf, GeoParquet, contours) vs GDAL/OGR and arrow-rs', rows };
};
