import { type FeatureTable, type Grid, createGridLike, featureTableFromGeoJSON } from '@jumeau/core';
import { tableFromArrays } from 'apache-arrow';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ArrivalTimeLayer,
  ChoroplethLayer,
  FlowLayer,
  H3Layer,
  type Flows,
  colorForValue,
  featureRings,
  numericColumn,
  ringCentroids,
  seriesValuesAt,
} from '../src/index.js';
import { createCoordinateTransformer } from '../src/lib/project.js';
import { LAMBERT_93, OLERON_DEM_PATH } from './helpers/reference.js';
import { type Rendered, disposeRendered, pixelAt, renderLayers, savePng } from './helpers/render.js';
import { readSharedGeoTiff, readSharedJson } from './helpers/shared-data.js';
import { commands } from 'vitest/browser';

let dem: Grid<Float32Array>;
let paris: FeatureTable;
const frames: Rendered[] = [];
afterAll(() => frames.forEach(disposeRendered));
beforeAll(async () => {
  dem = await readSharedGeoTiff(OLERON_DEM_PATH, LAMBERT_93);
  paris = featureTableFromGeoJSON(await readSharedJson('paris-mobpro-2015-spflow/paris10km_municipalities.geojson'), {
    encoding: 'geoarrow.multipolygon',
  });
});

async function render(layers: Parameters<typeof renderLayers>[0], longitude: number, latitude: number, zoom: number, name?: string) {
  const frame = await renderLayers(layers, { longitude, latitude, zoom });
  frames.push(frame);
  if (name) await savePng(frame, name);
  return frame;
}

function centreOfCell(grid: Grid, column: number, row: number): [number, number] {
  const t = grid.transform;
  const p = createCoordinateTransformer(grid.crs, 4326)(new Float64Array([t[0] + (column + 0.5) * t[1], t[3] + (row + 0.5) * t[5]]));
  return [p[0] as number, p[1] as number];
}

describe('ArrivalTimeLayer', () => {
  test('a level rising 0.5 m/h from 0 m NGF over Oléron: reached cells drawn, later ones hidden, isochrones drawn', async () => {
    const arrival = createGridLike<Float32Array>(dem, { dataType: 'float32', nodata: -9999, units: 's' });
    dem.data.forEach((z, index) => {
      arrival.data[index] = z > 4.5 ? -9999 : (Math.max(z, 0) / 0.5) * 3600;
    });
    const current = 4 * 3600;
    const layer = () =>
      new ArrivalTimeLayer({
        id: 'arrival',
        arrivalTime: arrival,
        currentTimeSeconds: current,
        isochroneIntervalSeconds: 3600,
        valueRange: [0, 9 * 3600],
      });
    await render([layer()], -1.25, 45.89, 10.1, 'arrival-time-oleron-4h');
    const frame = await render([layer()], -1.2, 45.88, 13.5, 'arrival-time-oleron-4h-z13');
    const heightsAround = (column: number, row: number) =>
      [-1, 0, 1].flatMap((dr) => [-1, 0, 1].map((dc) => dem.data[(row + dr) * dem.width + column + dc] as number));
    let early = 0;
    let late = 0;
    for (let row = 1; row < dem.height - 1; row += 3) {
      for (let column = 1; column < dem.width - 1; column += 3) {
        const [x, y] = frame.viewport.project(centreOfCell(dem, column, row)) as [number, number];
        if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) continue;
        const around = heightsAround(column, row);
        // Away from the reveal front (1 h margin on each side, the cell and its 8 neighbours) the answer is unambiguous.
        if (around.every((z) => z > 0.5 && z < 1.5)) {
          early += 1;
          expect(pixelAt(frame, x, y)[3]).toBeGreaterThan(0);
        }
        if (around.every((z) => z > 2.5)) {
          late += 1;
          expect(pixelAt(frame, x, y)[3]).toBe(0);
        }
      }
    }
    expect(early).toBeGreaterThan(3);
    expect(late).toBeGreaterThan(3);
    let isochrone = 0;
    for (let index = 0; index < frame.pixels.length; index += 4) {
      if (frame.pixels[index] === 30 && frame.pixels[index + 1] === 30 && frame.pixels[index + 2] === 30) isochrone += 1;
    }
    expect(isochrone).toBeGreaterThan(200);
  });
});

describe('ChoroplethLayer and FlowLayer on Paris + 10 km (INSEE MOBPRO 2015)', () => {
  test('communes coloured by a daily series at a fractional day; picking returns the commune', async () => {
    const population = numericColumn(paris, 'POPULATION');
    const rows = paris.numRows;
    const values = new Float64Array(rows * 3);
    for (let day = 0; day < 3; day += 1)
      for (let row = 0; row < rows; row += 1) values[day * rows + row] = ((population[row] as number) * (day + 1)) / 1000;
    const series = { values, dayCount: 3 };
    const layer = new ChoroplethLayer({ id: 'communes', table: paris, series, day: 1.5, valueRange: [0, 600], pickable: true });
    const frame = await render([layer], 2.35, 48.855, 10.2, 'choropleth-paris-day-1.5');
    const expected = seriesValuesAt(series, rows, 1.5);
    const centroids = ringCentroids(featureRings(paris), rows);
    let checked = 0;
    for (let row = 0; row < rows; row += 3) {
      const [x, y] = frame.viewport.project([centroids[row * 2] as number, centroids[row * 2 + 1] as number]) as [number, number];
      const picked = frame.deck.pickObject({ x, y, radius: 0 });
      if (!picked) continue;
      checked += 1;
      expect((picked.object as Record<string, unknown>).ID_MUN).toBe(paris.getChild('ID_MUN')?.get(picked.index));
      expect(pixelAt(frame, x, y)).toEqual(colorForValue(expected[picked.index] as number, [0, 600], 'yellow-orange-red'));
    }
    expect(checked).toBeGreaterThan(8);
  });

  test('commuting arcs above 3 000 people, biggest flow picked at its midpoint', async () => {
    const csv = (await commands
      .readFile('packages/layers/test-output/shared-data/paris-mobpro-2015-spflow/paris10km_commuteflows.csv')
      .catch(() => commands.readFile('../shared/data/paris-mobpro-2015-spflow/paris10km_commuteflows.csv'))) as string;
    const ids = new Map<string, number>();
    paris
      .getChild('ID_MUN')
      ?.toArray()
      .forEach((id: string, row: number) => {
        ids.set(id, row);
      });
    const lines = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.replaceAll('"', '').split(','));
    const flows: Flows = {
      origins: Int32Array.from(lines, (line) => ids.get(line[0] as string) as number),
      destinations: Int32Array.from(lines, (line) => ids.get(line[1] as string) as number),
      counts: Float64Array.from(lines, (line) => Number(line[3])),
    };
    const layer = new FlowLayer({ id: 'flows', places: paris, flows, minimumCount: 3000, arcHeight: 0, pickable: true });
    const frame = await render([layer], 2.34, 48.86, 11, 'flows-paris-3000');
    let biggest = -1;
    flows.counts.forEach((count, flow) => {
      if (flows.origins[flow] !== flows.destinations[flow] && (biggest < 0 || count > (flows.counts[biggest] as number))) biggest = flow;
    });
    const centroids = ringCentroids(featureRings(paris), paris.numRows);
    const origin = flows.origins[biggest] as number;
    const destination = flows.destinations[biggest] as number;
    const middle: [number, number] = [
      ((centroids[origin * 2] as number) + (centroids[destination * 2] as number)) / 2,
      ((centroids[origin * 2 + 1] as number) + (centroids[destination * 2 + 1] as number)) / 2,
    ];
    const [x, y] = frame.viewport.project(middle) as [number, number];
    const picked = frame.deck.pickObject({ x, y, radius: 1 });
    expect(picked?.object).toMatchObject({ origin, destination, count: flows.counts[biggest] });
  });
});

describe('H3Layer', () => {
  test('mean Oléron ground height per H3 cell (resolution 8): pixel at a cell centre has its colour, picking returns the row', async () => {
    const sums = new Map<string, [number, number]>();
    for (let row = 0; row < dem.height; row += 2) {
      for (let column = 0; column < dem.width; column += 2) {
        const [longitude, latitude] = centreOfCell(dem, column, row);
        const cell = latLngToCell(latitude, longitude, 8);
        const sum = sums.get(cell) ?? [0, 0];
        sums.set(cell, [sum[0] + (dem.data[row * dem.width + column] as number), sum[1] + 1]);
      }
    }
    const table = tableFromArrays({ h3: [...sums.keys()], value: Float64Array.from([...sums.values()], ([sum, count]) => sum / count) });
    const layer = new H3Layer({ id: 'h3', table, valueRange: [-16, 36], pickable: true });
    const frame = await render([layer], -1.25, 45.89, 12, 'h3-oleron-mean-height');
    const index = ((table.getChild('h3')?.toArray() ?? []) as string[]).indexOf(latLngToCell(45.89, -1.25, 8));
    const [latitude, longitude] = cellToLatLng(table.getChild('h3')?.get(index) as string);
    const [x, y] = frame.viewport.project([longitude, latitude]) as [number, number];
    const picked = frame.deck.pickObject({ x, y, radius: 0 });
    expect(picked?.index).toBe(index);
    expect(pixelAt(frame, x, y)).toEqual(colorForValue(table.getChild('value')?.get(index) as number, [-16, 36], 'viridis'));
  });
});
