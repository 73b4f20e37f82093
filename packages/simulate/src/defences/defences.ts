import { type FeatureTable, type Grid, JumeauError, featureTableCrs, validate } from '@jumeau/core';
import { rasterize, reprojectTable } from '@jumeau/convert';
import { Float64, Table, vectorFromArray } from 'apache-arrow';
import { z } from 'zod';

const BREACH_COLUMN = '__jumeau_breached';
/** Nodata of barrier grids: no crest is that low. */
const BARRIER_NODATA = -9999;

/** Options of {@link rasterizeDefences}. */
export interface RasterizeDefencesOptions {
  /** Numeric column of the crest altitude, metres in the DEM's vertical datum (Oléron data: `alt`). */
  readonly crestColumn: string;
  /** Rows (0-based, input order) of the segments to breach: their cells are marked in `breaches`. */
  readonly breachedRows?: readonly number[];
}

/** What {@link rasterizeDefences} returns: inputs of `computeStaticSubmersion`'s `barrier` and `breaches`. */
export interface DefenceGrids {
  /** Highest crest altitude (m) of the defences touching each cell; nodata (−9999) elsewhere. */
  readonly barrier: Grid<Float32Array>;
  /** 1 on cells touched by a breached segment, 0 elsewhere; null when nothing is breached. */
  readonly breaches: Grid<Uint8Array> | null;
}

const optionsSchema = z.object({
  crestColumn: z.string().min(1),
  breachedRows: z.array(z.number().int().nonnegative()).default([]),
});

/**
 * Burns coastal defence lines (dikes, dunes, walls) into grids on the DEM's grid, with **all-touched**
 * rasterisation so a thin dike stays watertight whatever its angle to the grid: every cell a segment touches takes
 * the highest crest altitude among the segments touching it. Breached segments are burnt into a mask too, which
 * removes their crest where they pass (`breaches`), so a scenario can open a breach without re-burning the barrier.
 * Lines in another CRS are reprojected to the DEM's first.
 *
 * @example
 * ```ts
 * const { barrier, breaches } = rasterizeDefences(dem, defences, { crestColumn: 'alt', breachedRows: [12] })
 * computeStaticSubmersion(dem, { stillWaterLevelMetres: 4.5, barrier, breaches: breaches ?? undefined })
 * ```
 */
export function rasterizeDefences(dem: Grid, defences: FeatureTable, options: RasterizeDefencesOptions): DefenceGrids {
  const parsed = validate(optionsSchema, options, 'defence options');
  const column = defences.getChild(parsed.crestColumn);
  if (!column) {
    const names = defences.schema.fields.map((field) => field.name).join(', ');
    throw new JumeauError('input', `The defences have no crest column "${parsed.crestColumn}" (columns: ${names})`);
  }
  for (const row of parsed.breachedRows) {
    if (row >= defences.numRows) throw new JumeauError('input', `Breached row ${row} is past the ${defences.numRows} defence segments`);
  }
  const lines = featureTableCrs(defences) === dem.crs ? defences : reprojectTable(defences, dem.crs);
  const frame = { width: dem.width, height: dem.height, transform: dem.transform, crs: dem.crs };
  const barrier = rasterize(lines, frame, {
    burn: parsed.crestColumn,
    rule: 'all-touched',
    merge: 'max',
    dataType: 'float32',
    nodata: BARRIER_NODATA,
    units: 'm',
  }) as Grid<Float32Array>;
  if (parsed.breachedRows.length === 0) return { barrier, breaches: null };
  // Burn only the breached rows: rasterize skips rows whose burn value is null.
  const breached = new Set(parsed.breachedRows);
  const flags = vectorFromArray(
    Array.from({ length: lines.numRows }, (_, row) => (breached.has(row) ? 1 : null)),
    new Float64(),
  );
  const withFlags = lines.assign(new Table({ [BREACH_COLUMN]: flags }));
  const breaches = rasterize(withFlags, frame, {
    burn: BREACH_COLUMN,
    rule: 'all-touched',
    merge: 'max',
    dataType: 'uint8',
    nodata: 0,
  }) as Grid<Uint8Array>;
  return { barrier, breaches: { ...breaches, nodata: null } };
}
