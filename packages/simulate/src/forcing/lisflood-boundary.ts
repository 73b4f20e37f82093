import { JumeauError } from '@jumeau/core';

/** One boundary time series of a LISFLOOD-FP `.bdy` file: water level (m) at times (s). */
export interface BoundarySeries {
  readonly name: string;
  readonly timesSeconds: Float64Array;
  readonly levelsMetres: Float64Array;
}

/**
 * Reads a LISFLOOD-FP boundary file (`.bdy`: a comment line, then for each series its name, a line
 * `COUNT units`, and COUNT lines `value time`), as used for storm Xynthia in the LittoSIM Oléron case.
 *
 * @example
 * ```ts
 * const series = readLisfloodBoundary(readFileSync('xynthia.bdy', 'utf8'))
 * const peak = Math.max(...series.flatMap((s) => [...s.levelsMetres])) // 4.541 m NGF
 * ```
 */
export function readLisfloodBoundary(text: string): BoundarySeries[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const series: BoundarySeries[] = [];
  let index = 1; // line 0 is a free comment
  while (index < lines.length) {
    const name = lines[index];
    if (!name) {
      index += 1;
      continue;
    }
    const header = /^(\d+)\s+(\w+)/.exec(lines[index + 1] ?? '');
    if (!header) throw new JumeauError('format', `LISFLOOD boundary line ${index + 2}: expected "COUNT units" after series "${name}"`);
    const count = Number(header[1]);
    if (count > 1_000_000) throw new JumeauError('too-large', `LISFLOOD boundary series "${name}" declares ${count} values`);
    const timesSeconds = new Float64Array(count);
    const levelsMetres = new Float64Array(count);
    for (let step = 0; step < count; step += 1) {
      const lineNumber = index + 2 + step;
      const [value, time] = (lines[lineNumber] ?? '').split(/\s+/).map(Number);
      if (!Number.isFinite(value) || !Number.isFinite(time)) {
        throw new JumeauError('format', `LISFLOOD boundary line ${lineNumber + 1}: expected "level time" for series "${name}"`);
      }
      levelsMetres[step] = value as number;
      timesSeconds[step] = time as number;
    }
    series.push({ name, timesSeconds, levelsMetres });
    index += 2 + count;
  }
  if (series.length === 0) throw new JumeauError('format', 'The LISFLOOD boundary file has no series');
  return series;
}

/** The highest level over every series (the still-water peak of the event), metres. */
export function peakBoundaryLevel(series: readonly BoundarySeries[]): number {
  let peak = Number.NEGATIVE_INFINITY;
  for (const one of series) for (const level of one.levelsMetres) if (level > peak) peak = level;
  return peak;
}
