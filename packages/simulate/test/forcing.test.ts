import { readFileSync } from 'node:fs';
import { isJumeauError } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';
import { describe, expect, it } from 'vitest';
import { peakBoundaryLevel, readLisfloodBoundary } from '../src/index.js';

describe('LISFLOOD-FP boundary files (storm Xynthia, LittoSIM Oléron)', () => {
  const text = readFileSync(sharedDataPath('oleron', 'xynthia', 'xynthia.bdy'), 'utf8');

  it('reads the 12 boundary series of 30 half-hourly levels', () => {
    const series = readLisfloodBoundary(text);
    expect(series).toHaveLength(12);
    expect(series[0]?.name).toBe('S_Camargue1');
    expect(series[0]?.levelsMetres).toHaveLength(30);
    expect(series[0]?.timesSeconds[1]).toBe(1800);
    expect(series[0]?.levelsMetres[7]).toBe(4.541);
  });

  it('gives the peak, and the −20 cm / −60 cm variants are 0.2 m / 0.6 m lower', () => {
    const peak = peakBoundaryLevel(readLisfloodBoundary(text));
    expect(peak).toBeGreaterThanOrEqual(4.541);
    for (const [file, offset] of [
      ['xynthia-20cm.bdy', 0.2],
      ['xynthia-60cm.bdy', 0.6],
    ] as const) {
      const variant = peakBoundaryLevel(readLisfloodBoundary(readFileSync(sharedDataPath('oleron', 'xynthia', file), 'utf8')));
      expect(variant).toBeCloseTo(peak - offset, 3);
    }
  });

  it('names the broken line', () => {
    expect(() => readLisfloodBoundary('comment\nS1\n2 second\n1 0\nx 1800\n')).toThrow(/line 5: expected "level time"/);
    try {
      readLisfloodBoundary('comment\n');
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'format')).toBe(true);
    }
  });
});
