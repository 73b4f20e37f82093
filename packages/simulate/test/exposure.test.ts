import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Grid, createGrid, createGridLike, featureTableFromGeoJSON, isJumeauError, geometryBuffers } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { fromArrayBuffer } from 'geotiff';
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachFeatureCell } from '@jumeau/convert';
import { computeExposure, readInseeGridCells } from '../src/exposure/index.js';

const LEVEL_METRES = 4.5; // near the Xynthia peak on the Pertuis de Maumusson (4.54 m NGF)

async function readDem(): Promise<Grid<Float32Array>> {
  const bytes = readFileSync(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
  const image = await (await fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))).getImage();
  const [originX, originY] = image.getOrigin() as [number, number];
  const [pixelWidth, pixelHeight] = image.getResolution() as [number, number];
  const [data] = (await image.readRasters()) as unknown as [Float32Array];
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX, pixelWidth, 0, originY, 0, pixelHeight],
    crs: 2154,
    data,
    units: 'm',
  });
}

/** A bathtub depth (W − z below W): enough to exercise exposure, whatever the connectivity rule. */
function bathtub(dem: Grid<Float32Array>, level: number): Grid<Float32Array> {
  const depth = createGridLike<Float32Array>(dem, { dataType: 'float32', nodata: -9999, verticalDatum: null });
  for (let cell = 0; cell < dem.data.length; cell += 1) depth.data[cell] = Math.max(0, level - (dem.data[cell] as number));
  return depth;
}

function readJson(...segments: string[]): unknown {
  return JSON.parse(readFileSync(sharedDataPath(...segments), 'utf8'));
}

describe('exposure on the real Oléron data', () => {
  let dem: Grid<Float32Array>;
  let depth: Grid<Float32Array>;
  const communes = featureTableFromGeoJSON(readJson('oleron', 'geojson', 'littosim_districts_unrotated.geojson'));
  const buildings = featureTableFromGeoJSON(readJson('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson'));
  const population = readInseeGridCells(
    readFileSync(sharedDataPath('insee-filosofi-2021-200m-oleron', 'filosofi2021_200m_tile4_11_cells.csv'), 'utf8'),
  );

  beforeAll(async () => {
    dem = await readDem();
    depth = bathtub(dem, LEVEL_METRES);
  });

  it('counts people like GDAL’s overlap-weighted sum of the flood mask on the INSEE grid (±1 %)', () => {
    const result = computeExposure({ depth, communes: { table: communes, idColumn: 'dist_code' }, population });
    const directory = mkdtempSync(join(tmpdir(), 'jumeau-exposure-'));
    const mask = new Float32Array(depth.data.length);
    for (let cell = 0; cell < mask.length; cell += 1) mask[cell] = (depth.data[cell] as number) > 0 ? 1 : 0;
    writeFileSync(join(directory, 'mask.f32'), mask);
    const xs = population.lowerLeftX;
    const ys = population.lowerLeftY;
    const bounds = [Math.min(...xs), Math.min(...ys), Math.max(...xs) + 200, Math.max(...ys) + 200] as [number, number, number, number];
    const script = new URL('./reference/flooded_share_gdal.py', import.meta.url).pathname;
    const t = depth.transform;
    execFileSync('/usr/bin/python3', [
      script,
      join(directory, 'mask.f32'),
      String(depth.width),
      String(depth.height),
      String(t[0]),
      String(t[3]),
      String(t[1]),
      ...bounds.map(String),
      join(directory, 'share.f32'),
    ]);
    const shares = new Float32Array(readFileSync(join(directory, 'share.f32')).buffer.slice(0));
    const columns = Math.round((bounds[2] - bounds[0]) / 200);
    const rows = Math.round((bounds[3] - bounds[1]) / 200);
    expect(shares.length).toBe(columns * rows);
    let expected = 0;
    const people = population.values.people as Float64Array;
    for (let cell = 0; cell < xs.length; cell += 1) {
      const column = Math.round(((xs[cell] as number) - bounds[0]) / 200);
      const row = rows - 1 - Math.round(((ys[cell] as number) - bounds[1]) / 200);
      const share = shares[row * columns + column] as number;
      if (share > 0) expected += (people[cell] as number) * Math.min(1, share);
    }
    expect(expected).toBeGreaterThan(100);
    const counted = result.totals.people as number;
    expect(Math.abs(counted - expected) / expected).toBeLessThan(0.01);
  });

  it('counts a building exposed exactly when its cell is flooded, and attributes people and area to communes', () => {
    const result = computeExposure({
      depth,
      communes: { table: communes, idColumn: 'dist_code', nameColumn: 'dist_lname' },
      population,
      buildings: { table: buildings, useColumn: 'origin_bat' },
    });
    const [points] = geometryBuffers(buildings);
    let expectedBuildings = 0;
    const l93 = featureTableFromGeoJSON(readJson('oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson'));
    expect(points?.length).toBe(l93.numRows);
    const maximum = result.buildingMaximumDepthMetres;
    for (let row = 0; row < maximum.length; row += 1) if ((maximum[row] as number) > 0) expectedBuildings += 1;
    expect(result.totals.buildings).toBe(expectedBuildings);
    expect(expectedBuildings).toBeGreaterThan(0);
    expect(result.byCommune.numRows).toBe(communes.numRows);
    const area = result.byCommune.getChild('floodedAreaSquareMetres')?.toArray() as Float64Array;
    const outside = result.totals['outsideCommunes:floodedAreaSquareMetres'] as number;
    expect(area.reduce((sum, value) => sum + value, 0) + outside).toBeCloseTo(result.totals.floodedAreaSquareMetres as number, 3);
    const byUse = Object.keys(result.totals).filter((name) => name.startsWith('buildings:'));
    expect(byUse.reduce((sum, name) => sum + (result.totals[name] as number), 0)).toBe(result.totals.buildings);
  });

  it('grows with the water level (more area, people and buildings)', () => {
    const low = computeExposure({
      depth: bathtub(dem, 3),
      communes: { table: communes, idColumn: 'dist_code' },
      population,
      buildings: { table: buildings },
    });
    const high = computeExposure({
      depth: bathtub(dem, 5),
      communes: { table: communes, idColumn: 'dist_code' },
      population,
      buildings: { table: buildings },
    });
    for (const name of ['floodedAreaSquareMetres', 'people', 'buildings'])
      expect(high.totals[name]).toBeGreaterThan(low.totals[name] as number);
  });

  it('refuses bad input with typed errors', () => {
    expect(() => computeExposure({ depth, communes: { table: communes, idColumn: 'nope' } })).toThrow(/no column "nope"/);
    try {
      computeExposure({ depth, communes: { table: communes, idColumn: 'dist_code' }, minimumDepthMetres: -1 });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
    }
  });
});

describe('cells whose centre lies in a polygon (centre rule, convert.forEachFeatureCell)', () => {
  // Ties (a centre exactly on an edge) follow GDAL's rule, tested against gdal_rasterize in @jumeau/convert.
  it('matches a brute-force point-in-polygon on a polygon with a hole', () => {
    const grid = createGrid({ width: 40, height: 30, transform: [0, 1, 0, 30, 0, -1], crs: 2154 });
    const table = featureTableFromGeoJSON(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [2.2, 3.1],
                  [35.7, 5.2],
                  [30.1, 27.9],
                  [4.4, 25.5],
                  [2.2, 3.1],
                ],
                [
                  [10.4, 10.4],
                  [20.6, 10.4],
                  [20.6, 20.6],
                  [10.4, 20.6],
                  [10.4, 10.4],
                ],
              ],
            },
          },
        ],
      },
      { crs: 2154 },
    );
    const found = new Set<number>();
    forEachFeatureCell(table, grid, (_row, cell) => found.add(cell));
    const inside = (x: number, y: number, ring: number[][]) => {
      let odd = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
      return odd;
    };
    const outer = [
      [2.2, 3.1],
      [35.7, 5.2],
      [30.1, 27.9],
      [4.4, 25.5],
    ];
    const hole = [
      [10.4, 10.4],
      [20.6, 10.4],
      [20.6, 20.6],
      [10.4, 20.6],
    ];
    const expected = new Set<number>();
    for (let row = 0; row < 30; row += 1) {
      for (let column = 0; column < 40; column += 1) {
        const x = column + 0.5;
        const y = 30 - (row + 0.5);
        if (inside(x, y, outer) && !inside(x, y, hole)) expected.add(row * 40 + column);
      }
    }
    expect([...found].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
  });
});
