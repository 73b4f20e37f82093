import { JumeauError } from './errors.js';

/** The default maximum number of cells a single grid may have: 2³⁰ (≈ 1.07 billion, 4 GiB as Float32). */
export const DEFAULT_MAXIMUM_CELLS = 2 ** 30;

let maximumCells = DEFAULT_MAXIMUM_CELLS;

/**
 * Sets the maximum number of cells any grid may declare before Jumeau refuses it (before allocating).
 * Returns the previous value so callers can restore it.
 *
 * @example
 * ```ts
 * const previous = setMaximumCells(50_000_000) // a browser app that must stay small
 * ```
 */
export function setMaximumCells(cells: number): number {
  if (!Number.isSafeInteger(cells) || cells <= 0) {
    throw new JumeauError('input', `Maximum cells must be a positive integer, got ${cells}`, { details: { cells } });
  }
  const previous = maximumCells;
  maximumCells = cells;
  return previous;
}

/** The maximum number of cells in force. */
export function getMaximumCells(): number {
  return maximumCells;
}

/**
 * Refuses absurd sizes before any allocation: throws `input` for non-integer or negative dimensions and
 * `too-large` when `width × height` exceeds {@link getMaximumCells} (or the `maximum` given).
 *
 * @example
 * ```ts
 * assertCellCount(width, height, 'GeoTIFF header') // then allocate
 * ```
 */
export function assertCellCount(width: number, height: number, what = 'grid', maximum = maximumCells): number {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new JumeauError('input', `The ${what} ${name} must be a positive integer, got ${value}`, {
        details: { [name]: value },
      });
    }
  }
  const cells = width * height;
  if (cells > maximum) {
    throw new JumeauError(
      'too-large',
      `The ${what} declares ${width} × ${height} = ${cells} cells, over the maximum of ${maximum} ` +
        '(raise it with setMaximumCells if this is intended)',
      { details: { width, height, cells, maximum } },
    );
  }
  return cells;
}
