import { JumeauError, getCrs, listCrs, registerCrs } from '@jumeau/core';
import proj4 from 'proj4';
import { describe, expect, it, vi } from 'vitest';
import { createTransformer, parseNtv2, reproject, reprojectPoint } from '../src/index.js';
import { findNtfGrid, loadNtfGrid } from '../src/node/index.js';
import { largestErrorMetres, referenceCase } from './reproject-reference.js';

const caseOf = referenceCase;
const ntfGrid = await loadNtfGrid();

describe('reproject', () => {
  it('puts Paris (Notre-Dame) where PROJ does, in Lambert-93 and back', () => {
    const [x = 0, y = 0] = reprojectPoint([2.3499, 48.853], 4326, 2154);
    // cs2cs EPSG:4326 EPSG:2154 <<< "48.853 2.3499"
    const expected = caseOf(4326, 2154).target[0] as readonly [number, number];
    expect(Math.hypot(x - expected[0], y - expected[1])).toBeLessThan(0.001);
    const [longitude = 0, latitude = 0] = reprojectPoint([x, y], 'EPSG:2154', 'urn:ogc:def:crs:EPSG::4326');
    expect(Math.abs(longitude - 2.3499)).toBeLessThan(1e-11);
    expect(Math.abs(latitude - 48.853)).toBeLessThan(1e-11);
  });

  it('returns a new buffer by default and writes in place on request', () => {
    const input = Float64Array.of(2.3499, 48.853, -1.3064, 45.9448);
    const output = reproject(input, 4326, 2154);
    expect(output).not.toBe(input);
    expect(input[0]).toBe(2.3499);
    const same = reproject(input, 4326, 2154, { inPlace: true });
    expect(same).toBe(input);
    expect(Array.from(same)).toEqual(Array.from(output));
  });

  it('passes z through unchanged in 3D buffers and keeps NaN as NaN', () => {
    const input = Float64Array.of(2.3499, 48.853, 35.5, Number.NaN, 45, 12, -1.3064, Number.NaN, 3);
    const output = reproject(input, 4326, 2154, { dimensions: 3 });
    expect([output[2], output[5], output[8]]).toEqual([35.5, 12, 3]);
    expect(Number.isNaN(output[3])).toBe(true);
    expect(Number.isNaN(output[4])).toBe(true);
    expect(Number.isNaN(output[7])).toBe(true);
    const xy = reproject(Float64Array.of(2.3499, 48.853), 4326, 2154);
    expect(output[0]).toBe(xy[0]);
  });

  it('keeps NaN through every CRS pair, including datum shifts', () => {
    for (const from of listCrs()) {
      const output = reproject(Float64Array.of(Number.NaN, Number.NaN), from.code, 27572, { ntfGrid, onWarning: () => undefined });
      expect(Array.from(output).every(Number.isNaN)).toBe(true);
    }
  });

  it('refuses unknown CRSs and malformed buffers with typed errors naming the value', () => {
    expect(() => reproject(new Float64Array(2), 'EPSG:9999', 4326)).toThrow(JumeauError);
    expect(() => reproject(new Float64Array(2), 'EPSG:9999', 4326)).toThrow(/9999/);
    expect(() => reproject(new Float64Array(2), 'Lambert93', 4326)).toThrow(expect.objectContaining({ code: 'crs' }));
    expect(() => reproject(new Float64Array(3), 2154, 4326)).toThrow(
      expect.objectContaining({ code: 'input', message: expect.stringMatching(/3 coordinates/) }),
    );
    expect(() => reproject([1, 2] as unknown as Float64Array, 2154, 4326)).toThrow(expect.objectContaining({ code: 'input' }));
    expect(() => reproject(new Float64Array(2), 2154, 4326, { dimensions: 4 as 2 })).toThrow(
      expect.objectContaining({ code: 'input', message: expect.stringMatching(/dimensions/) }),
    );
    expect(() => reprojectPoint([1], 2154, 4326)).toThrow(expect.objectContaining({ code: 'input' }));
    expect(() => parseNtv2(new Uint8Array(64))).toThrow(expect.objectContaining({ code: 'format' }));
  });

  it('is the identity between a CRS and itself, and between datums PROJ treats as equal', () => {
    const input = Float64Array.of(380_000.5, 6_550_000.25);
    expect(Array.from(reproject(input, 2154, 'EPSG:2154'))).toEqual(Array.from(input));
    expect(createTransformer(4171, 4326).description).toMatch(/null datum/);
  });

  it('inverts with the same transformer', () => {
    const transformer = createTransformer(2154, 3035);
    const input = Float64Array.of(380_000, 6_550_000, 1_050_000, 6_200_000);
    const back = transformer.inverse(transformer.forward(input));
    for (const [index, value] of input.entries()) expect(Math.abs((back[index] as number) - value)).toBeLessThan(1e-7);
  });
});

describe('CRSs outside the kernels', () => {
  it('go through proj4js: World Mercator (EPSG:3395, ellipsoidal) matches cs2cs', () => {
    registerCrs({
      code: 3395,
      name: 'WGS 84 / World Mercator',
      shortName: 'World Mercator',
      kind: 'projected',
      units: 'metre',
      proj4: '+proj=merc +lon_0=0 +k=1 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs',
      areaOfUse: [-180, -80, 180, 84],
    });
    const transformer = createTransformer(4326, 3395);
    expect(transformer.description).toBe('proj4js');
    // echo "48.853 2.3499" | cs2cs -f %.4f EPSG:4326 EPSG:3395
    const [x = 0, y = 0] = transformer.forward(Float64Array.of(2.3499, 48.853));
    expect(Math.hypot(x - 261589.6714, y - 6217762.1344)).toBeLessThan(0.001);
    const [longitude = 0, latitude = 0] = reprojectPoint([x, y], 3395, 2154);
    const direct = reprojectPoint([2.3499, 48.853], 4326, 2154);
    expect(Math.hypot(longitude - (direct[0] as number), latitude - (direct[1] as number))).toBeLessThan(0.001);
  });
});

describe('agreement with proj4js (the library a user would otherwise pick)', () => {
  const lonLat: Record<string, [number, number]> = {
    metropole: [2.3499, 48.853],
    corse: [9.4509, 42.7028],
    guadeloupe: [-61.5331, 16.2411],
    guyane: [-52.3261, 4.9224],
    reunion: [55.4504, -20.8789],
    mayotte: [45.2279, -12.7806],
    spm: [-56.1773, 46.7811],
  };
  const territoryOf = (code: number): string[] =>
    ({
      5490: ['guadeloupe'],
      32620: ['guadeloupe'],
      2972: ['guyane'],
      32622: ['guyane'],
      2975: ['reunion'],
      32740: ['reunion'],
      4471: ['mayotte'],
      32738: ['mayotte'],
      4467: ['spm'],
    })[code] ?? ['metropole', 'corse'];
  for (const crs of listCrs()) {
    it(`EPSG:${crs.code} (${crs.shortName}) both ways within 1 mm of proj4js`, () => {
      for (const territory of territoryOf(crs.code)) {
        const point = lonLat[territory] as [number, number];
        const converter = proj4(getCrs(4326).proj4, crs.proj4);
        const expected = converter.forward(point);
        const actual = reprojectPoint(point, 4326, crs.code);
        const metres = crs.kind === 'geographic' ? 111_320 : 1;
        expect(
          Math.hypot((actual[0] as number) - (expected[0] as number), (actual[1] as number) - (expected[1] as number)) * metres,
        ).toBeLessThan(0.001);
        const back = reprojectPoint(actual, crs.code, 4326);
        const expectedBack = converter.inverse(expected);
        expect(
          Math.hypot((back[0] as number) - (expectedBack[0] as number), (back[1] as number) - (expectedBack[1] as number)) * 111_320,
        ).toBeLessThan(0.001);
      }
    });
  }
});

describe('NTF (Lambert II étendu) without and with the national grid', () => {
  it('finds ntf_r93.gsb in PROJ data and parses it', async () => {
    expect(await findNtfGrid()).toMatch(/ntf_r93\.gsb$/);
    const grid = parseNtv2(ntfGrid);
    expect(grid.sourceDatum).toBe('NTF');
    expect(grid.subgrids.length).toBeGreaterThan(0);
  });

  it('uses the grid for NTF → RGF93 and says so', () => {
    const transformer = createTransformer(27572, 2154, { ntfGrid });
    expect(transformer.approximate).toBe(false);
    expect(transformer.description).toMatch(/ntf_r93/);
  });

  it('follows PROJ to NTF → WGS84 by the 3-parameter translation (EPSG:1193), grid or not', () => {
    const withGrid = createTransformer(27572, 4326, { ntfGrid });
    const without = createTransformer(27572, 4326);
    expect(withGrid.description).toMatch(/1193/);
    expect(without.approximate).toBe(false);
  });

  it('falls back to the 3-parameter translation without the grid, warns, and is 0.5–5 m off PROJ', () => {
    const onWarning = vi.fn();
    const entry = caseOf(27572, 2154);
    const transformer = createTransformer(27572, 2154, { onWarning });
    expect(transformer.approximate).toBe(true);
    expect(onWarning).toHaveBeenCalledWith(expect.stringMatching(/ntf_r93\.gsb/));
    const error = largestErrorMetres(2154, transformer.forward(Float64Array.from(entry.source.flat())), entry.target);
    expect(error).toBeGreaterThan(0.5);
    expect(error).toBeLessThan(5);
  });
});
