import { existsSync } from 'node:fs';
import type { Grid } from '@jumeau/core';
import { sharedDataPath } from '@jumeau/core/node';

/** The Oléron bundle's Xynthia water levels, as a manifest path. */
export const XYNTHIA_FORCING_PATH = 'shared:oleron/xynthia/xynthia.bdy';

/** Departments whose coast is the Pertuis charentais / southern Vendée, where the Oléron Xynthia levels apply. */
const XYNTHIA_DEPARTMENTS = new Set(['17', '85']);

/** Lowest ground under which a coast counts as low-lying (m NGF): Xynthia peaked near 4.5 m NGF in the pertuis. */
const LOW_COAST_METRES = 5;

/**
 * Whether the Oléron Xynthia reference level fits this commune: in Charente-Maritime or Vendée (the pertuis the
 * storm surge filled), with ground below 5 m NGF, and the shared series on disk. Elsewhere the level is left to
 * the user (the app's default control) and the forcing listed as missing.
 *
 * @example
 * ```ts
 * xynthiaFits('17', dem) // true for Portes-en-Ré's low polders
 * ```
 */
export function xynthiaFits(department: string, dem: Grid): boolean {
  if (!XYNTHIA_DEPARTMENTS.has(department)) return false;
  let lowest = Number.POSITIVE_INFINITY;
  for (const value of dem.data as Float32Array) if (value !== dem.nodata && value < lowest) lowest = value;
  if (!(lowest < LOW_COAST_METRES)) return false;
  try {
    return existsSync(sharedDataPath('oleron', 'xynthia', 'xynthia.bdy'));
  } catch {
    return false;
  }
}
