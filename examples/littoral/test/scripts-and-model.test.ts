import { join } from 'node:path';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBundle, resolveBundlePath } from '../scripts/bundle-files.js';
import { parseRange } from '../scripts/http-range.js';
import { DEFAULT_BUNDLE_PATH } from '../scripts/server.js';
import { parseTerritoryManifest } from '../src/bundle/manifest.js';
import { defaultScenario, describeScenario, floodLevelOf, seaLevelRiseOf } from '../src/model/scenario.js';
import { sweepLevels } from '../src/ui/sweep-panel.js';

describe('parseRange (HTTP Range for the COG)', () => {
  it('parses the three single-range forms', () => {
    expect(parseRange('bytes=0-1023', 1_207_292)).toEqual({ start: 0, end: 1023 });
    expect(parseRange('bytes=1000-', 1500)).toEqual({ start: 1000, end: 1499 });
    expect(parseRange('bytes=-500', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=0-99999', 100)).toEqual({ start: 0, end: 99 });
  });
  it('refuses what cannot be served', () => {
    for (const header of ['bytes=100-50', 'bytes=1000-', 'bytes=-0', 'bytes=-', 'items=0-1', 'bytes=0-1,5-6', 'bytes=a-b'])
      expect(parseRange(header, 1000), header).toBeNull();
  });
  it('always returns a non-empty range inside the file', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.option(fc.nat(12_000)), fc.integer({ min: 1, max: 10_000 }), (start, end, size) => {
        const range = parseRange(`bytes=${start}-${end ?? ''}`, size);
        if (range === null) return start >= size || (end !== null && end < start);
        return range.start === start && range.start <= range.end && range.end < size;
      }),
    );
  });
});

describe('the Oléron bundle', () => {
  it('validates and resolves every file in the shared data folder, none absent', () => {
    const bundle = readBundle(DEFAULT_BUNDLE_PATH);
    expect(bundle.manifest.id).toBe('oleron');
    expect(bundle.absent).toEqual([]);
    expect(bundle.files.get('dem')).toBe(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'));
    expect(bundle.publicManifest.buildings.path).toBe('files/buildings');
    expect(bundle.manifest.equipment).toBeUndefined();
  });
  it('resolves other paths relative to the manifest and refuses to leave the shared folder', () => {
    expect(resolveBundlePath('data/dem.tif', '/srv/bundles/x/territory.json')).toBe(join('/srv/bundles/x', 'data/dem.tif'));
    expect(() => resolveBundlePath('shared:../../etc/passwd', '/srv/territory.json')).toThrow(/leaves the shared data folder/);
  });
  it('names the bad field of a bad manifest in one line', () => {
    expect(() => parseTerritoryManifest({ version: 1, id: 'Bad Id', name: 'x' })).toThrow(/id/);
    const message = (() => {
      try {
        parseTerritoryManifest({ version: 2 });
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/version/);
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('scenarios', () => {
  it('adds the practice margin and the AR6 median rise', () => {
    const xynthia = defaultScenario(4.541);
    expect(floodLevelOf(xynthia)).toBe(4.541);
    expect(floodLevelOf({ ...xynthia, practice: 'present' })).toBe(4.741);
    expect(floodLevelOf({ ...xynthia, practice: '2100' })).toBe(5.141);
    expect(seaLevelRiseOf({ ...xynthia, horizon: 2100, climate: 'SSP5-8.5' })).toBe(0.77);
    expect(seaLevelRiseOf({ ...xynthia, horizon: 2050, climate: 'SSP1-2.6' })).toBe(0.19);
    expect(seaLevelRiseOf(xynthia)).toBe(0);
    expect(describeScenario({ ...xynthia, defences: 'breached', horizon: 2100, climate: 'SSP5-8.5' })).toBe(
      '4,54 m NGF + 0,77 m (SSP5-8.5, 2100), digues rompues',
    );
  });
  it('sweeps levels inclusively and refuses bad ranges', () => {
    expect(sweepLevels(3, 6, 0.25)).toHaveLength(13);
    expect(sweepLevels(3, 6, 0.25).at(-1)).toBe(6);
    expect(sweepLevels(3.1, 3.3, 0.1)).toEqual([3.1, 3.2, 3.3]);
    expect(() => sweepLevels(6, 3, 0.25)).toThrow(/début ≤ fin/);
    expect(() => sweepLevels(0, 100, 0.01)).toThrow(/200 au plus/);
  });
});
