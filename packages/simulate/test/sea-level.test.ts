import { isJumeauError } from '@jumeau/core';
import { describe, expect, it } from 'vitest';
import {
  FRENCH_PRACTICE_ALLOWANCES_METRES,
  SEA_LEVEL_PROJECTIONS,
  type SeaLevelScenario,
  practiceWaterLevel,
  readAr6ProjectionTool,
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

describe('readAr6ProjectionTool (the NASA/IPCC AR6 Sea Level Projection Tool’s "Total" table)', () => {
  // The tool's layout (psmsl_id, process, confidence, scenario, quantile, one column per decade), reduced to the
  // columns read, holding AR6 Table 9.9's published global-mean values (the tool's location 0). Rows that must be
  // ignored (other process, confidence, scenario or quantile) hold 9.99.
  const rows = SEA_LEVEL_PROJECTIONS.flatMap((row) => {
    const code = { 'SSP1-2.6': 'ssp126', 'SSP2-4.5': 'ssp245', 'SSP5-8.5': 'ssp585' }[row.scenario];
    return [
      [code, 17, row.likelyLowMetres],
      [code, 50, row.medianMetres],
      [code, 83, row.likelyHighMetres],
    ].map(([scenario, quantile, value]) => ({ scenario, quantile, horizon: row.horizonYear, value }));
  });
  const table = (separator: string, transform: (value: number) => number = (value) => value) => {
    const lines = ['psmsl_id,process,confidence,scenario,quantile,2030,2050,2100'.replaceAll(',', separator)];
    for (const scenario of ['ssp126', 'ssp245', 'ssp585']) {
      for (const quantile of [17, 50, 83]) {
        const value = (horizon: number) =>
          transform(rows.find((row) => row.scenario === scenario && row.quantile === quantile && row.horizon === horizon)?.value as number);
        lines.push(['0', 'total', 'medium', scenario, quantile, value(2030), value(2050), value(2100)].join(separator));
      }
    }
    lines.push(['0', 'total', 'low', 'ssp585', 50, 9.99, 9.99, 9.99].join(separator));
    lines.push(['0', 'AIS', 'medium', 'ssp585', 50, 9.99, 9.99, 9.99].join(separator));
    lines.push(['0', 'total', 'medium', 'ssp370', 50, 9.99, 9.99, 9.99].join(separator));
    lines.push(['0', 'total', 'medium', 'ssp245', 95, 9.99, 9.99, 9.99].join(separator));
    return `${lines.join('\n')}\n`;
  };

  it('gives back AR6 Table 9.9 from the tool’s layout, comma, semicolon or tab separated, metres or millimetres', () => {
    for (const text of [table(','), table(';'), table('\t'), table(',', (value) => Math.round(value * 1000))]) {
      const projections = readAr6ProjectionTool(text, { units: text.includes('440') ? 'millimetres' : 'metres', name: 'global.csv' });
      expect(projections).toHaveLength(9);
      for (const expected of SEA_LEVEL_PROJECTIONS) {
        const read = seaLevelProjection(expected.scenario, expected.horizonYear, projections);
        expect(read.region).toBe('psmsl:0');
        expect(read.medianMetres).toBeCloseTo(expected.medianMetres, 9);
        expect(read.likelyLowMetres).toBeCloseTo(expected.likelyLowMetres, 9);
        expect(read.likelyHighMetres).toBeCloseTo(expected.likelyHighMetres, 9);
        expect(read.source).toMatch(/AR6 Sea Level Projection Tool.*PSMSL 0.*global\.csv/);
      }
    }
  });

  it('names what is wrong: columns, values, units, several locations, a missing row', () => {
    const formatError = (text: string, pattern: RegExp, options = {}) => {
      expect(() => readAr6ProjectionTool(text, options)).toThrow(pattern);
      expect(() => readAr6ProjectionTool(text, options)).toThrow(expect.objectContaining({ code: 'format' }));
    };
    formatError('', /empty/);
    formatError('station,year,value\n1,2100,0.5\n', /missing column\(s\) psmsl_id, process, confidence, scenario, quantile/);
    formatError(table(',').replace('2050', '2055'), /no column for the year\(s\) 2050/);
    formatError(table(',').replace(/0\.56/, 'n/a'), /the 2100 value "n\/a" is not a number/);
    formatError(
      table(',', (value) => value * 1000),
      /absurd \(are the values in millimetres/,
    );
    formatError(`${table(',')}7,total,medium,ssp245,50,0.1,0.2,0.5\n`, /2 locations \(0, 7\): pass psmslId/);
    expect(readAr6ProjectionTool(`${table(',')}7,total,medium,ssp245,50,0.1,0.2,0.5\n`, { psmslId: 0 })).toHaveLength(9);
    formatError(
      table(',')
        .split('\n')
        .filter((line) => !line.includes('ssp126,83'))
        .join('\n'),
      /no 17th, 50th and 83rd percentile rows for SSP1-2\.6 in 2030/,
    );
    expect(() => seaLevelProjection('SSP2-4.5', 2100, [])).toThrow(expect.objectContaining({ code: 'input' }));
  });
});
