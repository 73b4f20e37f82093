import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createGrid, isJumeauError, type Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProgressReporter } from '../src/kernel-options.js';
import { computeStaticSubmersion } from '../src/submersion/static-submersion.js';
import { CellStack, type FloodState, floodFromSeeds } from '../src/submersion/scanline-flood.js';
import { runGrass, temporaryDirectory } from './helpers/grass.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';
import { referenceFlood, type ReferenceFloodInput } from './helpers/reference-flood.js';

const demPath = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif');
/** Levels exactly representable in Float32: r.lake reads water_level into a float (FCELL). */
const seedRuns = [
  { name: 'coureau', level: 2.5, x: 376000, y: 6540000 },
  { name: 'coureau4', level: 4, x: 376000, y: 6540000 },
  { name: 'maumusson', level: 3.25, x: 374500, y: 6532300 },
] as const;
const borderLevels = [0.5, 3.25, 4.5] as const;

/** W − z as stored in Float32, never rounded to 0 (the kernel keeps the smallest Float32 instead). */
function float32Depth(depth: number): number {
  return Math.max(Math.fround(depth), 1.401298464324817e-45);
}

function toFloat32Depths(depths: Map<number, number>): Map<number, number> {
  return new Map([...depths].map(([cell, depth]) => [cell, float32Depth(depth)]));
}

function floodedDepths(depth: Grid): Map<number, number> {
  const result = new Map<number, number>();
  depth.data.forEach((value, cell) => {
    if (value > 0) result.set(cell, value);
  });
  return result;
}

/** Same flooded cells, same depths (to `tolerance` m); the first 5 differences are reported. */
function expectSameFlood(actual: Map<number, number>, expected: Map<number, number>, tolerance = 0): void {
  const differences: string[] = [];
  for (const [cell, depth] of expected) {
    const value = actual.get(cell);
    if (value === undefined) differences.push(`cell ${cell} should flood (depth ${depth})`);
    else if (!(Math.abs(value - depth) <= tolerance)) differences.push(`cell ${cell}: depth ${value} instead of ${depth}`);
  }
  for (const cell of actual.keys()) if (!expected.has(cell)) differences.push(`cell ${cell} should stay dry`);
  expect(differences.slice(0, 5)).toEqual([]);
}

describe('static submersion against GRASS r.lake on the Oléron 20 m DEM', () => {
  let dem: Grid;
  const lakes = new Map<string, Grid>();

  beforeAll(async () => {
    dem = await readGeoTiffGrid(demPath);
    const directory = temporaryDirectory('jumeau-rlake-');
    const seeded = seedRuns.map(
      (run) =>
        `r.lake elevation=dem water_level=${run.level} coordinates=${run.x},${run.y} lake=${run.name} --quiet\n` +
        `r.out.gdal -c input=${run.name} output=${join(directory, run.name)}.tif format=GTiff type=Float32 --quiet`,
    );
    // The default sea: a seed map of the border cells below W (r.lake floods from every cell > 0 of it).
    const border = borderLevels.map(
      (level, index) =>
        `r.mapcalc "seed${index} = if((row() == 1 || row() == nrows() || col() == 1 || col() == ncols()) && dem < ${level}, 1, null())" --quiet\n` +
        `r.lake elevation=dem water_level=${level} seed=seed${index} lake=border${index} --quiet\n` +
        `r.out.gdal -c input=border${index} output=${join(directory, `border${index}`)}.tif format=GTiff type=Float32 --quiet`,
    );
    runGrass([`r.in.gdal -o input=${demPath} output=dem --quiet`, 'g.region raster=dem', ...seeded, ...border].join('\n'), directory);
    for (const run of seedRuns) lakes.set(run.name, await readGeoTiffGrid(join(directory, `${run.name}.tif`)));
    for (const [index] of borderLevels.entries()) lakes.set(`border${index}`, await readGeoTiffGrid(join(directory, `border${index}.tif`)));
    rmSync(directory, { recursive: true, force: true });
  }, 120_000);

  it.each(seedRuns)('floods the same cells with the same depths as r.lake from a seed point ($name, W = $level m)', (run) => {
    const { depth, statistics, acceptedSeedCount } = computeStaticSubmersion(dem, {
      stillWaterLevelMetres: run.level,
      seeds: [{ x: run.x, y: run.y }],
    });
    expect(acceptedSeedCount).toBe(1);
    const expected = floodedDepths(lakes.get(run.name) as Grid);
    expect(expected.size).toBeGreaterThan(1000);
    expectSameFlood(floodedDepths(depth), expected);
    expect(statistics.floodedCellCount).toBe(expected.size);
    expect(statistics.floodedAreaSquareMetres).toBe(expected.size * 400);
  });

  it.each(borderLevels.map((level, index) => ({ level, index })))(
    'floods from the border like r.lake seeded with the border cells below W (W = $level m)',
    ({ level, index }) => {
      const { depth } = computeStaticSubmersion(dem, { stillWaterLevelMetres: level });
      expectSameFlood(floodedDepths(depth), floodedDepths(lakes.get(`border${index}`) as Grid));
    },
  );

  it('writes into a reused depth buffer (a sweep of levels) exactly what it writes into a fresh one', () => {
    // A dirty buffer: the depths of a higher level, with a barrier (NaN cells) and nodata, then a lower level.
    const buffer = computeStaticSubmersion(dem, { stillWaterLevelMetres: 6 }).depth.data;
    buffer[0] = Number.NaN;
    for (const level of borderLevels) {
      const fresh = computeStaticSubmersion(dem, { stillWaterLevelMetres: level });
      const reused = computeStaticSubmersion(dem, { stillWaterLevelMetres: level, depthBuffer: buffer });
      expect(reused.depth.data).toBe(buffer);
      expect(Buffer.compare(Buffer.from(reused.depth.data.buffer), Buffer.from(fresh.depth.data.buffer))).toBe(0);
      expect(reused.statistics).toEqual(fresh.statistics);
      expectSameFlood(floodedDepths(reused.depth), floodedDepths(lakes.get(`border${borderLevels.indexOf(level)}`) as Grid));
    }
    const short = new Float32Array(dem.data.length - 1);
    expect(() => computeStaticSubmersion(dem, { stillWaterLevelMetres: 3, depthBuffer: short })).toThrow(/depth buffer has/);
  });

  it('agrees with the plain breadth-first reference, 4- and 8-connected, and reports consistent statistics', () => {
    for (const connectivity of [4, 8] as const) {
      const { depth, statistics } = computeStaticSubmersion(dem, { stillWaterLevelMetres: 3, seaLevelRiseMetres: 0.6, connectivity });
      const expected = referenceFlood({ dem, levelMetres: 3.6, connectivity });
      expectSameFlood(floodedDepths(depth), toFloat32Depths(expected));
      let sum = 0;
      let maximum = 0;
      let low = 0;
      dem.data.forEach((ground, cell) => {
        if (expected.has(cell)) {
          sum += 3.6 - ground;
          maximum = Math.max(maximum, float32Depth(3.6 - ground));
        } else if (ground < 3.6) low += 1;
      });
      expect(statistics.waterLevelMetres).toBeCloseTo(3.6, 12);
      expect(statistics.volumeCubicMetres / (sum * 400)).toBeCloseTo(1, 6);
      expect(statistics.maximumDepthMetres).toBe(maximum);
      expect(statistics.lowUnconnectedCellCount).toBe(low);
      expect(statistics.meanDepthMetres).toBeCloseTo(statistics.volumeCubicMetres / statistics.floodedAreaSquareMetres, 9);
    }
  });
});

/** A random small DEM (values −2…6 m, some nodata) with an optional barrier, breaches and sea mask. */
const scenarioArbitrary = fc
  .record({
    width: fc.integer({ min: 1, max: 14 }),
    height: fc.integer({ min: 1, max: 14 }),
    seed: fc.integer(),
    nodataShare: fc.constantFrom(0, 0.1),
    withBarrier: fc.boolean(),
    withMask: fc.boolean(),
    nodataIsSea: fc.boolean(),
    level: fc.double({ min: -2, max: 6, noNaN: true }),
  })
  .map((scenario) => {
    let state = scenario.seed >>> 0;
    const random = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const size = scenario.width * scenario.height;
    const grid = (values: Float32Array, nodata: number | null): Grid =>
      createGrid({ width: scenario.width, height: scenario.height, transform: [0, 10, 0, 0, 0, -10], crs: 2154, nodata, data: values });
    const dem = grid(
      Float32Array.from({ length: size }, () => (random() < scenario.nodataShare ? -9999 : Math.round(random() * 80 - 20) / 10)),
      -9999,
    );
    const barrier = grid(
      Float32Array.from({ length: size }, () => (random() < 0.3 ? Math.round(random() * 80) / 10 : -1)),
      -1,
    );
    const breaches = grid(
      Float32Array.from({ length: size }, () => (random() < 0.3 ? 1 : 0)),
      null,
    );
    const seaMask = grid(
      Float32Array.from({ length: size }, () => (random() < 0.2 ? 1 : 0)),
      null,
    );
    return { ...scenario, dem, barrier, breaches, seaMask };
  });

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never;

function run(scenario: Scenario, level: number, connectivity: 4 | 8): Map<number, number> {
  const { depth } = computeStaticSubmersion(scenario.dem, {
    stillWaterLevelMetres: level,
    connectivity,
    ...(scenario.withBarrier ? { barrier: scenario.barrier, breaches: scenario.breaches } : {}),
    ...(scenario.withMask ? { seaMask: scenario.seaMask } : {}),
    nodataIsSea: scenario.nodataIsSea,
  });
  return floodedDepths(depth);
}

function referenceInput(scenario: Scenario, level: number, connectivity: 4 | 8): ReferenceFloodInput {
  return {
    dem: scenario.dem,
    levelMetres: level,
    connectivity,
    ...(scenario.withBarrier ? { barrier: scenario.barrier, breaches: scenario.breaches } : {}),
    ...(scenario.withMask ? { seaMask: scenario.seaMask } : {}),
    nodataIsSea: scenario.nodataIsSea,
  };
}

describe('static submersion invariants (fast-check)', () => {
  it('equals the plain BFS reference with barriers, breaches, sea masks and nodata-as-sea', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.constantFrom(4 as const, 8 as const), (scenario, connectivity) => {
        const expected = referenceFlood(referenceInput(scenario, scenario.level, connectivity));
        expectSameFlood(run(scenario, scenario.level, connectivity), toFloat32Depths(expected));
      }),
      { numRuns: 400 },
    );
  });

  it('floods a growing set as W rises, 4-connected ⊆ 8-connected, and depth = W − z on flooded cells', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.double({ min: 0, max: 3, noNaN: true }), (scenario, rise) => {
        const lower = run(scenario, scenario.level, 8);
        const higher = run(scenario, scenario.level + rise, 8);
        for (const cell of lower.keys()) expect(higher.has(cell)).toBe(true);
        for (const cell of run(scenario, scenario.level, 4).keys()) expect(lower.has(cell)).toBe(true);
        if (!scenario.withBarrier) {
          for (const [cell, depth] of lower) expect(depth).toBe(float32Depth(scenario.level - (scenario.dem.data[cell] as number)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the same result when the span stack overflows into pending cells (tiny stack)', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        const { dem, level } = scenario;
        const depth = new Float32Array(dem.data.length);
        dem.data.forEach((value, cell) => {
          if (value === -9999) depth[cell] = -9999;
        });
        const state: FloodState = {
          elevation: dem.data,
          depth,
          width: dem.width,
          height: dem.height,
          levelMetres: level,
          nodataValue: -9999,
          diagonalReach: 1,
          depthSum: 0,
          maximumDepth: 0,
        };
        const stack = new CellStack(2);
        for (let cell = 0; cell < depth.length; cell += 1)
          if (depth[cell] === 0 && (dem.data[cell] as number) < level) stack.push(cell, depth);
        floodFromSeeds(state, stack, new ProgressReporter({}, depth.length, 0, 1, 'test'));
        const expected = referenceFlood({ dem, levelMetres: level, connectivity: 8, seedCells: [...dem.data.keys()] });
        const actual = new Map<number, number>();
        depth.forEach((value, cell) => {
          if (value > 0 && dem.data[cell] !== -9999) actual.set(cell, value);
          expect(Object.is(value, -0)).toBe(false);
        });
        expectSameFlood(actual, toFloat32Depths(expected));
      }),
      { numRuns: 200 },
    );
  });
});

describe('static submersion conventions and errors', () => {
  const dem = createGrid({
    width: 4,
    height: 3,
    transform: [0, 5, 0, 15, 0, -5],
    crs: 2154,
    nodata: 0,
    data: Float32Array.from([1, 1, 9, 1, 0, 3, 9, 1, 1, 1, 9, 1]),
  });

  it('keeps nodata (0 becomes −9999 so that 0 means dry), never floods it, and blocks flow through it', () => {
    const { depth, statistics } = computeStaticSubmersion(dem, { stillWaterLevelMetres: 2, seeds: [{ x: 2, y: 13 }] });
    expect(depth.nodata).toBe(-9999);
    // Row 1 starts with nodata and a 3 m cell: the two low cells of row 2 stay dry (low but not connected).
    expect(Array.from(depth.data)).toEqual([1, 1, 0, 0, -9999, 0, 0, 0, 0, 0, 0, 0]);
    expect(statistics.lowUnconnectedCellCount).toBe(5);
    expect(statistics.floodedAreaSquareMetres).toBe(2 * 25);
  });

  it('floods through diagonals only when 8-connected', () => {
    const diagonal = createGrid({ width: 2, height: 2, transform: [0, 1, 0, 2, 0, -1], crs: 2154, data: Float32Array.from([0, 5, 5, 0]) });
    const seeds = [{ x: 0.5, y: 1.5 }];
    expect(computeStaticSubmersion(diagonal, { stillWaterLevelMetres: 1, seeds }).statistics.floodedCellCount).toBe(2);
    expect(computeStaticSubmersion(diagonal, { stillWaterLevelMetres: 1, seeds, connectivity: 4 }).statistics.floodedCellCount).toBe(1);
  });

  it('rejects bad input with typed errors naming the value', () => {
    const attempt = (action: () => unknown): unknown => {
      try {
        action();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const outside = attempt(() => computeStaticSubmersion(dem, { stillWaterLevelMetres: 2, seeds: [{ x: 100, y: 7 }] }));
    expect(isJumeauError(outside) && outside.code).toBe('input');
    expect(String(outside)).toMatch(/Seed point 0 \(100, 7\) is outside the DEM/);
    const badLevel = attempt(() => computeStaticSubmersion(dem, { stillWaterLevelMetres: Number.NaN }));
    expect(isJumeauError(badLevel) && badLevel.code).toBe('input');
    expect(String(badLevel)).toMatch(/stillWaterLevelMetres/);
    const badConnectivity = attempt(() => computeStaticSubmersion(dem, { stillWaterLevelMetres: 1, connectivity: 6 as 4 }));
    expect(String(badConnectivity)).toMatch(/connectivity/);
    const other = createGrid({ width: 3, height: 3, transform: [0, 5, 0, 15, 0, -5], crs: 2154 });
    expect(String(attempt(() => computeStaticSubmersion(dem, { stillWaterLevelMetres: 1, seaMask: other })))).toMatch(
      /not on the same grid/,
    );
    const geographic = createGrid({ width: 2, height: 2, transform: [0, 1, 0, 45, 0, -1], crs: 4326 });
    const crsError = attempt(() => computeStaticSubmersion(geographic, { stillWaterLevelMetres: 1 }));
    expect(isJumeauError(crsError) && crsError.code).toBe('crs');
  });

  it('stops with an aborted error when the signal is aborted', () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    expect(() => computeStaticSubmersion(dem, { stillWaterLevelMetres: 2, signal: controller.signal })).toThrow(/aborted: user cancelled/);
  });
});
