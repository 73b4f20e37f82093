import { readFileSync } from 'node:fs';
import { describeGeometryColumn, featureTableToGeoJSON, isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeShorelineRates,
  decimalYear,
  projectShoreline,
  readMobiTCIntersections,
  shorelineDate,
  type TransectRates,
} from '../src/shoreline/index.js';

const folder = 'camargue-shorelines-cerema-mobitc';

function readTsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(sharedDataPath(folder, name), 'utf8').trim().split(/\r?\n/);
  const names = (header as string).split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((cell, index) => [names[index], cell.trim()])));
}

describe('shoreline dates (MobiTC conventions)', () => {
  it('reads years, month ranges and survey timestamps', () => {
    expect(shorelineDate('1942', '0').toISOString()).toBe('1942-07-01T00:00:00.000Z');
    expect(shorelineDate('201109', '201110').toISOString()).toBe('2011-10-01T00:00:00.000Z');
    expect(shorelineDate('20160702160954', '20160702161126').toISOString()).toBe('2016-07-02T16:10:40.000Z');
    expect(decimalYear(new Date(Date.UTC(2000, 0, 1)))).toBe(2000);
    expect(() => shorelineDate('July 1942', '0')).toThrow(/Cannot read the shoreline date "July 1942"/);
  });
});

describe('shoreline-change rates against Cerema MobiTC (Camargue, published rates)', () => {
  const observations = readMobiTCIntersections(readFileSync(sharedDataPath(folder, 'transects_intersections_IntersTDC-v1.txt'), 'utf8'));
  const rates = computeShorelineRates(observations);
  const published = readTsv('transects_rates_toutesdates_MobiTC.txt').filter((row) => Number(row.NDate) >= 2);

  it('rates every transect MobiTC rates, and only those', () => {
    expect(observations.length).toBe(330);
    expect(published.length).toBeGreaterThan(90);
    expect(rates.map((rate) => `${rate.axis}/${rate.transect}`)).toEqual(published.map((row) => `${row.NAxe}/${row.NTrace}`));
  });

  it('matches EPR, OLS and WLS to the published values (printed to 0.01 m/yr; our Sept–Oct 2011 midpoint is 1 day after MobiTC’s), and durations', () => {
    const byKey = new Map(rates.map((rate) => [`${rate.axis}/${rate.transect}`, rate]));
    for (const row of published) {
      const rate = byKey.get(`${row.NAxe}/${row.NTrace}`) as TransectRates;
      const where = `transect ${row.NAxe}/${row.NTrace}`;
      expect(rate.dateCount, where).toBe(Number(row.NDate));
      expect(Math.abs(rate.durationYears - Number(row.Duree)), where).toBeLessThan(0.01);
      expect(Math.abs(rate.endPointRate - Number(row.EPR)), `${where} EPR`).toBeLessThanOrEqual(0.006);
      if (row.OLS !== 'NA')
        expect(Math.abs((rate.ordinaryLeastSquaresRate as number) - Number(row.OLS)), `${where} OLS`).toBeLessThanOrEqual(0.006);
      if (row.WLS !== 'NA')
        expect(Math.abs((rate.weightedLeastSquaresRate as number) - Number(row.WLS)), `${where} WLS`).toBeLessThanOrEqual(0.006);
      expect(Math.abs(rate.envelopeMetres - Number(row.Amplitude)), `${where} amplitude`).toBeLessThan(0.002);
    }
  });

  it('projects the Camargue shoreline to 2100 with accretion held at zero', () => {
    const projection = projectShoreline(rates, { horizonYear: 2100 });
    const eroding = projection.transects.filter((transect) => transect.rateMetresPerYear < 0);
    expect(eroding.length).toBeGreaterThan(0);
    for (const transect of projection.transects) {
      if (transect.rateMetresPerYear >= 0) expect(transect.retreatMetres).toBe(0);
      else expect(transect.retreatMetres).toBeGreaterThan(0);
    }
    expect(projection.areaLostSquareMetres).toBeGreaterThan(0);
    expect(describeGeometryColumn(projection.shorelines)).toMatchObject({ encoding: 'geoarrow.linestring', crs: 2154 });
    const kinds = featureTableToGeoJSON(projection.shorelines).features.map((feature) => feature.properties.kind);
    expect(kinds.filter((kind) => kind === 'current').length).toBe(kinds.filter((kind) => kind === 'projected').length);
    const bandAreas = featureTableToGeoJSON(projection.erosionBand).features.map(
      (feature) => feature.properties.areaSquareMetres as number,
    );
    expect(bandAreas.reduce((sum, area) => sum + area, 0)).toBeCloseTo(projection.areaLostSquareMetres, 6);
    const withEvent = projectShoreline(rates, { horizonYear: 2100, majorEventRetreatMetres: 20 });
    for (const [index, transect] of withEvent.transects.entries()) {
      expect(transect.retreatMetres).toBeCloseTo((projection.transects[index] as { retreatMetres: number }).retreatMetres + 20, 9);
    }
    expect(withEvent.areaLostSquareMetres).toBeGreaterThan(projection.areaLostSquareMetres);
  });
});

describe('projectShoreline on a hand-computed case', () => {
  const transect = (number: number, rate: number): TransectRates => ({
    axis: 1,
    transect: number,
    originX: number * 100,
    originY: 0,
    directionX: 0,
    directionY: 1,
    dateCount: 2,
    oldestYear: 1950,
    newestYear: 2020,
    durationYears: 70,
    envelopeMetres: Math.abs(rate * 70),
    newestDistanceMetres: 50,
    endPointRate: rate,
    ordinaryLeastSquaresRate: rate,
    weightedLeastSquaresRate: rate,
  });

  it('retreats 80 m in 80 years at −1 m/yr: 8 000 m² between two transects 100 m apart', () => {
    const projection = projectShoreline([transect(0, -1), transect(1, -1)], { horizonYear: 2100 });
    expect(projection.transects.map((t) => [t.retreatMetres, t.projectedY])).toEqual([
      [80, -30],
      [80, -30],
    ]);
    expect(projection.areaLostSquareMetres).toBeCloseTo(8000, 9);
  });

  it('keeps accretion only when asked, and splits shorelines at missing transects', () => {
    expect(projectShoreline([transect(0, 2), transect(1, 2)], { horizonYear: 2100 }).areaLostSquareMetres).toBe(0);
    const kept = projectShoreline([transect(0, 2), transect(1, 2)], { horizonYear: 2100, accretion: 'keep' });
    expect(kept.transects[0]?.projectedY).toBe(210);
    const split = projectShoreline([transect(0, -1), transect(1, -1), transect(3, -1), transect(4, -1)], { horizonYear: 2100 });
    expect(split.erosionBand.numRows).toBe(2);
  });

  it('area grows with the horizon (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 20 }),
        fc.integer({ min: 2021, max: 2200 }),
        (rates, horizon) => {
          const transects = rates.map((rate, index) => transect(index, rate));
          const near = projectShoreline(transects, { horizonYear: horizon }).areaLostSquareMetres;
          const far = projectShoreline(transects, { horizonYear: horizon + 10 }).areaLostSquareMetres;
          expect(far).toBeGreaterThanOrEqual(near - 1e-6);
        },
      ),
    );
  });

  it('rejects bad options and bad files with typed errors', () => {
    expect(() => projectShoreline([transect(0, -1)], { horizonYear: Number.NaN })).toThrow(/horizonYear/);
    expect(() => projectShoreline([], { horizonYear: 2100 })).toThrow(/No transect rates/);
    try {
      readMobiTCIntersections('a\tb\n1\t2\n');
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'format')).toBe(true);
    }
    const header = 'NAxe\tNTrace\tXsque\tYsque\tU\tV\tDistance\tdate1\tdate2\tmarqueur\tincert';
    expect(() => readMobiTCIntersections(`${header}\n1\t1\t0\t0\t1\t0\tabc\t1942\t0\t3\t50\n`)).toThrow(/line 2.*Distance/);
  });
});
