import type { Grid } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FloodLayer, GridSurfaceLayer, TerrainMeshLayer, colorForValue, createGridMesh, wetDepth } from '../src/index.js';
import { createCoordinateTransformer } from '../src/lib/project.js';
import { WATER_LEVEL_METRES, bathtubDepth } from './helpers/bathtub.js';
import { LAMBERT_93, OLERON_DEM_PATH } from './helpers/reference.js';
import { type Rendered, disposeRendered, pixelAt, renderLayers, savePng } from './helpers/render.js';
import { readSharedGeoTiff } from './helpers/shared-data.js';

let dem: Grid<Float32Array>;
let depth: Grid<Float32Array>;
const frames: Rendered[] = [];
afterAll(() => frames.forEach(disposeRendered));
beforeAll(async () => {
  dem = await readSharedGeoTiff(OLERON_DEM_PATH, LAMBERT_93);
  depth = bathtubDepth(dem, WATER_LEVEL_METRES);
});

/** Longitude/latitude of the centre of cell (column, row). */
function cellCentre(grid: Grid, column: number, row: number): [number, number] {
  const t = grid.transform;
  const point = createCoordinateTransformer(grid.crs, 4326)(new Float64Array([t[0] + (column + 0.5) * t[1], t[3] + (row + 0.5) * t[5]]));
  return [point[0] as number, point[1] as number];
}

/** First cell (scanning from the centre of the grid) whose ground height satisfies `accept`. */
function findCell(accept: (z: number) => boolean): [number, number] {
  for (let row = 450; row < dem.height; row += 1) {
    for (let column = 300; column < dem.width; column += 1) if (accept(dem.data[row * dem.width + column] as number)) return [column, row];
  }
  throw new Error('no such cell');
}

async function render(layers: Parameters<typeof renderLayers>[0], [longitude, latitude]: [number, number], zoom: number, pitch = 0) {
  const frame = await renderLayers(layers, { longitude, latitude, zoom, pitch, bearing: pitch ? 30 : 0 });
  frames.push(frame);
  return frame;
}

describe('FloodLayer on the Oléron bathtub (W = 4.5 m NGF)', () => {
  test('a flooded land cell is water-coloured by its depth, a dry cell is not drawn', async () => {
    const wetCell = findCell((z) => z > 2.5 && z < 3.5);
    const dryCell = findCell((z) => z > 8);
    for (const [column, row] of [wetCell, dryCell]) {
      const centre = cellCentre(dem, column, row);
      const layer = new FloodLayer({ id: 'flood', depth, waterOpacity: 1, transitionDurationMilliseconds: 0, valueRange: [0, 3] });
      const frame = await render([layer], centre, 16);
      const [x, y] = frame.viewport.project(centre) as [number, number];
      const z = dem.data[row * dem.width + column] as number;
      if (z < WATER_LEVEL_METRES) expect(pixelAt(frame, x, y)).toEqual(colorForValue(WATER_LEVEL_METRES - z, [0, 3], 'blues'));
      else expect(pixelAt(frame, x, y)[3]).toBe(0);
    }
  });

  test('the transition shader mixes the previous and the new depth cell by cell', async () => {
    const previous = wetDepth(bathtubDepth(dem, 3.5), 0.01);
    const current = wetDepth(depth, 0.01);
    const [column, row] = findCell((z) => z > 1 && z < 2);
    const centre = cellCentre(dem, column, row);
    const mesh = createGridMesh(current);
    const layer = new GridSurfaceLayer({
      id: 'mix',
      mesh,
      grid: current,
      previousGrid: previous,
      transitionProgress: 0.25,
      colormap: 'blues',
      valueRange: [0, 3],
    });
    const frame = await render([layer], centre, 16);
    const [x, y] = frame.viewport.project(centre) as [number, number];
    const z = dem.data[row * dem.width + column] as number;
    const mixed = 0.75 * (3.5 - z) + 0.25 * (WATER_LEVEL_METRES - z);
    expect(pixelAt(frame, x, y)).toEqual(colorForValue(mixed, [0, 3], 'blues'));
  });

  test('3D: water at its level over the Martini terrain (PNG), water pixels present', async () => {
    const terrain = new TerrainMeshLayer({
      id: 'terrain',
      elevation: dem,
      elevationScale: 8,
      colormap: 'cividis',
      valueRange: [-5, 30],
      maximumErrorMetres: 0.5,
    });
    const flood = new FloodLayer({ id: 'flood', depth, terrain: dem, elevationScale: 8, transitionDurationMilliseconds: 0 });
    const frame = await render([terrain, flood], [-1.2, 45.88], 11.3, 55);
    await savePng(frame, 'flood-over-terrain-3d');
    let covered = 0;
    for (let index = 3; index < frame.pixels.length; index += 4) if ((frame.pixels[index] as number) > 0) covered += 1;
    expect(covered).toBeGreaterThan(frame.width * frame.height * 0.3);
  });

  test('terrain alone, hypsometric tints (PNG)', async () => {
    const terrain = new TerrainMeshLayer({ id: 'terrain', elevation: dem, elevationScale: 10, colormap: 'viridis', valueRange: [-16, 36] });
    const frame = await render([terrain], [-1.25, 45.89], 10.8, 60);
    await savePng(frame, 'terrain-oleron-3d');
    expect(frame.pixels.some((value, index) => index % 4 === 3 && value > 0)).toBe(true);
  });
});
