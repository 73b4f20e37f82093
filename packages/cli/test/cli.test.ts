import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { reproject, writeCOG } from '@jumeau/convert';
import { createGrid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { describe, expect, it } from 'vitest';
import { commands, runProgram } from '../src/index.js';

function memoryStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function jumeau(argv: string[], stdin = '') {
  const out = memoryStream();
  const error = memoryStream();
  const code = await runProgram(commands, argv, {
    stdin: Readable.from([stdin]),
    stdout: out.stream,
    stderr: error.stream,
    cwd: process.cwd(),
    env: {},
  });
  return { code, stdout: out.text(), stderr: error.text() };
}

const dem = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
const directory = mkdtempSync(join(tmpdir(), 'jumeau-cli-'));

describe('jumeau', () => {
  it('has --help on every command and lists them all', async () => {
    const overview = await jumeau(['--help']);
    expect(overview.code).toBe(0);
    for (const command of commands) {
      expect(overview.stdout).toContain(command.path.join(' '));
      const help = await jumeau([...command.path, '--help']);
      expect(help.code, command.path.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/^Usage: jumeau /);
    }
  });

  it('fails with one line and a non-zero code on bad input', async () => {
    const unknown = await jumeau(['frobnicate']);
    expect(unknown.code).toBe(2);
    const badOption = await jumeau(['flood', '--dem', dem, '--levle', '3']);
    expect(badOption.code).toBe(2);
    const badNumber = await jumeau(['flood', '--dem', dem, '--level', 'high']);
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toBe('jumeau flood: input: --level must be a number, got "high"\n');
    const missing = await jumeau(['info', join(directory, 'nope.tif')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const crs = await jumeau(['reproject', '--from', 'EPSG:9999', '--to', 'EPSG:4326'], 'x,y\n1,2\n');
    expect(crs.stderr).toMatch(/^jumeau reproject: crs: Unknown CRS EPSG:9999/);
  });

  it('reprojects a CSV like PROJ (cs2cs), passing other columns through', async () => {
    const input = 'id;x;y;name\n1;370000;6545000;Dolus\n2;"375000";6540000;"Le Château; port"\n3;;;vide\n';
    const result = await jumeau(['reproject', '--from', 'EPSG:2154', '--to', 'EPSG:4326'], input);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('id;x;y;name');
    const reference = execFileSync('cs2cs', ['-f', '%.9f', 'EPSG:2154', 'EPSG:4326'], {
      input: '370000 6545000\n375000 6540000\n',
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/).map(Number));
    for (const [index, line] of lines.slice(1, 3).entries()) {
      const fields = line.split(';');
      const [latitude, longitude] = reference[index] as number[];
      expect(Math.abs(Number(fields[1]) - (longitude as number))).toBeLessThan(1e-8);
      expect(Math.abs(Number(fields[2]) - (latitude as number))).toBeLessThan(1e-8);
    }
    expect(lines[2]).toMatch(/;"Le Château; port"$/);
    expect(lines[3]).toBe('3;;;vide');
    const bad = await jumeau(['reproject', '--from', '2154', '--to', '4326'], 'x,y\n1,abc\n');
    expect(bad.stderr).toMatch(/CSV line 2: y "abc" is not a number/);
  });

  it('describes a GeoTIFF and a vector file', async () => {
    const raster = await jumeau(['info', dem, '--json', '--stats']);
    expect(raster.code, raster.stderr).toBe(0);
    const info = JSON.parse(raster.stdout);
    expect(info).toMatchObject({ width: 631, height: 906, crs: 2154, dataType: 'float32' });
    expect(info.statistics.minimum).toBeCloseTo(-16.233, 3);
    expect(info.statistics.maximum).toBeCloseTo(35.32, 2);
    const vector = await jumeau(['info', sharedDataPath('oleron', 'geojson', 'littosim_districts_unrotated.geojson')]);
    expect(vector.stdout).toMatch(/Features: 6/);
    expect(vector.stdout).toMatch(/dist_code: Utf8/);
  });

  it('floods, reports exposure and sweeps (Oléron, Xynthia-like level)', async () => {
    const depth = join(directory, 'depth.tif');
    const summary = join(directory, 'summary.json');
    const defences = sharedDataPath('oleron', 'geojson', 'littosim_coastal_defenses_unrotated.geojson');
    const flood = await jumeau([
      'flood',
      '--dem',
      dem,
      '--level',
      '4.5',
      '--defences',
      defences,
      '--crest-field',
      'alt',
      '--out',
      depth,
      '--summary',
      summary,
    ]);
    expect(flood.code, flood.stderr).toBe(0);
    const statistics = JSON.parse(readFileSync(summary, 'utf8'));
    expect(statistics.waterLevelMetres).toBe(4.5);
    expect(statistics.floodedCellCount).toBeGreaterThan(0);
    const communes = sharedDataPath('oleron', 'geojson', 'littosim_districts_unrotated.geojson');
    const population = sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv');
    const exposure = await jumeau([
      'exposure',
      '--depth',
      depth,
      '--communes',
      communes,
      '--id-field',
      'dist_code',
      '--population',
      population,
      '--out',
      '-',
    ]);
    expect(exposure.code, exposure.stderr).toBe(0);
    const rows = exposure.stdout.trim().split('\n');
    expect(rows[0]).toBe('communeId,floodedAreaSquareMetres,people');
    expect(rows).toHaveLength(7);
    expect(exposure.stderr).toMatch(/people: \d+/);
  });

  it('warps to a COG that GDAL reads back', async () => {
    const out = join(directory, 'cc46.tif');
    const result = await jumeau(['warp', dem, out, '--to', 'EPSG:3946', '--res', '40', '--resampling', 'bilinear']);
    expect(result.code, result.stderr).toBe(0);
    const info = JSON.parse(execFileSync('gdalinfo', ['-json', out], { encoding: 'utf8' }));
    expect(info.coordinateSystem.wkt).toMatch(/CC46/);
    expect(info.geoTransform[1]).toBe(40);
  });

  it('projects a shoreline, computes zonal statistics and H3 cells', async () => {
    const out = join(directory, 'shoreline.geojson');
    // Beauduc (Camargue) in 2100 with a 20 m major-event retreat, MobiTC's tutorial transects.
    const beauduc2100 = [
      'shoreline',
      '--intersections',
      sharedDataPath('camargue-shorelines-cerema-mobitc', 'transects_intersections_IntersTDC-v1.txt'),
      '--horizon',
      '2100',
      '--lmax',
      '20',
    ];
    const shoreline = await jumeau([...beauduc2100, '--out', out]);
    expect(shoreline.code, shoreline.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).features.length).toBeGreaterThan(0);
    expect(shoreline.stderr).toMatch(/transects rated/);
    // Who stands in the band: a 10 m grid over the Beauduc transects, one building inside the band, one far inland.
    const grid = join(directory, 'beauduc-grid.tif');
    writeFileSync(
      grid,
      await writeCOG(
        createGrid({
          width: 520,
          height: 1000,
          transform: [825_600, 10, 0, 6_261_400, 0, -10],
          crs: 2154,
          data: new Float32Array(520_000),
        }),
      ),
    );
    type Line = { properties: { kind: string }; geometry: { coordinates: [number, number][] } };
    const band = JSON.parse(readFileSync(out, 'utf8')) as { features: Line[] };
    const current = band.features.find((feature) => feature.properties.kind === 'current')?.geometry.coordinates ?? [];
    const projected = band.features.find((feature) => feature.properties.kind === 'projected')?.geometry.coordinates ?? [];
    const pairs = current.map((point, index) => [point, projected[index] ?? point] as const);
    const [from, to] = pairs.find(([a, b]) => Math.hypot(a[0] - b[0], a[1] - b[1]) > 60) ?? [
      [0, 0],
      [0, 0],
    ];
    const inside = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
    const buildings = join(directory, 'beauduc-buildings.geojson');
    const point = (lambert: number[], usage: string) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: Array.from(reproject(Float64Array.from(lambert), 2154, 4326)) },
      properties: { usage },
    });
    writeFileSync(
      buildings,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [point(inside, 'Résidentiel'), point([826_000, 6_261_000], 'Agricole')],
      }),
    );
    const exposure = await jumeau([
      ...beauduc2100,
      '--out',
      join(directory, 'shoreline-2.geojson'),
      '--exposure',
      join(directory, 'shoreline-exposure.csv'),
      '--grid',
      grid,
      '--communes',
      sharedDataPath('admin-express-2018-geojson', 'departements', '13-bouches-du-rhone', 'communes-13-bouches-du-rhone.geojson'),
      '--id-field',
      'code',
      '--buildings',
      buildings,
      '--use-field',
      'usage',
    ]);
    expect(exposure.code, exposure.stderr).toBe(0);
    expect(exposure.stderr).toMatch(/buildings: 1,/);
    expect(exposure.stderr).toMatch(/buildings:Résidentiel: 1/);
    expect(exposure.stderr).not.toMatch(/buildings:Agricole/);
    const arles = readFileSync(join(directory, 'shoreline-exposure.csv'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('13004,'));
    expect(arles).toBeDefined();
    expect(
      await jumeau([
        'shoreline',
        '--intersections',
        sharedDataPath('camargue-shorelines-cerema-mobitc', 'transects_intersections_IntersTDC-v1.txt'),
        '--horizon',
        '2100',
        '--exposure',
        'x.csv',
      ]),
    ).toMatchObject({ code: 1 });
    const zonal = await jumeau([
      'zonal',
      '--grid',
      dem,
      '--zones',
      sharedDataPath('oleron', 'geojson', 'littosim_districts_unrotated.geojson'),
      '--id-field',
      'dist_code',
      '--stats',
      'count,mean',
    ]);
    expect(zonal.code, zonal.stderr).toBe(0);
    expect(zonal.stdout.split('\n')[0]).toBe('dist_code,count,mean');
    const h3 = await jumeau(['h3', dem, '--resolution', '6', '--aggregate', 'count']);
    expect(h3.code, h3.stderr).toBe(0);
    const counts = h3.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[1]));
    expect(counts.reduce((sum, value) => sum + value, 0)).toBe(631 * 906);
    writeFileSync(join(directory, 'empty.csv'), 'lon,lat\n');
  });
});
