import { JumeauError, validate } from '@jumeau/core';
import { z } from 'zod';
import { decimalYear, shorelineDate } from './dates.js';

/** One shoreline crossing a transect: how far along the transect, when, and how precisely. */
export interface ShorelineObservation {
  /** Baseline axis number (MobiTC `NAxe`). */
  readonly axis: number;
  /** Transect number along its axis (MobiTC `NTrace`). */
  readonly transect: number;
  /** Transect origin on the baseline, in the CRS of the data (Lambert-93 metres for Cerema data). */
  readonly originX: number;
  readonly originY: number;
  /** Unit vector of the transect (MobiTC `U`, `V`); positive distances and rates point this way (seaward). */
  readonly directionX: number;
  readonly directionY: number;
  /** Signed distance from the origin to the shoreline along the transect, metres. */
  readonly distanceMetres: number;
  /** Date of the shoreline as a decimal year. */
  readonly year: number;
  /** Position uncertainty of the shoreline, metres (weights 1/σ² in WLS). */
  readonly uncertaintyMetres: number;
}

const finite = z.coerce.number().refine(Number.isFinite, 'must be a finite number');
const rowSchema = z.object({
  NAxe: z.coerce.number().int(),
  NTrace: z.coerce.number().int(),
  Xsque: finite,
  Ysque: finite,
  U: finite,
  V: finite,
  Distance: finite,
  date1: z.string().min(4),
  date2: z.string(),
  incert: z.coerce.number().positive(),
});

/**
 * Reads MobiTC's transect × shoreline intersection table (`…-IntersTDC-v1.txt`, tab-separated, one row per
 * crossing: NAxe, NTrace, Xsque, Ysque, U, V, Distance, date1, date2, marqueur, incert…).
 *
 * @example
 * ```ts
 * const observations = readMobiTCIntersections(readFileSync('transects_intersections_IntersTDC-v1.txt', 'utf8'))
 * ```
 */
export function readMobiTCIntersections(text: string): ShorelineObservation[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const header = lines[0]?.split('\t').map((name) => name.trim());
  if (!header || !['NAxe', 'NTrace', 'Distance', 'date1', 'incert'].every((name) => header.includes(name))) {
    throw new JumeauError(
      'format',
      `Not a MobiTC intersection table: the header lacks NAxe/NTrace/Distance/date1/incert (got ${header?.slice(0, 8).join(', ')})`,
    );
  }
  return lines.slice(1).map((line, index) => {
    const cells = line.split('\t');
    const record = Object.fromEntries(header.map((name, column) => [name, cells[column]?.trim() ?? '']));
    const row = validate(rowSchema, record, `MobiTC intersection line ${index + 2}`, 'format');
    return {
      axis: row.NAxe,
      transect: row.NTrace,
      originX: row.Xsque,
      originY: row.Ysque,
      directionX: row.U,
      directionY: row.V,
      distanceMetres: row.Distance,
      year: decimalYear(shorelineDate(row.date1, row.date2)),
      uncertaintyMetres: row.incert,
    };
  });
}
