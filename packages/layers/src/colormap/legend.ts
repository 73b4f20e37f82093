import { JumeauError } from '@jumeau/core';
import { type Colormap, colorForValue, colormapTable } from './colormaps.js';

/** One stop of a legend. */
export interface LegendStop {
  /** The value, in the legend's units. */
  readonly value: number;
  /** Its colour as `#rrggbb`. */
  readonly color: string;
  /** The label to print, e.g. "1.5 m". */
  readonly label: string;
}

/** Framework-free legend data: render it with any UI (HTML, SVG, canvas). */
export interface LegendData {
  readonly title: string;
  readonly units: string | null;
  readonly valueRange: readonly [number, number];
  readonly stops: readonly LegendStop[];
  /** A CSS `linear-gradient(to right, …)` of the colormap over the range. */
  readonly cssGradient: string;
}

/** Options of {@link createLegend}. */
export interface LegendOptions {
  readonly title: string;
  readonly colormap: Colormap;
  /** [minimum, maximum] of the values mapped to the ends of the colormap, in `units`. */
  readonly valueRange: readonly [number, number];
  readonly units?: string | null;
  /** Number of labelled stops (default 5, at least 2). */
  readonly stopCount?: number;
  /** Decimals of the labels (default: enough for the range). */
  readonly decimals?: number;
}

function toHex([red, green, blue]: readonly number[]): string {
  return `#${[red, green, blue].map((channel) => (channel as number).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Legend data of a colormap over a value range: the colours are the ones the layers draw (same lookup table).
 *
 * @example
 * const legend = createLegend({ title: 'Water depth', colormap: 'blues', valueRange: [0, 3], units: 'm' });
 * legend.stops.map((stop) => `${stop.label} ${stop.color}`); // ["0.0 m #f7fbff", …]
 */
export function createLegend(options: LegendOptions): LegendData {
  const { title, colormap, valueRange, units = null, stopCount = 5 } = options;
  const [minimum, maximum] = valueRange;
  if (!(Number.isFinite(minimum) && Number.isFinite(maximum) && maximum > minimum)) {
    throw new JumeauError('input', `valueRange must be [minimum, maximum] with maximum > minimum, got [${minimum}, ${maximum}]`, {
      details: { valueRange: [minimum, maximum] },
    });
  }
  if (!Number.isInteger(stopCount) || stopCount < 2) {
    throw new JumeauError('input', `stopCount must be an integer ≥ 2, got ${stopCount}`, { details: { stopCount } });
  }
  const table = colormapTable(colormap);
  const span = maximum - minimum;
  const decimals = options.decimals ?? Math.max(0, Math.min(6, 1 - Math.floor(Math.log10(span / (stopCount - 1)))));
  const stops = Array.from({ length: stopCount }, (_, index) => {
    const value = minimum + (span * index) / (stopCount - 1);
    const color = toHex(colorForValue(value, valueRange, table));
    return { value, color, label: `${value.toFixed(decimals)}${units ? ` ${units}` : ''}` };
  });
  const gradientStops = Array.from(
    { length: 11 },
    (_, index) => `${toHex(colorForValue(minimum + (span * index) / 10, valueRange, table))} ${index * 10}%`,
  );
  return { title, units, valueRange: [minimum, maximum], stops, cssGradient: `linear-gradient(to right, ${gradientStops.join(', ')})` };
}
