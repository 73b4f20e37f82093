/**
 * WMTS tiles draped on the Oléron terrain, served over HTTP from tiles this test makes from the real DEM
 * (tinted hillshade, see helpers/tiles.ts). Lambert-93 (`LAMB93_5cm`, the TileMatrixSet of the recorded
 * Géoplateforme capabilities): the corner shared by four tiles lands within 1.5 px of where PROJ (cs2cs) puts
 * it, and each quadrant shows its tile. Web Mercator (`PM`, deck.gl TileLayer): same check on a PM tile corner.
 */
import { type Grid, gridBounds } from '@jumeau/core';
import type { WebMercatorViewport } from '@deck.gl/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TerrainTileLayer, type WmtsTileIndex, type WmtsTileMatrixSet, selectTileMatrix } from '../src/index.js';
import { createCoordinateTransformer } from '../src/lib/project.js';
import reference from './reference/wmts-reference.json' with { type: 'json' };
import { LAMBERT_93, OLERON_DEM_PATH } from './helpers/reference.js';
import { type Rendered, disposeRendered, pixelAt, renderLayers, savePng } from './helpers/render.js';
import { readSharedGeoTiff } from './helpers/shared-data.js';
import { TILE_TINTS, classOfColor, tileClass, tintedHillshadeTile, writeTilePng } from './helpers/tiles.js';

const LAMB93 = reference.tileMatrixSets.LAMB93_5cm as unknown as WmtsTileMatrixSet;
const SIZE = 400;
const EQUATOR_METRES = 40_075_016.686;
let dem: Grid<Float32Array>;
const frames: Rendered[] = [];
afterAll(() => frames.forEach(disposeRendered));
beforeAll(async () => {
  dem = await readSharedGeoTiff(OLERON_DEM_PATH, LAMBERT_93);
});

/** deck.gl zoom at which one screen pixel is `metres` on the ground at `latitude`. */
function zoomForMetresPerPixel(metres: number, latitude: number): number {
  return Math.log2((EQUATOR_METRES * Math.cos((latitude * Math.PI) / 180)) / (512 * metres));
}

/** Writes the LAMB93_5cm tiles of `level` covering `bounds` (Lambert-93); returns how many. */
async function writeLambertTiles(level: number, bounds: readonly number[]): Promise<number> {
  const matrix = LAMB93.tileMatrices[level] as WmtsTileMatrixSet['tileMatrices'][number];
  const resolution = matrix.scaleDenominator * 0.00028;
  const size = 256 * resolution;
  const [left, top] = matrix.topLeftCorner;
  let count = 0;
  for (let row = Math.floor((top - (bounds[3] as number)) / size); row <= Math.floor((top - (bounds[1] as number)) / size); row += 1) {
    for (
      let column = Math.floor(((bounds[0] as number) - left) / size);
      column <= Math.floor(((bounds[2] as number) - left) / size);
      column += 1
    ) {
      const centres = new Float64Array(256 * 256 * 2);
      for (let pixel = 0; pixel < 256 * 256; pixel += 1) {
        centres[pixel * 2] = left + column * size + ((pixel % 256) + 0.5) * resolution;
        centres[pixel * 2 + 1] = top - row * size - (Math.floor(pixel / 256) + 0.5) * resolution;
      }
      await writeTilePng(
        `LAMB93_5cm/${matrix.identifier}/${column}/${row}.png`,
        tintedHillshadeTile(dem, centres, TILE_TINTS[tileClass(column, row)] as readonly number[]),
      );
      count += 1;
    }
  }
  return count;
}

/** Writes the Web Mercator XYZ tiles of zoom `z` covering a longitude/latitude box. */
async function writeMercatorTiles(z: number, [west, south, east, north]: readonly number[]): Promise<void> {
  const toTile = (longitude: number, latitude: number) => {
    const phi = (latitude * Math.PI) / 180;
    return [((longitude + 180) / 360) * 2 ** z, ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * 2 ** z];
  };
  const [x0, y0] = toTile(west as number, north as number) as [number, number];
  const [x1, y1] = toTile(east as number, south as number) as [number, number];
  const toLambert = createCoordinateTransformer(4326, LAMBERT_93);
  for (let y = Math.floor(y0); y <= Math.floor(y1); y += 1) {
    for (let x = Math.floor(x0); x <= Math.floor(x1); x += 1) {
      const centres = new Float64Array(256 * 256 * 2);
      for (let pixel = 0; pixel < 256 * 256; pixel += 1) {
        const u = (x + ((pixel % 256) + 0.5) / 256) / 2 ** z;
        const v = (y + (Math.floor(pixel / 256) + 0.5) / 256) / 2 ** z;
        centres[pixel * 2] = u * 360 - 180;
        centres[pixel * 2 + 1] = (Math.atan(Math.sinh(Math.PI * (1 - 2 * v))) * 180) / Math.PI;
      }
      await writeTilePng(
        `PM/${z}/${x}/${y}.png`,
        tintedHillshadeTile(dem, toLambert(centres), TILE_TINTS[tileClass(x, y)] as readonly number[]),
      );
    }
  }
}

/** The first offset (px, from −range) along a line where the pixel class becomes `after`, having been `before`. */
function transition(frame: Rendered, at: (offset: number) => [number, number], before: number, after: number, range = 10): number {
  let seenBefore = false;
  for (let offset = -range; offset <= range; offset += 1) {
    const [x, y] = at(offset);
    const found = classOfColor(pixelAt(frame, x, y));
    if (found === before) seenBefore = true;
    if (seenBefore && found === after) return offset;
  }
  return Number.NaN;
}

/**
 * Checks the four tiles around a tile corner at screen `corner`: quadrant colours, and the two edges cross
 * the scan lines 6 px from the corner within 1.5 px of it (tile edges are straight lines of the tile CRS; over
 * 6 px the Lambert-93 meridian convergence moves them by < 0.4 px).
 */
function expectCorner(frame: Rendered, [cornerX, cornerY]: [number, number], column: number, row: number): void {
  const classes = { southEast: tileClass(column, row), southWest: tileClass(column - 1, row), northEast: tileClass(column, row - 1) };
  expect(classOfColor(pixelAt(frame, cornerX + 6, cornerY + 6))).toBe(classes.southEast);
  expect(classOfColor(pixelAt(frame, cornerX - 6, cornerY + 6))).toBe(classes.southWest);
  expect(classOfColor(pixelAt(frame, cornerX + 6, cornerY - 6))).toBe(classes.northEast);
  expect(classOfColor(pixelAt(frame, cornerX - 6, cornerY - 6))).toBe(tileClass(column - 1, row - 1));
  // Pixel k covers [k, k + 1): the first pixel of the new tile starts at the edge.
  const vertical = transition(frame, (offset) => [Math.floor(cornerX) + offset + 0.5, cornerY + 6], classes.southWest, classes.southEast);
  const horizontal = transition(frame, (offset) => [cornerX + 6, Math.floor(cornerY) + offset + 0.5], classes.northEast, classes.southEast);
  expect(Math.abs(Math.floor(cornerX) + vertical - cornerX)).toBeLessThanOrEqual(1.5);
  expect(Math.abs(Math.floor(cornerY) + horizontal - cornerY)).toBeLessThanOrEqual(1.5);
}

async function renderTiles(layerProps: Partial<ConstructorParameters<typeof TerrainTileLayer>[0]>, viewState: object) {
  let loaded: WmtsTileIndex[] | null = null;
  const errors: unknown[] = [];
  const layer = new TerrainTileLayer({
    id: 'tiles',
    elevation: dem,
    tileUrl: null,
    ...layerProps,
    onTilesLoad: (tiles) => (loaded = tiles),
    onTileError: (error) => errors.push(error),
  });
  const frame = await renderLayers([layer], viewState as never, SIZE, SIZE, undefined, () => loaded !== null);
  frames.push(frame);
  return { frame, tiles: loaded as unknown as WmtsTileIndex[], errors };
}

describe('TerrainTileLayer: WMTS tiles draped on the terrain', () => {
  test('LAMB93_5cm level 16: a tile corner lands where PROJ puts it (≤ 1.5 px), four tiles around it', async () => {
    const corner = reference.lamb93Corners.find(({ level }) => level === 16) as (typeof reference.lamb93Corners)[number];
    const zoom = zoomForMetresPerPixel(3.2, corner.latitude);
    const half = SIZE * 3.2;
    expect(await writeLambertTiles(16, [corner.x - half, corner.y - half, corner.x + half, corner.y + half])).toBeGreaterThan(4);
    const { frame, tiles, errors } = await renderTiles(
      {
        elevationScale: 0,
        tileMatrixSet: LAMB93,
        tileUrl: `${location.origin}/packages/layers/test-output/wmts/{TileMatrixSet}/{TileMatrix}/{TileCol}/{TileRow}.png`,
      },
      { longitude: corner.longitude, latitude: corner.latitude, zoom },
    );
    await savePng(frame, 'terrain-tiles-lamb93-corner-level16');
    expect(errors).toEqual([]);
    expect(new Set(tiles.map(({ level }) => level))).toEqual(new Set([16]));
    expect(tiles).toContainEqual({ column: corner.column, row: corner.row, level: 16 });
    const projected = (frame.viewport as WebMercatorViewport).project([corner.longitude, corner.latitude]) as [number, number];
    expect(projected[0]).toBeCloseTo(SIZE / 2, 6);
    expectCorner(frame, projected, corner.column, corner.row);
  });

  test('PM (deck.gl TileLayer) zoom 15: a Web Mercator tile corner lands within 1.5 px, four tiles around it', async () => {
    const z = 15;
    // The PM tile whose top-left corner is nearest Oléron's centre (-1.25°, 45.89°).
    const column = Math.round(((-1.25 + 180) / 360) * 2 ** z);
    const phi = (45.89 * Math.PI) / 180;
    const row = Math.round(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * 2 ** z);
    const longitude = (column / 2 ** z) * 360 - 180;
    const latitude = (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / 2 ** z))) * 180) / Math.PI;
    const degrees = (SIZE / 256 / 2 ** z) * 360;
    await writeMercatorTiles(z, [longitude - degrees, latitude - degrees, longitude + degrees, latitude + degrees]);
    const { frame, tiles, errors } = await renderTiles(
      { elevationScale: 0, tileMatrixSet: 'PM', tileUrl: `${location.origin}/packages/layers/test-output/wmts/PM/{z}/{x}/{y}.png` },
      // deck.gl's TileLayer with 256-pixel tiles draws zoom round(viewZoom + 1).
      { longitude, latitude, zoom: z - 1 },
    );
    await savePng(frame, 'terrain-tiles-pm-corner-z15');
    expect(errors).toEqual([]);
    expect(new Set(tiles.map(({ level }) => level))).toEqual(new Set([z]));
    const projected = (frame.viewport as WebMercatorViewport).project([longitude, latitude]) as [number, number];
    expectCorner(frame, projected, column, row);
  });

  test('3D: Lambert-93 tiles over the exaggerated Oléron terrain (PNG), the view is covered', async () => {
    const viewState = { longitude: -1.25, latitude: 45.89, zoom: 10.9, pitch: 50, bearing: 20 };
    const metresPerPixel = (EQUATOR_METRES * Math.cos((45.89 * Math.PI) / 180)) / (512 * 2 ** viewState.zoom);
    const level = selectTileMatrix(LAMB93, metresPerPixel);
    for (const candidate of [level - 1, level]) await writeLambertTiles(candidate, gridBounds(dem));
    const { frame, tiles, errors } = await renderTiles(
      {
        elevationScale: 4,
        maximumErrorMetres: 0.5,
        tileMatrixSet: LAMB93,
        tileUrl: `${location.origin}/packages/layers/test-output/wmts/LAMB93_5cm/{TileMatrix}/{TileCol}/{TileRow}.png`,
      },
      viewState,
    );
    await savePng(frame, 'terrain-tiles-lamb93-oleron-3d');
    expect(errors).toEqual([]);
    expect(tiles.length).toBeGreaterThan(1);
    let covered = 0;
    for (let index = 3; index < frame.pixels.length; index += 4) if ((frame.pixels[index] as number) > 0) covered += 1;
    expect(covered).toBeGreaterThan(frame.width * frame.height * 0.3);
  });
});
