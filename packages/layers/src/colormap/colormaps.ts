import { JumeauError } from '@jumeau/core';
import {
  interpolateBlues,
  interpolateCividis,
  interpolateGnBu,
  interpolateInferno,
  interpolateMagma,
  interpolatePlasma,
  interpolateRdYlBu,
  interpolateSpectral,
  interpolateTurbo,
  interpolateViridis,
  interpolateYlGnBu,
  interpolateYlOrRd,
} from 'd3-scale-chromatic';

/** Colormaps by name (d3-scale-chromatic's perceptual and ColorBrewer palettes), low value first. */
export const COLORMAPS = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  plasma: interpolatePlasma,
  cividis: interpolateCividis,
  turbo: interpolateTurbo,
  blues: interpolateBlues,
  'yellow-green-blue': interpolateYlGnBu,
  'green-blue': interpolateGnBu,
  'yellow-orange-red': interpolateYlOrRd,
  'red-yellow-blue': interpolateRdYlBu,
  spectral: interpolateSpectral,
} as const satisfies Record<string, (t: number) => string>;

/** The name of a built-in colormap. */
export type ColormapName = keyof typeof COLORMAPS;

/** A colormap: a built-in name or any function from [0, 1] to a CSS colour (`rgb(…)` or `#rrggbb`). */
export type Colormap = ColormapName | ((t: number) => string);

/** Number of entries of a colormap lookup table. */
export const COLORMAP_SIZE = 256;

/** [r, g, b] in 0–255 from a CSS `rgb(r, g, b)` or `#rrggbb` string. */
export function parseCssColor(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex) return [Number.parseInt(hex[1] as string, 16), Number.parseInt(hex[2] as string, 16), Number.parseInt(hex[3] as string, 16)];
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/i.exec(color);
  if (rgb) return [Math.round(Number(rgb[1])), Math.round(Number(rgb[2])), Math.round(Number(rgb[3]))];
  throw new JumeauError('input', `Cannot read the colour "${color}" (expected #rrggbb or rgb(r, g, b))`, { details: { color } });
}

/** The interpolator of a colormap; throws `input` for an unknown name. */
export function resolveColormap(colormap: Colormap): (t: number) => string {
  if (typeof colormap === 'function') return colormap;
  const interpolator = COLORMAPS[colormap];
  if (!interpolator) {
    throw new JumeauError('input', `Unknown colormap "${String(colormap)}" (known: ${Object.keys(COLORMAPS).join(', ')})`, {
      details: { colormap: String(colormap) },
    });
  }
  return interpolator;
}

/**
 * A 256-entry RGBA lookup table (opaque) sampled at the centres of 256 equal bins of [0, 1], uploaded as a
 * 256 × 1 texture: value v maps to entry floor(256 · (v − min) / (max − min)), clamped.
 *
 * @example
 * const table = colormapTable('viridis'); // Uint8Array(1024)
 */
export function colormapTable(colormap: Colormap): Uint8Array {
  const interpolate = resolveColormap(colormap);
  const table = new Uint8Array(COLORMAP_SIZE * 4);
  for (let index = 0; index < COLORMAP_SIZE; index += 1) {
    const [red, green, blue] = parseCssColor(interpolate((index + 0.5) / COLORMAP_SIZE));
    table.set([red, green, blue, 255], index * 4);
  }
  return table;
}

/**
 * The colour the layers draw for `value`, exactly as the shader computes it (same bin, same table):
 * use it to build legends or to check pixels.
 *
 * @example
 * colorForValue(1.5, [0, 3], 'blues'); // [r, g, b, 255]
 */
export function colorForValue(
  value: number,
  valueRange: readonly [number, number],
  colormap: Colormap | Uint8Array,
): [number, number, number, number] {
  const table = colormap instanceof Uint8Array ? colormap : colormapTable(colormap);
  const [minimum, maximum] = valueRange;
  const t = Math.min(Math.max((value - minimum) / (maximum - minimum), 0), 1);
  const index = Math.min(Math.floor(t * COLORMAP_SIZE), COLORMAP_SIZE - 1);
  return [table[index * 4] as number, table[index * 4 + 1] as number, table[index * 4 + 2] as number, table[index * 4 + 3] as number];
}
