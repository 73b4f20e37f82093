import type { Grid } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GridMeshLayer, colorForValue } from '../src/index.js';
import { readSharedGeoTiff } from './helpers/shared-data.js';
import { LAMBERT_93, OLERON_DEM_PATH, OLERON_PROJ_POINTS, type ReferencePoint } from './helpers/reference.js';
import { type Rendered, disposeRendered, pixelAt, renderLayers, savePng } from './helpers/render.js';

let dem: Grid<Float32Array>;
const rendered: Rendered[] = [];
const VALUE_RANGE: [number, number] = [-16, 36];

beforeAll(async () => {
  dem = await readSharedGeoTiff(OLERON_DEM_PATH, LAMBERT_93);
});
afterAll(() => rendered.forEach(disposeRendered));

async function render(longitude: number, latitude: number, zoom: number, name?: string): Promise<Rendered> {
  const layer = new GridMeshLayer({ id: 'dem', grid: dem, colormap: 'viridis', valueRange: VALUE_RANGE });
  const frame = await renderLayers([layer], { longitude, latitude, zoom, pitch: 0, bearing: 0 });
  rendered.push(frame);
  if (name) await savePng(frame, name);
  return frame;
}

function screen(frame: Rendered, point: ReferencePoint): [number, number] {
  const [x, y] = frame.viewport.project([point.longitude, point.latitude]);
  return [x as number, y as number];
}

/** First covered pixel along a row (scanning in `direction`), or null. */
function firstCovered(frame: Rendered, fixed: number, axis: 'row' | 'column', direction: 1 | -1): number | null {
  const size = axis === 'row' ? frame.width : frame.height;
  for (let step = 0; step < size; step += 1) {
    const index = direction === 1 ? step : size - 1 - step;
    const [, , , alpha] = axis === 'row' ? pixelAt(frame, index, fixed) : pixelAt(frame, fixed, index);
    if (alpha > 0) return index;
  }
  return null;
}

/** Where the straight edge through a and b crosses row y (or column x), in pixels. */
function edgeAt(a: [number, number], b: [number, number], value: number, axis: 'row' | 'column'): number {
  if (axis === 'row') return a[0] + ((value - a[1]) * (b[0] - a[0])) / (b[1] - a[1]);
  return a[1] + ((value - a[0]) * (b[1] - a[1])) / (b[0] - a[0]);
}

describe('GridMeshLayer places a Lambert-93 grid where PROJ puts it', () => {
  test('top-left corner: left and top edges within 1 px at zoom 17', async () => {
    const corner = OLERON_PROJ_POINTS.topLeft;
    const frame = await render(corner.longitude + 0.0004, corner.latitude - 0.0003, 17, 'grid-mesh-top-left-corner-z17');
    const topLeft = screen(frame, corner);
    const south = screen(frame, OLERON_PROJ_POINTS.topLeftSouth100m);
    const east = screen(frame, OLERON_PROJ_POINTS.topLeftEast100m);
    for (const offset of [3, 10, 40]) {
      const row = Math.floor(topLeft[1]) + offset;
      const expected = edgeAt(topLeft, south, row + 0.5, 'row');
      expect(Math.abs((firstCovered(frame, row, 'row', 1) as number) + 0.5 - expected)).toBeLessThanOrEqual(1);
      const column = Math.floor(topLeft[0]) + offset;
      const expectedTop = edgeAt(topLeft, east, column + 0.5, 'column');
      expect(Math.abs((firstCovered(frame, column, 'column', 1) as number) + 0.5 - expectedTop)).toBeLessThanOrEqual(1);
    }
  });

  test('bottom-right corner: right and bottom edges within 1 px at zoom 17', async () => {
    const corner = OLERON_PROJ_POINTS.bottomRight;
    const frame = await render(corner.longitude - 0.0004, corner.latitude + 0.0003, 17, 'grid-mesh-bottom-right-corner-z17');
    const bottomRight = screen(frame, corner);
    const north = screen(frame, OLERON_PROJ_POINTS.bottomRightNorth100m);
    const west = screen(frame, OLERON_PROJ_POINTS.bottomRightWest100m);
    for (const offset of [3, 10, 40]) {
      const row = Math.floor(bottomRight[1]) - offset;
      const expected = edgeAt(bottomRight, north, row + 0.5, 'row');
      expect(Math.abs((firstCovered(frame, row, 'row', -1) as number) + 0.5 - expected)).toBeLessThanOrEqual(1);
      const column = Math.floor(bottomRight[0]) - offset;
      const expectedBottom = edgeAt(bottomRight, west, column + 0.5, 'column');
      expect(Math.abs((firstCovered(frame, column, 'column', -1) as number) + 0.5 - expectedBottom)).toBeLessThanOrEqual(1);
    }
  });

  test.each([
    ['cellCentre_300_450', 300, 450],
    ['cellCentre_100_700', 100, 700],
    ['cellCentre_500_150', 500, 150],
  ] as const)('the pixel under the PROJ position of %s has that cell’s colormap colour', async (name, column, row) => {
    const point = OLERON_PROJ_POINTS[name];
    const frame = await render(point.longitude, point.latitude, 16);
    const [x, y] = screen(frame, point);
    const expected = colorForValue(dem.data[row * dem.width + column] as number, VALUE_RANGE, 'viridis');
    expect(pixelAt(frame, x, y)).toEqual(expected);
  });

  test('the whole island: every pixel is transparent or a colormap colour (PNG for a person)', async () => {
    const frame = await render(-1.25, 45.89, 10.1, 'grid-mesh-oleron-dem');
    let covered = 0;
    for (let index = 0; index < frame.pixels.length; index += 4) if ((frame.pixels[index + 3] as number) > 0) covered += 1;
    expect(covered).toBeGreaterThan(frame.width * frame.height * 0.1);
  });
});
