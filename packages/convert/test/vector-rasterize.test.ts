import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJumeauError, type FeatureTable } from '@jumeau/core';
import { rasterize } from '../src/vector/rasterize.js';
import { COMMUNES_17, OLERON_LAYERS, readEnviFloat64, readLambert93, run, toLambert93GeoJSON, workFolder } from './vector-fixtures.js';

/** `gdal_rasterize` of the same file on the same grid, read back as Float64. */
function gdalRasterize(source: string, frame: Frame, extra: readonly string[]): Float64Array {
  const output = join(workFolder, `gdal-${Math.random().toString(36).slice(2)}.bin`);
  const [x0, dx, , y0, , dy] = frame.transform;
  const bounds = [x0, y0 + dy * frame.height, x0 + dx * frame.width, y0];
  run('gdal_rasterize', [
    '-q',
    '-of',
    'ENVI',
    '-ot',
    'Float64',
    '-init',
    '0',
    '-te',
    ...bounds.map(String),
    '-ts',
    String(frame.width),
    String(frame.height),
    ...extra,
    source,
    output,
  ]);
  return readEnviFloat64(output);
}

interface Frame {
  width: number;
  height: number;
  transform: [number, number, number, number, number, number];
  crs: number;
}

function differences(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let count = 0;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) count += 1;
  return count;
}

describe('rasterize against gdal_rasterize', () => {
  let communesPath: string;
  let communes: FeatureTable;
  let defencesPath: string;
  let defences: FeatureTable;
  // 250 m cells over Charente-Maritime (≈ 560 × 600), origin deliberately not on a round number.
  const department: Frame = { width: 560, height: 600, transform: [330_123.4, 250, 0, 6_590_077.7, 0, -250], crs: 2154 };
  // The Oléron DEM's own 20 m grid.
  const oleron: Frame = { width: 631, height: 906, transform: [364_927.14666668, 20, 0, 6_550_092.5655556, 0, -20], crs: 2154 };

  beforeAll(() => {
    communesPath = toLambert93GeoJSON(COMMUNES_17, 'communes-17');
    communes = readLambert93(communesPath);
    defencesPath = toLambert93GeoJSON(OLERON_LAYERS, 'coastal-defenses', 'coastal_defenses');
    defences = readLambert93(defencesPath);
  });

  it('burns the communes of Charente-Maritime with identical cells (centre rule, burn = row number)', () => {
    const ids = run('ogrinfo', ['-q', '-al', '-geom=NO', communesPath]).match(/OGRFeature\(\S+\):\d+/g) ?? [];
    expect(ids.length).toBe(communes.numRows);
    const grid = rasterize(communes, department, { burn: 'code', dataType: 'float64' });
    const reference = gdalRasterize(communesPath, department, ['-a', 'code']);
    expect(differences(grid.data, reference)).toBe(0);
    expect(reference.filter((value) => value !== 0).length).toBeGreaterThan(80_000);
  });

  it('burns the communes on a 20 m grid with identical cells, and sums like gdal_rasterize -add', () => {
    const grid = rasterize(communes, oleron, { burn: 1, merge: 'sum', dataType: 'float64' });
    const reference = gdalRasterize(communesPath, oleron, ['-burn', '1', '-add']);
    expect(differences(grid.data, reference)).toBe(0);
    // Communes tile the land: with the centre rule no cell is counted twice.
    expect(Array.from(grid.data).reduce((maximum, value) => Math.max(maximum, value), 0)).toBe(1);
  });

  it('burns the Oléron coastal defences (lines) with exactly the cells of gdal_rasterize (Bresenham of GDALdllImageLine)', () => {
    const grid = rasterize(defences, oleron, { burn: 1, dataType: 'float64' });
    const reference = gdalRasterize(defencesPath, oleron, ['-burn', '1']);
    expect(reference.filter((value) => value === 1).length).toBeGreaterThan(1500);
    expect(differences(grid.data, reference)).toBe(0);
  });

  it('burns single segments in all eight directions with the cells gdal_rasterize burns', () => {
    const frame: Frame = { width: 12, height: 12, transform: [0, 1, 0, 12, 0, -1], crs: 2154 };
    const segments = [
      [
        [3.203, 6.164],
        [9.552, 5.343],
      ],
      [
        [3.2, 5.1],
        [9.9, 6.2],
      ],
      [
        [9.9, 5.9],
        [3.2, 6.1],
      ],
      [
        [5.1, 3.2],
        [6.2, 9.9],
      ],
      [
        [5.1, 9.9],
        [6.2, 3.2],
      ],
      [
        [0.5, 0.5],
        [5.5, 2.5],
      ],
      [
        [11.5, 11.5],
        [0.2, 0.7],
      ],
      [
        [3.2, 6.1],
        [5.5, 6.0],
        [9.9, 5.9],
        [10.4, 1.2],
      ],
    ].map((pixels) => pixels.map(([column, row]) => [column as number, 12 - (row as number)]));
    const path = join(workFolder, 'segments.geojson');
    const collection = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features: segments.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } })),
    };
    writeFileSync(path, JSON.stringify(collection));
    const table = readLambert93(path);
    for (let row = 0; row < table.numRows; row += 1) {
      const grid = rasterize(table.slice(row, row + 1), frame, { burn: 1, dataType: 'float64' });
      const reference = gdalRasterize(path, frame, ['-burn', '1', '-where', `FID = ${row}`]);
      expect(differences(grid.data, reference), `segment ${row}`).toBe(0);
    }
  });

  it('all-touched: contains the centre-rule cells and stays close to gdal_rasterize -at', () => {
    for (const [path, table] of [
      [communesPath, communes],
      [defencesPath, defences],
    ] as const) {
      const grid = rasterize(table, oleron, { burn: 1, rule: 'all-touched', dataType: 'float64' });
      const centre = rasterize(table, oleron, { burn: 1, dataType: 'float64' });
      const reference = gdalRasterize(path, oleron, ['-burn', '1', '-at']);
      if (table === communes)
        for (let cell = 0; cell < grid.data.length; cell += 1) if (centre.data[cell] === 1) expect(grid.data[cell]).toBe(1);
      const burnt = reference.filter((value) => value === 1).length;
      // Documented in the README: GDAL's -at walk may miss or add a cell where a segment grazes a cell corner.
      expect(differences(grid.data, reference) / burnt).toBeLessThan(0.01);
    }
  });

  it('burns points (the vertices of the defences) into the cells that hold them, like gdal_rasterize', () => {
    const pointsPath = join(workFolder, 'defence-vertices.geojson');
    run('ogr2ogr', [
      '-f',
      'GeoJSON',
      '-lco',
      'RFC7946=NO',
      '-lco',
      'COORDINATE_PRECISION=15',
      '-dialect',
      'SQLite',
      '-sql',
      'SELECT ST_PointN(ST_GeometryN(geom, 1), 2) AS geom, ID FROM coastal_defenses',
      pointsPath,
      OLERON_LAYERS,
    ]);
    const points = readLambert93(pointsPath);
    expect(points.numRows).toBe(86);
    const grid = rasterize(points, oleron, { burn: 'ID', merge: 'max', dataType: 'float64' });
    const reference = gdalRasterize(pointsPath, oleron, ['-a', 'ID']);
    expect(differences(grid.data, reference)).toBe(0);
  });

  it('refuses a table in another CRS and a missing burn column with typed errors', () => {
    const wgs84 = { ...department, crs: 4326 };
    expect(() => rasterize(communes, wgs84)).toThrow(/EPSG:2154.*EPSG:4326/);
    try {
      rasterize(communes, department, { burn: 'nope' });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
      expect((error as Error).message).toMatch(/"nope"/);
    }
    expect(() => rasterize(communes, { ...department, width: -3 })).toThrow(/width/);
  });
});
