/**
 * Jumeau against PROJ 9 (cs2cs, default operation per point) on real places of metropolitan France, Corsica and
 * the overseas territories: every pair of scripts/reference-reproject.txt, both directions, within 1 mm.
 * Regenerate the reference with `node packages/convert/scripts/reference-reproject.mjs`.
 */
import { describe, expect, it } from 'vitest';
import { createTransformer } from '../src/index.js';
import { loadNtfGrid } from '../src/node/index.js';
import { largestErrorMetres, reference } from './reproject-reference.js';

const ntfGrid = await loadNtfGrid();

describe(`reprojection within 1 mm of ${reference.proj}`, () => {
  it.each(
    reference.cases.map(
      (entry) => [`EPSG:${entry.from} → EPSG:${entry.to} (${entry.area}, ${entry.source.length} points)`, entry] as const,
    ),
  )('%s', (_name, entry) => {
    const transformer = createTransformer(entry.from, entry.to, { ntfGrid, onWarning: () => undefined });
    const output = transformer.forward(Float64Array.from(entry.source.flat()));
    expect(largestErrorMetres(entry.to, output, entry.target)).toBeLessThan(0.001);
    expect(transformer.approximate).toBe(false);
  });
});
