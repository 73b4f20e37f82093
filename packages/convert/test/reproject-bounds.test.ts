/** reprojectBounds against GDAL's OGRCoordinateTransformation::TransformBounds (python3-gdal), same densification. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hasCrs, registerCrs, type Bounds } from '@jumeau/core';
import { describe, expect, it } from 'vitest';
import { reprojectBounds } from '../src/index.js';
import { loadNtfGrid } from '../src/node/index.js';

const ntfGrid = await loadNtfGrid();
/** Debian's python3-gdal lives with the system interpreter (a pyenv python3 may shadow it on PATH). */
const SYSTEM_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function gdalTransformBounds(bounds: Bounds, from: number, to: number): number[] {
  const script = [
    'import json, sys',
    'from osgeo import osr',
    'osr.UseExceptions()',
    'a = osr.SpatialReference(); a.ImportFromEPSG(int(sys.argv[1])); a.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)',
    'b = osr.SpatialReference(); b.ImportFromEPSG(int(sys.argv[2])); b.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)',
    'print(json.dumps(osr.CoordinateTransformation(a, b).TransformBounds(*json.loads(sys.argv[3]), 21)))',
  ].join('\n');
  return JSON.parse(execFileSync(SYSTEM_PYTHON, ['-c', script, String(from), String(to), JSON.stringify(bounds)]).toString()) as number[];
}

const cases: readonly { readonly name: string; readonly bounds: Bounds; readonly from: number; readonly to: number }[] = [
  { name: 'Oléron, WGS84 → Lambert-93', bounds: [-1.45, 45.8, -1.15, 46.05], from: 4326, to: 2154 },
  { name: 'metropolitan France, Lambert-93 → WGS84', bounds: [100_000, 6_050_000, 1_250_000, 7_120_000], from: 2154, to: 4326 },
  { name: 'metropolitan France, Lambert-93 → LAEA Europe', bounds: [100_000, 6_050_000, 1_250_000, 7_120_000], from: 2154, to: 3035 },
  { name: 'Corsica, CC42 → Web Mercator', bounds: [2_150_000, 1_050_000, 2_300_000, 1_300_000], from: 3942, to: 3857 },
  { name: 'Réunion, UTM 40S → WGS84', bounds: [310_000, 7_630_000, 380_000, 7_690_000], from: 2975, to: 4326 },
  { name: 'Guyane, WGS84 → UTM 22N', bounds: [-54.6, 2.1, -51.6, 5.8], from: 4326, to: 2972 },
  {
    name: 'Paris region, Lambert II étendu → Lambert-93 (NTF grid)',
    bounds: [560_000, 2_370_000, 650_000, 2_450_000],
    from: 27572,
    to: 2154,
  },
];

describe('reprojectBounds', () => {
  for (const entry of cases) {
    it(`${entry.name}: within 1 mm of GDAL TransformBounds`, () => {
      const actual = reprojectBounds(entry.bounds, entry.from, entry.to, { ntfGrid });
      const expected = gdalTransformBounds(entry.bounds, entry.from, entry.to);
      const tolerance = entry.to === 4326 ? 1e-8 : 0.001;
      for (const [index, value] of actual.entries()) expect(Math.abs(value - (expected[index] as number))).toBeLessThan(tolerance);
    });
  }

  it('contains every reprojected point of the box, and is larger than the corners alone', () => {
    const bounds: Bounds = [100_000, 6_050_000, 1_250_000, 7_120_000];
    const [west, south, east, north] = reprojectBounds(bounds, 2154, 4326);
    const corners = reprojectBounds(bounds, 2154, 4326, { pointsPerEdge: 2 });
    expect(north).toBeGreaterThan(corners[3]);
    expect(west).toBeLessThanOrEqual(corners[0]);
    expect([west < -5, south > 41, east > 9, north < 52]).toEqual([true, true, true, true]);
  });

  it('a box crossing the antimeridian (Wallis-et-Futuna, UTM 1S) comes back with west > east, as GDAL TransformBounds', () => {
    if (!hasCrs(32701)) {
      registerCrs({
        code: 32701,
        name: 'WGS 84 / UTM zone 1S',
        shortName: 'UTM 1S',
        kind: 'projected',
        units: 'metre',
        proj4: '+proj=utm +zone=1 +south +datum=WGS84 +units=m +no_defs +type=crs',
        areaOfUse: [-180, -80, -174, 0],
      });
    }
    const wallisAndFutuna: Bounds = [100_000, 8_400_000, 900_000, 8_600_000];
    const actual = reprojectBounds(wallisAndFutuna, 32701, 4326);
    const expected = gdalTransformBounds(wallisAndFutuna, 32701, 4326);
    expect(actual[0]).toBeGreaterThan(actual[2]);
    expect(actual[0]).toBeGreaterThan(179);
    expect(actual[2]).toBeLessThan(-169);
    for (const [index, value] of actual.entries()) expect(Math.abs(value - (expected[index] as number))).toBeLessThan(1e-8);
    // A box east of the antimeridian only keeps west < east.
    const east = reprojectBounds([400_000, 8_400_000, 900_000, 8_600_000], 32701, 4326);
    expect(east[0]).toBeLessThan(east[2]);
  });

  it('refuses malformed boxes and densities', () => {
    expect(() => reprojectBounds([1, 2, 0, 3], 2154, 4326)).toThrow(
      expect.objectContaining({ code: 'input', message: expect.stringMatching(/\[1, 2, 0, 3\]/) }),
    );
    expect(() => reprojectBounds([0, 0, Number.NaN, 1], 2154, 4326)).toThrow(expect.objectContaining({ code: 'input' }));
    expect(() => reprojectBounds([0, 0, 1, 1], 2154, 4326, { pointsPerEdge: 1 })).toThrow(
      expect.objectContaining({ code: 'input', message: expect.stringMatching(/pointsPerEdge/) }),
    );
  });
});
