/// <reference path="../../packages/layers/test/helpers/martini.d.ts" />
/**
 * @jumeau/layers terrain mesh: Jumeau's RTIN (errors + mesh) against Mapbox Martini 0.2, the library a deck.gl user
 * would pick (the same output bit for bit, tested in packages/layers/test/rtin.test.ts), on the Oléron DEM padded to
 * 1025² as `createTerrainMesh` pads it, at the coastal twin's 2 m bound. Martini is timed from `new Martini(1025)`,
 * as a fresh worker meshing one DEM pays it.
 */
import { loadavg } from 'node:os';
import Martini from '@mapbox/martini';
import { sharedDataPath } from '@jumeau/core/node';
import { rtinErrors, rtinMesh } from '@jumeau/layers';
import { type BenchmarkRow, formatMilliseconds, measure } from './harness.js';
import { readDem } from './oleron-mosaic.js';

const SIZE = 1025;
const BOUND_METRES = 2;

export default async function run(): Promise<{ title: string; rows: BenchmarkRow[] }> {
  const dem = await readDem(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
  const terrain = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const value = dem.data[Math.min(y, dem.height - 1) * dem.width + Math.min(x, dem.width - 1)] as number;
      terrain[y * SIZE + x] = value === dem.nodata || Number.isNaN(value) ? 0 : value;
    }
  }
  const jumeau = measure(() => rtinMesh(rtinErrors(terrain, SIZE), SIZE, BOUND_METRES), 11, 2);
  const martini = measure(() => new Martini(SIZE).createTile(terrain).getMesh(BOUND_METRES), 11, 2);
  const triangles = rtinMesh(rtinErrors(terrain, SIZE), SIZE, BOUND_METRES).triangles.length / 3;
  const [one, five] = loadavg();
  return {
    title: '@jumeau/layers — terrain mesh (RTIN)',
    rows: [
      {
        task: `RTIN errors + mesh, Oléron DEM padded to ${SIZE}², ${BOUND_METRES} m bound (${triangles} triangles)`,
        jumeau: `${formatMilliseconds(jumeau.wallMilliseconds)} (CPU ${formatMilliseconds(jumeau.cpuMilliseconds)})`,
        reference: `${formatMilliseconds(martini.wallMilliseconds)} (CPU ${formatMilliseconds(martini.cpuMilliseconds)})`,
        referenceName: 'Mapbox Martini 0.2 (new Martini + createTile + getMesh)',
        ratio: martini.wallMilliseconds / jumeau.wallMilliseconds,
        notes: `medians of 11 after 2 warm-up runs, Node; identical vertices and triangles (tested); load ${one?.toFixed(2)}/${five?.toFixed(2)} (1/5 min)`,
      },
    ],
  };
}
