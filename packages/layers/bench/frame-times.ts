/**
 * Page of the `layers` benchmark (benchmarks/src/layers.bench.ts opens it in Chromium): frame times of Jumeau's
 * layers and of the usual deck.gl way on the same data — a 1 000 × 1 000 Lambert-93 grid (the Oléron DEM
 * resampled) and 100 000 real building footprints (Dieppe, repeated with offsets).
 */
import { type Grid, createGrid, featureTableFromGeoJSON } from '@jumeau/core';
import { Deck, type Layer, MapView } from '@deck.gl/core';
import { BitmapLayer, SolidPolygonLayer } from '@deck.gl/layers';
import { fromArrayBuffer } from 'geotiff';
import { BuildingsLayer, GridMeshLayer, colorForValue, colormapTable } from '../src/index.js';
import { createCoordinateTransformer } from '../src/lib/project.js';

const SIZE = 600;
const canvas = document.createElement('canvas');
canvas.width = SIZE;
canvas.height = SIZE;
canvas.style.width = `${SIZE}px`;
canvas.style.height = `${SIZE}px`;
document.body.appendChild(canvas);

let afterRender: (() => void) | null = null;

function createDeck(): Promise<Deck> {
  return new Promise((resolve) => {
    const deck: Deck = new Deck({
      canvas,
      width: SIZE,
      height: SIZE,
      useDevicePixels: false,
      controller: false,
      views: new MapView({ id: 'map' }),
      viewState: { longitude: -1.25, latitude: 45.89, zoom: 10.5 },
      deviceProps: { type: 'webgl', webgl: { preserveDrawingBuffer: true } } as never,
      onLoad: () => resolve(deck),
      onAfterRender: () => {
        const gl = canvas.getContext('webgl2') as WebGL2RenderingContext;
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
        covered = countCovered(gl);
        afterRender?.();
      },
    });
  });
}

let covered = 0;

/** Draws one frame (deck's render loop) and resolves once the GPU finished it (read-back in onAfterRender). */
function drawFrame(deck: Deck): Promise<void> {
  return new Promise((resolve) => {
    afterRender = () => {
      afterRender = null;
      resolve();
    };
    // Layer updates normally run in deck's animation loop: run them now so this frame draws the new props.
    deck.layerManager?.updateLayers();
    deck.redraw('benchmark');
  });
}

/** Median of `frames` frames while the view pans, and the time of the first frame (setup included), ms. */
async function measure(deck: Deck, layers: () => Layer[], centre: [number, number], zoom: number, frames = 15) {
  const start = performance.now();
  deck.setProps({ layers: layers(), viewState: { longitude: centre[0], latitude: centre[1], zoom } });
  await drawFrame(deck);
  const firstFrameMilliseconds = performance.now() - start;
  const samples: number[] = [];
  for (let frame = 0; frame < frames; frame += 1) {
    deck.setProps({ viewState: { longitude: centre[0] + frame * 1e-4, latitude: centre[1], zoom, pitch: 30, bearing: frame } });
    const begin = performance.now();
    await drawFrame(deck);
    samples.push(performance.now() - begin);
  }
  samples.sort((a, b) => a - b);
  return { firstFrameMilliseconds, frameMilliseconds: samples[Math.floor(samples.length / 2)] as number };
}

/** Non-transparent pixels of the last frame (checks that a layer really drew). */
function coveredPixels(): number {
  return covered;
}

function countCovered(gl: WebGL2RenderingContext): number {
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  gl.readPixels(0, 0, SIZE, SIZE, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  let count = 0;
  for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] as number) > 0) count += 1;
  return count;
}

async function millionCellGrid(): Promise<Grid<Float32Array>> {
  const bytes = await (
    await fetch('/@fs/shared-data/oleron/dem_20m_ngf_l93.tif'.replace('/@fs/shared-data', (window as never as { SHARED: string }).SHARED))
  ).arrayBuffer();
  const image = await (await fromArrayBuffer(bytes)).getImage();
  const source = Float32Array.from((await image.readRasters({ interleave: true })) as unknown as ArrayLike<number>);
  const [width, height] = [image.getWidth(), image.getHeight()];
  const data = new Float32Array(1000 * 1000);
  for (let row = 0; row < 1000; row += 1) {
    for (let column = 0; column < 1000; column += 1)
      data[row * 1000 + column] = source[Math.floor((row * height) / 1000) * width + Math.floor((column * width) / 1000)] as number;
  }
  const [originX, originY] = image.getOrigin() as number[];
  return createGrid({
    width: 1000,
    height: 1000,
    transform: [originX as number, (width * 20) / 1000, 0, originY as number, 0, -(height * 20) / 1000],
    crs: 2154,
    nodata: null,
    data,
  });
}

/** The usual way: colour the grid on the CPU and place the image by its four reprojected corners. */
function bitmapOf(grid: Grid): BitmapLayer {
  const table = colormapTable('viridis');
  const pixels = new Uint8ClampedArray(grid.width * grid.height * 4);
  grid.data.forEach((value, index) => {
    pixels.set(colorForValue(value, [-16, 36], table), index * 4);
  });
  const t = grid.transform;
  const corners = createCoordinateTransformer(
    2154,
    4326,
  )(
    new Float64Array([
      t[0],
      t[3] + grid.height * t[5],
      t[0],
      t[3],
      t[0] + grid.width * t[1],
      t[3],
      t[0] + grid.width * t[1],
      t[3] + grid.height * t[5],
    ]),
  );
  const bounds = [0, 1, 2, 3].map((k) => [corners[k * 2] as number, corners[k * 2 + 1] as number]) as never;
  return new BitmapLayer({ id: 'bitmap', image: new ImageData(pixels, grid.width, grid.height), bounds });
}

interface Collection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][][] } }[];
}

async function hundredThousandBuildings(): Promise<Collection> {
  const collection = (await (
    await fetch(`${(window as never as { SHARED: string }).SHARED}/dieppe-littosim/geojson/dieppe_buildings.geojson`)
  ).json()) as Collection;
  const features: Collection['features'] = [];
  for (let copy = 0; features.length < 100_000; copy += 1) {
    const dx = (copy % 3) * 0.2;
    const dy = Math.floor(copy / 3) * 0.1;
    for (const feature of collection.features) {
      if (features.length >= 100_000) break;
      const polygons = (
        feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
      ) as number[][][][];
      const coordinates = polygons.map((polygon) => polygon.map((ring) => ring.map(([x, y]) => [(x as number) + dx, (y as number) + dy])));
      features.push({ type: 'Feature', properties: feature.properties, geometry: { type: 'MultiPolygon', coordinates } });
    }
  }
  return { type: 'FeatureCollection', features };
}

async function run() {
  const deck = await createDeck();
  const grid = await millionCellGrid();
  const gridJumeau = await measure(
    deck,
    () => [new GridMeshLayer({ id: 'grid', grid, colormap: 'viridis', valueRange: [-16, 36] })],
    [-1.25, 45.89],
    10.5,
  );
  const coveredGrid = coveredPixels();
  const gridReference = await measure(deck, () => [bitmapOf(grid)], [-1.25, 45.89], 10.5);
  const coveredGridReference = coveredPixels();
  const collection = await hundredThousandBuildings();
  const centre: [number, number] = [1.18, 49.97];
  const tableStart = performance.now();
  const table = featureTableFromGeoJSON(collection, { encoding: 'geoarrow.multipolygon' });
  const tableMilliseconds = performance.now() - tableStart;
  const buildingsJumeau = await measure(
    deck,
    () => [new BuildingsLayer({ id: 'buildings', table, colorColumn: 'dem_centroid', valueRange: [0, 60] })],
    centre,
    10.5,
    10,
  );
  const covered = coveredPixels();
  const lookup = colormapTable('yellow-orange-red');
  const buildingsReference = await measure(
    deck,
    () => [
      new SolidPolygonLayer<Collection['features'][number]>({
        id: 'reference',
        data: collection.features,
        extruded: true,
        getPolygon: (feature) => feature.geometry.coordinates[0]?.[0] as never,
        getElevation: () => 6,
        getFillColor: (feature) => colorForValue(Number(feature.properties.dem_centroid), [0, 60], lookup),
      }),
    ],
    centre,
    10.5,
    10,
  );
  const coveredReference = coveredPixels();
  return {
    coveredGrid,
    coveredGridReference,
    tableMilliseconds,
    covered,
    coveredReference,
    gridJumeau,
    gridReference,
    buildingsJumeau,
    buildingsReference,
    renderer: (canvas.getContext('webgl2') as WebGL2RenderingContext).getParameter(0x1f01),
  };
}

(window as never as { runBenchmark: typeof run }).runBenchmark = run;
