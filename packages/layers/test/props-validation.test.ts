import { createGrid, featureTableFromGeoJSON, isJumeauError } from '@jumeau/core';
import { describe, expect, test } from 'vitest';
import { validateProps } from '../src/index.js';
import { featureLayerPropsSchema, gridMeshLayerPropsSchema, terrainTileLayerPropsSchema } from '../src/layers/props-schemas.js';

const grid = createGrid({ width: 3, height: 2, transform: [370000, 20, 0, 6540000, 0, -20], crs: 2154, data: new Float32Array(6) });

function errorOf(run: () => void) {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a JumeauError');
}

describe('layer props are validated with zod; a wrong prop is a JumeauError naming it', () => {
  test('good props pass', () => {
    expect(() => validateProps('GridMeshLayer', gridMeshLayerPropsSchema, { grid, colormap: 'viridis', valueRange: [0, 3] })).not.toThrow();
    expect(() =>
      validateProps('GridMeshLayer', gridMeshLayerPropsSchema, { grid: null, colormap: (t: number) => `rgb(${t}, 0, 0)` }),
    ).not.toThrow();
  });

  test.each([
    ['valueRange', { grid, valueRange: [3, 0] }, /maximum must be greater than minimum/],
    ['valueRange', { grid, valueRange: [0, Number.NaN] }, /valueRange/],
    ['colormap', { grid, colormap: 'rainbow' }, /expected one of viridis/],
    ['grid', { grid: { ...grid, data: new Float32Array(5) } }, /data must hold width × height values/],
    ['grid', { grid: { ...grid, transform: [0, 0, 0, 0, 0, 0] } }, /degenerate/],
    ['grid', { grid: [1, 2, 3] }, /grid/],
    ['elevation', { grid, elevation: { ...grid, width: 2.5 } }, /elevation/],
  ])('GridMeshLayer %s', (prop, props, message) => {
    const error = errorOf(() => validateProps('GridMeshLayer', gridMeshLayerPropsSchema, props));
    expect(isJumeauError(error) && error.code).toBe('input');
    expect((error as Error).message).toMatch(new RegExp(`^Invalid GridMeshLayer prop ${prop}`));
    expect((error as Error).message).toMatch(message);
    expect((error as { details: { props: string[] } }).details.props).toEqual([prop]);
  });

  test('feature layers need an Arrow table; the TerrainTileLayer a TileMatrixSet with levels', () => {
    const table = featureTableFromGeoJSON({ type: 'FeatureCollection', features: [] } as never);
    expect(() => validateProps('BuildingsLayer', featureLayerPropsSchema, { table })).not.toThrow();
    expect(() => validateProps('BuildingsLayer', featureLayerPropsSchema, { table: { type: 'FeatureCollection' } })).toThrow(
      /Invalid BuildingsLayer prop table: table: expected an Apache Arrow Table/,
    );
    expect(() =>
      validateProps('TerrainTileLayer', terrainTileLayerPropsSchema, {
        tileMatrixSet: { identifier: 'LAMB93', supportedCrs: 'IGNF:LAMB93', tileMatrices: [] },
      }),
    ).toThrow(/Invalid TerrainTileLayer prop tileMatrixSet/);
  });
});
