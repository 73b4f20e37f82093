import { describe, expect, it } from 'vitest';
import { conicConformalZoneFor, getCrs, hasCrs, isJumeauError, legalCrsFor, listCrs, parseCrs, registerCrs } from '../src/index.js';

describe('CRS registry', () => {
  it('knows every CRS the French territories need', () => {
    const expected = [
      2154, 3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950, 27572, 4171, 4326, 4258, 3857, 3035, 5490, 2972, 2975, 4471, 32620, 32622,
      32740, 32738,
    ];
    for (const code of expected) expect(hasCrs(code), `EPSG:${code}`).toBe(true);
    expect(listCrs().length).toBeGreaterThanOrEqual(expected.length);
  });

  it('reads the usual ways of naming a CRS', () => {
    expect(parseCrs('EPSG:2154')).toBe(2154);
    expect(parseCrs('epsg:3035')).toBe(3035);
    expect(parseCrs('urn:ogc:def:crs:EPSG::2154')).toBe(2154);
    expect(parseCrs('urn:ogc:def:crs:EPSG:6.3:4326')).toBe(4326);
    expect(parseCrs('http://www.opengis.net/def/crs/EPSG/0/2975')).toBe(2975);
    expect(parseCrs('CRS:84')).toBe(4326);
    expect(parseCrs('http://www.opengis.net/def/crs/OGC/1.3/CRS84')).toBe(4326);
    expect(parseCrs(2154)).toBe(2154);
    expect(() => parseCrs('Lambert 93')).toThrow(/Cannot read the CRS "Lambert 93"/);
    expect(() => parseCrs(-3)).toThrow(/positive integer/);
  });

  it('names the unknown code in a typed error', () => {
    try {
      getCrs(9999);
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'crs')).toBe(true);
      expect((error as Error).message).toMatch(/Unknown CRS EPSG:9999/);
    }
  });

  it('has consistent CC zone definitions', () => {
    const cc46 = getCrs(3946);
    expect(cc46.proj4).toContain('+lat_0=46 ');
    expect(cc46.proj4).toContain('+lat_1=45.25 +lat_2=46.75');
    expect(cc46.proj4).toContain('+y_0=5200000');
    expect(getCrs(3942).proj4).toContain('+y_0=1200000');
    expect(getCrs(3950).proj4).toContain('+y_0=9200000');
  });

  it('registers user CRSs but protects the built-in ones', () => {
    registerCrs({
      code: 32631,
      name: 'WGS 84 / UTM zone 31N',
      shortName: 'UTM 31N',
      kind: 'projected',
      units: 'metre',
      proj4: '+proj=utm +zone=31 +datum=WGS84 +units=m +no_defs',
      areaOfUse: [0, 0, 6, 84],
    });
    expect(getCrs(32631).shortName).toBe('UTM 31N');
    expect(() => registerCrs({ ...getCrs(2154), proj4: '+proj=longlat' })).toThrow(/built into Jumeau/);
    expect(() => registerCrs({ ...getCrs(32631), code: 32632, proj4: 'nonsense' })).toThrow(/no \+proj/);
  });
});

describe('legalCrsFor', () => {
  it.each([
    ['Oléron', -1.25, 45.93, 2154],
    ['Paris', 2.35, 48.86, 2154],
    ['Ajaccio', 8.74, 41.92, 2154],
    ['Pointe-à-Pitre', -61.53, 16.24, 5490],
    ['Fort-de-France', -61.07, 14.6, 5490],
    ['Saint-Martin', -63.08, 18.07, 5490],
    ['Cayenne', -52.33, 4.94, 2972],
    ['Saint-Denis (Réunion)', 55.45, -20.88, 2975],
    ['Mamoudzou', 45.23, -12.78, 4471],
    ['Saint-Pierre', -56.18, 46.78, 4467],
  ])('%s → EPSG:%s', (_name, longitude, latitude, code) => {
    expect(legalCrsFor(longitude, latitude).crs.code).toBe(code);
  });

  it('refuses points outside France and non-finite input', () => {
    expect(() => legalCrsFor(13.4, 52.5)).toThrow(/no French territory/);
    expect(() => legalCrsFor(Number.NaN, 45)).toThrow(/finite/);
  });

  it('picks the CC zone by latitude', () => {
    expect(conicConformalZoneFor(45.93).code).toBe(3946);
    expect(conicConformalZoneFor(48.86).code).toBe(3949);
    expect(() => conicConformalZoneFor(40)).toThrow(/No CC zone/);
  });
});
