import { type FeatureTable, featureTableFromGeoJSON, JumeauError, parseCrs, validate, type CrsLike } from '@jumeau/core';
import { z } from 'zod';
import type { TransectRates } from './rates.js';

/** Which rate drives the projection. */
export type ShorelineRateMethod = 'end-point' | 'ordinary-least-squares' | 'weighted-least-squares';

/** Options of {@link projectShoreline}. */
export interface ProjectShorelineOptions {
  /** The horizon, as a (decimal) year, e.g. 2100. */
  readonly horizonYear: number;
  /** Rate used (default `end-point`, the "taux moyen annuel" of French PPRL practice). */
  readonly method?: ShorelineRateMethod;
  /** `zero` (default, French practice: accreting transects are held where they are) or `keep`. */
  readonly accretion?: 'zero' | 'keep';
  /** Extra retreat for a major event, `Lmax` of the PPRL guide, metres (default 0). */
  readonly majorEventRetreatMetres?: number;
  /** CRS of the transect coordinates (default Lambert-93). */
  readonly crs?: CrsLike;
}

const optionsSchema = z.object({
  horizonYear: z.number().finite().min(1800).max(3000),
  method: z.enum(['end-point', 'ordinary-least-squares', 'weighted-least-squares']).default('end-point'),
  accretion: z.enum(['zero', 'keep']).default('zero'),
  majorEventRetreatMetres: z.number().finite().min(0).default(0),
  crs: z.union([z.number(), z.string()]).default(2154),
});

/** The projection of one transect. Distances along the transect; retreat is landward, metres. */
export interface ProjectedTransect {
  readonly axis: number;
  readonly transect: number;
  readonly rateMetresPerYear: number;
  readonly retreatMetres: number;
  readonly currentX: number;
  readonly currentY: number;
  readonly projectedX: number;
  readonly projectedY: number;
}

/** What {@link projectShoreline} returns. */
export interface ShorelineProjection {
  readonly transects: readonly ProjectedTransect[];
  /** The current (newest) and projected shorelines: one LineString per run of consecutive transects, `kind` = current | projected. */
  readonly shorelines: FeatureTable;
  /** The band lost between them: one Polygon per run, with `areaSquareMetres`. */
  readonly erosionBand: FeatureTable;
  /** Total area lost, m². */
  readonly areaLostSquareMetres: number;
}

function rateOf(rates: TransectRates, method: ShorelineRateMethod): number | null {
  if (method === 'end-point') return rates.endPointRate;
  if (method === 'ordinary-least-squares') return rates.ordinaryLeastSquaresRate;
  return rates.weightedLeastSquaresRate;
}

function projectOne(rates: TransectRates, options: z.output<typeof optionsSchema>): ProjectedTransect | null {
  const rate = rateOf(rates, options.method);
  if (rate === null) return null;
  const years = options.horizonYear - rates.newestYear;
  const used = options.accretion === 'zero' ? Math.min(rate, 0) : rate;
  const displacement = used * Math.max(0, years) - options.majorEventRetreatMetres;
  const projected = rates.newestDistanceMetres + displacement;
  return {
    axis: rates.axis,
    transect: rates.transect,
    rateMetresPerYear: rate,
    retreatMetres: Math.max(0, -displacement),
    currentX: rates.originX + rates.directionX * rates.newestDistanceMetres,
    currentY: rates.originY + rates.directionY * rates.newestDistanceMetres,
    projectedX: rates.originX + rates.directionX * projected,
    projectedY: rates.originY + rates.directionY * projected,
  };
}

/** Runs of transects of one axis with consecutive numbers (a missing transect splits the shoreline). */
function consecutiveRuns(transects: readonly ProjectedTransect[]): ProjectedTransect[][] {
  const runs: ProjectedTransect[][] = [];
  for (const transect of transects) {
    const run = runs[runs.length - 1];
    const previous = run?.[run.length - 1];
    if (run && previous && previous.axis === transect.axis && previous.transect + 1 === transect.transect) run.push(transect);
    else runs.push([transect]);
  }
  return runs.filter((run) => run.length >= 2);
}

function quadrilateralArea(a: ProjectedTransect, b: ProjectedTransect): number {
  const points = [
    [a.currentX, a.currentY],
    [b.currentX, b.currentY],
    [b.projectedX, b.projectedY],
    [a.projectedX, a.projectedY],
  ] as const;
  let twice = 0;
  for (let index = 0; index < 4; index += 1) {
    const [x1, y1] = points[index] as readonly [number, number];
    const [x2, y2] = points[(index + 1) % 4] as readonly [number, number];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/**
 * Projects the shoreline to a horizon from per-transect rates, as in French coastal-risk practice (guide
 * méthodologique PPRL, MEDDE 2014, §"recul du trait de côte": Lr = Tx × n + Lmax): each transect's newest shoreline
 * moves by rate × years (accretion held at zero by default) plus an extra major-event retreat `Lmax`. Returns the
 * current and projected shorelines, the band lost between them and its area.
 *
 * @example
 * ```ts
 * const projection = projectShoreline(computeShorelineRates(observations), { horizonYear: 2100, majorEventRetreatMetres: 20 })
 * projection.areaLostSquareMetres
 * ```
 */
export function projectShoreline(rates: readonly TransectRates[], options: ProjectShorelineOptions): ShorelineProjection {
  const parsed = validate(optionsSchema, options, 'shoreline projection options');
  const crs = parseCrs(parsed.crs);
  if (rates.length === 0) throw new JumeauError('input', 'No transect rates to project');
  const transects = [...rates]
    .sort((a, b) => a.axis - b.axis || a.transect - b.transect)
    .map((rate) => projectOne(rate, parsed))
    .filter((transect): transect is ProjectedTransect => transect !== null);
  const runs = consecutiveRuns(transects);
  const lineFeatures = runs.flatMap((run) => [
    { kind: 'current', coordinates: run.map((t) => [t.currentX, t.currentY]) },
    { kind: 'projected', coordinates: run.map((t) => [t.projectedX, t.projectedY]) },
  ]);
  const shorelines = featureTableFromGeoJSON(
    {
      type: 'FeatureCollection',
      features: lineFeatures.map((line, index) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: line.coordinates },
        properties: { kind: line.kind, axis: runs[Math.floor(index / 2)]?.[0]?.axis ?? null, horizonYear: parsed.horizonYear },
      })),
    },
    { crs },
  );
  let areaLostSquareMetres = 0;
  const bandFeatures = runs.map((run) => {
    let area = 0;
    for (let index = 0; index + 1 < run.length; index += 1)
      area += quadrilateralArea(run[index] as ProjectedTransect, run[index + 1] as ProjectedTransect);
    areaLostSquareMetres += area;
    const ring = [...run.map((t) => [t.currentX, t.currentY]), ...[...run].reverse().map((t) => [t.projectedX, t.projectedY])];
    ring.push(ring[0] as number[]);
    return {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: { axis: run[0]?.axis ?? null, areaSquareMetres: area },
    };
  });
  const erosionBand = featureTableFromGeoJSON({ type: 'FeatureCollection', features: bandFeatures }, { crs });
  return { transects, shorelines, erosionBand, areaLostSquareMetres };
}
