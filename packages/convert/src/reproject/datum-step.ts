import { translateDatum, type Ellipsoid } from './geocentric-translation.js';
import { applyGridShift } from './grid-shift.js';
import type { Ntv2Grid } from './ntv2-grid.js';
import type { ProjectionDefinition } from './projection-definition.js';

/** The datum part of an operation, over longitude/latitude degrees in place. */
export interface DatumStep {
  readonly forward: (buffer: Float64Array, stride: number) => void;
  readonly inverse: (buffer: Float64Array, stride: number) => void;
  /** What PROJ would call the operation, e.g. "NTF to RGF93 v1 (ntf_r93.gsb)". */
  readonly description: string;
  /** True when a better operation exists but could not run (the NTF grid was not supplied). */
  readonly approximate: boolean;
}

const WGS84_ELLIPSOID: Ellipsoid = { semiMajorAxisMetres: 6378137, flattening: 1 / 298.257223563 };
const NTF_TRANSLATION = [-168, -60, 320] as const;

const IDENTITY: DatumStep = {
  forward: () => undefined,
  inverse: () => undefined,
  description: 'null datum transformation',
  approximate: false,
};

function isNtf(definition: ProjectionDefinition): boolean {
  const datum = definition.datum;
  return (
    datum.kind === 'translation' &&
    Math.abs(definition.semiMajorAxisMetres - 6378249.2) < 1e-6 &&
    datum.translationMetres.every((value, index) => value === NTF_TRANSLATION[index])
  );
}

function translationOf(definition: ProjectionDefinition): readonly [number, number, number] {
  return definition.datum.kind === 'translation' ? definition.datum.translationMetres : [0, 0, 0];
}

/** A shifted datum → a WGS84-compatible one (and back), by grid when PROJ would use one and it is here. */
function shiftedToCompatible(shifted: ProjectionDefinition, compatible: ProjectionDefinition, grid: Ntv2Grid | undefined): DatumStep {
  const ellipsoid: Ellipsoid = { semiMajorAxisMetres: shifted.semiMajorAxisMetres, flattening: shifted.flattening };
  const target: Ellipsoid = { semiMajorAxisMetres: compatible.semiMajorAxisMetres, flattening: compatible.flattening };
  const isWgs84 = compatible.datum.kind === 'wgs84-compatible' && compatible.datum.isWgs84;
  // PROJ's defaults: NTF → RGF93/ETRS89 by the IGN grid (EPSG:15958, 1 m); NTF → WGS84 by EPSG:1193 (3 parameters, 2 m).
  if (isNtf(shifted) && !isWgs84 && grid) {
    return {
      forward: (buffer, stride) => applyGridShift(grid, buffer, stride, 'forward'),
      inverse: (buffer, stride) => applyGridShift(grid, buffer, stride, 'inverse'),
      description: 'NTF to RGF93 v1 by the IGN grid ntf_r93.gsb (EPSG:15958)',
      approximate: false,
    };
  }
  const translation = translationOf(shifted);
  const reverse = translation.map((value) => -value) as [number, number, number];
  return {
    forward: (buffer, stride) => translateDatum(buffer, stride, ellipsoid, target, translation),
    inverse: (buffer, stride) => translateDatum(buffer, stride, target, ellipsoid, reverse),
    description: `geocentric translation (${translation.join(', ')}) m${isNtf(shifted) ? ' (NTF to WGS 84 (1), EPSG:1193)' : ''}`,
    approximate: isNtf(shifted) && !isWgs84,
  };
}

function reversed(step: DatumStep): DatumStep {
  return { ...step, forward: step.inverse, inverse: step.forward };
}

/**
 * The datum step between two CRSs, as PROJ 9 chooses it by default: none between the WGS84-compatible datums
 * of the registry (RGF93, ETRS89, RGAF09, RGFG95, RGR92, RGM04, RGSPM06, WGS84), the NTF → RGF93 grid when
 * supplied, a geocentric translation otherwise.
 *
 * @example
 * ```ts
 * const step = planDatumStep(ntfLambert, lambert93, parseNtv2(bytes));
 * step.description; // "NTF to RGF93 v1 by the IGN grid ntf_r93.gsb (EPSG:15958)"
 * ```
 */
export function planDatumStep(from: ProjectionDefinition, to: ProjectionDefinition, grid?: Ntv2Grid): DatumStep {
  const fromShifted = from.datum.kind === 'translation';
  const toShifted = to.datum.kind === 'translation';
  if (!fromShifted && !toShifted) return IDENTITY;
  if (fromShifted && !toShifted) return shiftedToCompatible(from, to, grid);
  if (!fromShifted && toShifted) return reversed(shiftedToCompatible(to, from, grid));
  const same = translationOf(from).every((value, index) => value === translationOf(to)[index]) && from.flattening === to.flattening;
  if (same) return IDENTITY;
  const wgs84: ProjectionDefinition = { ...to, ...WGS84_ELLIPSOID, datum: { kind: 'wgs84-compatible', isWgs84: true } };
  const toWgs84 = shiftedToCompatible(from, wgs84, undefined);
  const fromWgs84 = reversed(shiftedToCompatible(to, wgs84, undefined));
  return {
    forward: (buffer, stride) => {
      toWgs84.forward(buffer, stride);
      fromWgs84.forward(buffer, stride);
    },
    inverse: (buffer, stride) => {
      fromWgs84.inverse(buffer, stride);
      toWgs84.inverse(buffer, stride);
    },
    description: `${toWgs84.description}, then ${fromWgs84.description}`,
    approximate: false,
  };
}
