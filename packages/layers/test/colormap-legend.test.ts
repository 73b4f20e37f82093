import { isJumeauError } from '@jumeau/core';
import { interpolateBlues, interpolateViridis } from 'd3-scale-chromatic';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { COLORMAPS, colorForValue, colormapTable, createLegend, parseCssColor } from '../src/index.js';

describe('colormaps', () => {
  test('the lookup table holds d3-scale-chromatic’s colours at the 256 bin centres', () => {
    const table = colormapTable('viridis');
    for (const index of [0, 17, 128, 255]) {
      expect(Array.from(table.slice(index * 4, index * 4 + 4))).toEqual([...parseCssColor(interpolateViridis((index + 0.5) / 256)), 255]);
    }
  });

  test('colorForValue: ends, clamping and bins', () => {
    expect(colorForValue(0, [0, 3], 'blues')).toEqual([...parseCssColor(interpolateBlues(0.5 / 256)), 255]);
    expect(colorForValue(3, [0, 3], 'blues')).toEqual(colorForValue(99, [0, 3], 'blues'));
    expect(colorForValue(-5, [0, 3], 'blues')).toEqual(colorForValue(0, [0, 3], 'blues'));
  });

  test('property: colours are monotonic in lightness for the sequential blues palette', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        const lightness = (color: number[]) => (color[0] as number) + (color[1] as number) + (color[2] as number);
        expect(lightness(colorForValue(low, [0, 3], 'blues'))).toBeGreaterThanOrEqual(lightness(colorForValue(high, [0, 3], 'blues')));
      }),
    );
  });

  test('every built-in colormap builds; unknown names and colours are typed errors', () => {
    for (const name of Object.keys(COLORMAPS)) expect(colormapTable(name as keyof typeof COLORMAPS)).toHaveLength(1024);
    expect(() => colormapTable('rainbow' as never)).toThrow(/Unknown colormap "rainbow"/);
    try {
      parseCssColor('hsl(1, 2%, 3%)');
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'input')).toBe(true);
    }
  });
});

describe('createLegend', () => {
  test('stops, labels with units and the same colours as the layers', () => {
    const legend = createLegend({ title: 'Water depth', colormap: 'blues', valueRange: [0, 3], units: 'm' });
    expect(legend.stops.map((stop) => stop.label)).toEqual(['0.00 m', '0.75 m', '1.50 m', '2.25 m', '3.00 m']);
    const [r, g, b] = colorForValue(1.5, [0, 3], 'blues');
    expect(legend.stops[2]?.color).toBe(`#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`);
    expect(legend.cssGradient).toMatch(/^linear-gradient\(to right, #[0-9a-f]{6} 0%/);
  });

  test('bad ranges and stop counts are refused with the value', () => {
    expect(() => createLegend({ title: 't', colormap: 'viridis', valueRange: [3, 3] })).toThrow(/got \[3, 3\]/);
    expect(() => createLegend({ title: 't', colormap: 'viridis', valueRange: [0, 1], stopCount: 1 })).toThrow(/stopCount/);
  });
});
