import { JumeauError } from '@jumeau/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type WmtsTileMatrixSet,
  selectTileMatrix,
  tileBounds,
  tileMatrixResolution,
  tileMatrixSetCrs,
  tileRange,
  tileSurfaceMesh,
  tileUrl,
  webMercatorTileTextureCoordinates,
} from '../src/index.js';
import reference from './reference/wmts-reference.json' with { type: 'json' };

const PM = reference.tileMatrixSets.PM as unknown as WmtsTileMatrixSet;
const LAMB93 = reference.tileMatrixSets.LAMB93_5cm as unknown as WmtsTileMatrixSet;

describe('WMTS tile matrices (the recorded Géoplateforme capabilities)', () => {
  test('resolutions: PM level 0 is 156 543.03 m (2πR / 256), LAMB93_5cm level 16 is 3.2 m and level 21 is 0.1 m', () => {
    expect(tileMatrixResolution(PM.tileMatrices[0]!)).toBeCloseTo((2 * Math.PI * 6_378_137) / 256, 3);
    expect(tileMatrixResolution(LAMB93.tileMatrices[16]!)).toBeCloseTo(3.2, 9);
    expect(tileMatrixResolution(LAMB93.tileMatrices[21]!)).toBeCloseTo(0.1, 9);
    expect(tileMatrixSetCrs(LAMB93)).toBe(2154);
    expect(tileMatrixSetCrs(PM)).toBe(3857);
  });

  test('PM tile bounds are the XYZ tiles: tile (0, 0) of level 1 is the north-west quarter of the world', () => {
    const half = Math.PI * 6_378_137;
    const bounds = tileBounds(PM.tileMatrices[1]!, 0, 0);
    for (const [index, value] of [-half, 0, 0, half].entries()) expect(bounds[index]).toBeCloseTo(value, 3);
  });

  test('tileRange covers the bounds and every tile it returns intersects them (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 20 }),
        fc.double({ min: 100_000, max: 1_200_000, noNaN: true }),
        fc.double({ min: 6_050_000, max: 7_100_000, noNaN: true }),
        fc.double({ min: 1, max: 50_000, noNaN: true }),
        (level, x, y, size) => {
          const matrix = LAMB93.tileMatrices[level]!;
          const bounds = [x, y, x + size, y + size * 0.7] as const;
          const range = tileRange(matrix, bounds);
          expect(range).not.toBeNull();
          const [c0, r0, c1, r1] = range!;
          const first = tileBounds(matrix, c0, r0);
          const last = tileBounds(matrix, c1, r1);
          expect(first[0]).toBeLessThanOrEqual(bounds[0]);
          expect(first[3]).toBeGreaterThanOrEqual(bounds[3]);
          expect(last[2]).toBeGreaterThanOrEqual(bounds[2]);
          expect(last[1]).toBeLessThanOrEqual(bounds[1]);
          expect(first[2]).toBeGreaterThan(bounds[0]);
          expect(last[0]).toBeLessThan(bounds[2]);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('the TSDoc example: the Oléron DEM extent at LAMB93_5cm level 16', () => {
    expect(tileRange(LAMB93.tileMatrices[16]!, [364900, 6531900, 377600, 6550100])).toEqual([445, 6652, 460, 6674]);
    expect(tileRange(LAMB93.tileMatrices[16]!, [-5e7, -5e7, -4e7, -4e7])).toBeNull();
  });

  test('selectTileMatrix picks one texel per screen pixel, nearest in log scale, with an offset', () => {
    expect(selectTileMatrix(LAMB93, 3.2)).toBe(16);
    expect(selectTileMatrix(LAMB93, 4.4)).toBe(16);
    expect(selectTileMatrix(LAMB93, 4.6)).toBe(15);
    expect(selectTileMatrix(LAMB93, 3.2, 1)).toBe(17);
    expect(selectTileMatrix(LAMB93, 1e-6)).toBe(LAMB93.tileMatrices.length - 1);
    expect(() => selectTileMatrix(LAMB93, 0)).toThrow(JumeauError);
  });

  test('tileUrl fills WMTS KVP, REST and XYZ placeholders', () => {
    const kvp =
      'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&FORMAT=image/jpeg&TILEMATRIXSET={TileMatrixSet}&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}';
    expect(tileUrl(kvp, LAMB93, { column: 453, row: 6664, level: 16 })).toBe(
      'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&FORMAT=image/jpeg&TILEMATRIXSET=LAMB93_5cm&TILEMATRIX=16&TILEROW=6664&TILECOL=453',
    );
    expect(tileUrl('/tiles/{z}/{x}/{y}.png', PM, { column: 16_270, row: 11_730, level: 15 })).toBe('/tiles/15/16270/11730.png');
    expect(() => tileUrl('/{z}', PM, { column: 0, row: 0, level: 40 })).toThrow(/No level 40/);
  });
});

describe('draping tiles on a mesh', () => {
  test('Web Mercator tile texture coordinates: the tile corners are (0, 0) and (1, 1) (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (z, u, v) => {
          const [x, y] = [Math.floor(u * 2 ** z), Math.floor(v * 2 ** z)];
          const lonLat = (tx: number, ty: number) => [
            (tx / 2 ** z) * 360 - 180,
            (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / 2 ** z))) * 180) / Math.PI,
          ];
          const positions = Float64Array.from([...lonLat(x, y), 0, ...lonLat(x + 1, y + 1), 0]);
          const texCoords = webMercatorTileTextureCoordinates(positions, x, y, z);
          for (const [index, value] of [0, 0, 1, 1].entries()) expect(texCoords[index]).toBeCloseTo(value, 4);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('tileSurfaceMesh keeps exactly the triangles that reach the tile', () => {
    // Three triangles: inside, straddling the right edge, outside.
    const texCoords = Float32Array.from([0.1, 0.1, 0.5, 0.1, 0.1, 0.5, 0.9, 0.5, 1.2, 0.5, 0.9, 0.9, 1.1, 0.1, 1.5, 0.1, 1.1, 0.5]);
    const terrain = {
      positions: new Float64Array(27),
      texCoords,
      indices: Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]),
      maximumErrorMetres: 0,
    };
    expect(Array.from(tileSurfaceMesh(terrain, texCoords)!.indices)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(
      tileSurfaceMesh(
        terrain,
        texCoords.map((value) => value + 5),
      ),
    ).toBeNull();
  });
});
