import { isJumeauError } from '@jumeau/core';
import { describe, expect, it } from 'vitest';
import {
  FRENCH_PRACTICE_ALLOWANCES_METRES,
  SEA_LEVEL_PROJECTIONS,
  type SeaLevelScenario,
  practiceWaterLevel,
  seaLevelProjection,
} from '../src/sea-level/index.js';

describe('sea-level scenarios (IPCC AR6 WG1, relative to 1995–2014)', () => {
  it('holds the AR6 likely ranges published in the SPM (B.5.3) for 2100 and Table 9.9 for 2050', () => {
    // SPM B.5.3: likely GMSL rise by 2100 of 0.32–0.62 m (SSP1-2.6), 0.44–0.76 m (SSP2-4.5), 0.63–1.01 m (SSP5-8.5).
    const spm2100: Record<SeaLevelScenario, [number, number]> = {
      'SSP1-2.6': [0.32, 0.62],
      'SSP2-4.5': [0.44, 0.76],
      'SSP5-8.5': [0.63, 1.01],
    };
    for (const [scenario, [low, high]] of Object.entries(spm2100) as [SeaLevelScenario, [number, number]][]) {
      const row = seaLevelProjection(scenario, 2100);
      expect([row.likelyLowMetres, row.likelyHighMetres]).toEqual([low, high]);
      expect(row.baseline).toBe('1995-2014');
      expect(row.source).toMatch(/AR6 WG1.*Table 9\.9/);
    }
    expect(seaLevelProjection('SSP5-8.5', 2050)).toMatchObject({ medianMetres: 0.23, likelyLowMetres: 0.2, likelyHighMetres: 0.29 });
  });

  it('is consistent: 9 rows, median inside its likely range, rising with time and with emissions by 2100', () => {
    expect(SEA_LEVEL_PROJECTIONS).toHaveLength(9);
    for (const row of SEA_LEVEL_PROJECTIONS) {
      expect(row.likelyLowMetres).toBeLessThanOrEqual(row.medianMetres);
      expect(row.medianMetres).toBeLessThanOrEqual(row.likelyHighMetres);
    }
    for (const scenario of ['SSP1-2.6', 'SSP2-4.5', 'SSP5-8.5'] as const) {
      const medians = ([2030, 2050, 2100] as const).map((year) => seaLevelProjection(scenario, year).medianMetres);
      expect([...medians].sort((a, b) => a - b)).toEqual(medians);
    }
    const by2100 = (['SSP1-2.6', 'SSP2-4.5', 'SSP5-8.5'] as const).map((scenario) => seaLevelProjection(scenario, 2100).medianMetres);
    expect(by2100).toEqual([0.44, 0.56, 0.77]);
  });

  it('gives the French practice levels: reference event + 0.20 m now, + 0.60 m in 2100', () => {
    expect(FRENCH_PRACTICE_ALLOWANCES_METRES).toEqual({ present: 0.2, '2100': 0.6 });
    expect(practiceWaterLevel(4.5, 'present')).toBeCloseTo(4.7, 12);
    expect(practiceWaterLevel(4.5, '2100')).toBeCloseTo(5.1, 12);
  });

  it('rejects unknown scenarios and horizons with input errors', () => {
    expect(() => seaLevelProjection('SSP3-7.0' as SeaLevelScenario, 2100)).toThrow(/scenario/);
    let caught: unknown;
    try {
      seaLevelProjection('SSP1-2.6', 2070 as 2100);
    } catch (error) {
      caught = error;
    }
    expect(isJumeauError(caught) && caught.code).toBe('input');
    expect(() => practiceWaterLevel(Number.NaN, '2100')).toThrow(/referenceEventLevelMetres/);
  });
});
