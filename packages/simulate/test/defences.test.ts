import { readFileSync } from 'node:fs';
import { type Grid, cellAt, featureTableFromGeoJSON, geometryBuffers, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { reproject } from '@jumeau/convert';
import { beforeAll, describe, expect, it } from 'vitest';
import { rasterizeDefences } from '../src/defences/index.js';
import { computeStaticSubmersion } from '../src/index.js';
import { readGeoTiffGrid } from './helpers/read-geotiff.js';

const defences = featureTableFromGeoJSON(
  JSON.parse(readFileSync(sharedDataPath('oleron', 'geojson', 'littosim_coastal_defenses_unrotated.geojson'), 'utf8')),
);

function floodedCount(depth: Grid): number {
  let count = 0;
  for (const value of depth.data) if (value > 0) count += 1;
  return count;
}

describe('coastal defences on the real Oléron DEM', () => {
  let dem: Grid;
  beforeAll(async () => {
    dem = await readGeoTiffGrid(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
  });

  it('burns every segment watertight (all-touched) with its crest altitude', () => {
    const { barrier, breaches } = rasterizeDefences(dem, defences, { crestColumn: 'alt' });
    expect(breaches).toBeNull();
    const crest = defences.getChild('alt')?.toArray() as Float64Array;
    let cells = 0;
    for (const value of barrier.data) if (value !== barrier.nodata) cells += 1;
    expect(cells).toBeGreaterThan(100);
    // Every vertex of every segment (reprojected as PROJ does) lies on a barrier cell at least as high as its crest.
    const [buffers] = geometryBuffers(defences);
    const vertices = reproject(Float64Array.from(buffers?.coordinates ?? []), 4326, 2154);
    const lineOffsets = buffers?.offsets[buffers.offsets.length - 1] as Int32Array;
    const rowOfLine = buffers?.offsets.length === 2 ? (buffers.offsets[0] as Int32Array) : null;
    let row = 0;
    for (let line = 0; line + 1 < lineOffsets.length; line += 1) {
      if (rowOfLine) while ((rowOfLine[row + 1] as number) <= line) row += 1;
      else row = line;
      for (let vertex = lineOffsets[line] as number; vertex < (lineOffsets[line + 1] as number); vertex += 1) {
        const cell = cellAt(barrier, vertices[vertex * 2] as number, vertices[vertex * 2 + 1] as number);
        if (!cell) continue;
        expect(barrier.data[cell[1] * barrier.width + cell[0]]).toBeGreaterThanOrEqual((crest[row] as number) - 1e-4);
      }
    }
  });

  it('holds water back, and a breach lets more in', () => {
    const level = 4.5;
    const bare = computeStaticSubmersion(dem, { stillWaterLevelMetres: level });
    const grids = rasterizeDefences(dem, defences, { crestColumn: 'alt' });
    const defended = computeStaticSubmersion(dem, { stillWaterLevelMetres: level, barrier: grids.barrier });
    expect(floodedCount(defended.depth)).toBeLessThan(floodedCount(bare.depth));
    const all = Array.from({ length: defences.numRows }, (_, row) => row);
    const breachedAll = rasterizeDefences(dem, defences, { crestColumn: 'alt', breachedRows: all });
    const open = computeStaticSubmersion(dem, {
      stillWaterLevelMetres: level,
      barrier: breachedAll.barrier,
      breaches: breachedAll.breaches ?? undefined,
    });
    expect(floodedCount(open.depth)).toBe(floodedCount(bare.depth));
    const some = rasterizeDefences(dem, defences, { crestColumn: 'alt', breachedRows: all.filter((row) => row % 3 === 0) });
    const partly = computeStaticSubmersion(dem, {
      stillWaterLevelMetres: level,
      barrier: some.barrier,
      breaches: some.breaches ?? undefined,
    });
    expect(floodedCount(partly.depth)).toBeGreaterThanOrEqual(floodedCount(defended.depth));
    expect(floodedCount(partly.depth)).toBeLessThanOrEqual(floodedCount(bare.depth));
  });

  it('names the missing column and the bad row', () => {
    expect(() => rasterizeDefences(dem, defences, { crestColumn: 'crest' })).toThrow(/no crest column "crest" \(columns: geometry, alt/);
    try {
      rasterizeDefences(dem, defences, { crestColumn: 'alt', breachedRows: [100_000] });
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
    }
  });
});
