import { JumeauError, getCrs, validate, type CrsDefinition, type CrsLike } from '@jumeau/core';
import proj4 from 'proj4';
import { z } from 'zod';
import { createProjectionKernel } from './create-projection-kernel.js';
import { planDatumStep, type DatumStep } from './datum-step.js';
import { parseNtv2, type Ntv2Grid } from './ntv2-grid.js';
import { readProjectionDefinition } from './projection-definition.js';
import type { ProjectionKernel } from './projection-kernel.js';

/** Options of {@link createTransformer} and {@link reproject}. */
export interface TransformerOptions {
  /** Coordinates per point in the buffers: 2 (x, y) or 3 (x, y, z; z passes through unchanged). Default 2. */
  readonly dimensions?: 2 | 3;
  /** The bytes of IGN's NTv2 grid `ntf_r93.gsb` (or the parsed grid): NTF ↔ RGF93 then follow PROJ to ~1 mm. */
  readonly ntfGrid?: Uint8Array | ArrayBuffer | Ntv2Grid;
  /** Called when the operation is approximate (NTF without its grid). Default: `console.warn`, once per CRS pair. */
  readonly onWarning?: (message: string) => void;
}

/** A reusable coordinate operation between two CRSs. */
export interface Transformer {
  readonly from: CrsDefinition;
  readonly to: CrsDefinition;
  readonly dimensions: 2 | 3;
  /** True when the operation is metres off PROJ's best (NTF ↔ RGF93 without `ntfGrid`: 3-parameter fallback). */
  readonly approximate: boolean;
  /** The operation in words, e.g. "inverse lcc → null datum transformation → longlat". */
  readonly description: string;
  /** `from` → `to` over an interleaved buffer; returns a new buffer unless `inPlace`. */
  forward(coordinates: Float64Array, options?: { readonly inPlace?: boolean }): Float64Array;
  /** `to` → `from`. */
  inverse(coordinates: Float64Array, options?: { readonly inPlace?: boolean }): Float64Array;
}

const optionsSchema = z.object({
  dimensions: z.union([z.literal(2), z.literal(3)]).optional(),
  ntfGrid: z
    .custom<Uint8Array | ArrayBuffer | Ntv2Grid>(
      (value) =>
        value instanceof Uint8Array || value instanceof ArrayBuffer || (typeof value === 'object' && value !== null && 'subgrids' in value),
      { message: 'expected the bytes of ntf_r93.gsb (Uint8Array or ArrayBuffer) or a parsed NTv2 grid' },
    )
    .optional(),
  onWarning: z.custom<(message: string) => void>((value) => typeof value === 'function', { message: 'expected a function' }).optional(),
});

type Pass = (buffer: Float64Array, stride: number) => void;

/** Pairs already warned about on the console (a custom `onWarning` hears every time). */
const warnedPairs = new Set<string>();

interface Operation {
  readonly forward: Pass;
  readonly inverse: Pass;
  readonly description: string;
  readonly approximate: boolean;
}

/** Jumeau's own kernels for the registry's projections, with the datum step PROJ would pick. */
function kernelOperation(
  source: ProjectionKernel,
  datum: DatumStep,
  target: ProjectionKernel,
  names: readonly [string, string],
): Operation {
  return {
    forward: (buffer, stride) => {
      source.inverse(buffer, stride);
      datum.forward(buffer, stride);
      target.forward(buffer, stride);
    },
    inverse: (buffer, stride) => {
      target.inverse(buffer, stride);
      datum.inverse(buffer, stride);
      source.forward(buffer, stride);
    },
    description: `inverse ${names[0]} → ${datum.description} → ${names[1]}`,
    approximate: datum.approximate,
  };
}

/** proj4js, point by point, for registered CRSs Jumeau's kernels do not cover. */
function proj4Operation(from: CrsDefinition, to: CrsDefinition): Operation {
  const converter = proj4(from.proj4, to.proj4);
  const run =
    (method: 'forward' | 'inverse'): Pass =>
    (buffer, stride) => {
      for (let index = 0; index < buffer.length; index += stride) {
        const point =
          stride === 3
            ? [buffer[index] as number, buffer[index + 1] as number, buffer[index + 2] as number]
            : [buffer[index] as number, buffer[index + 1] as number];
        const result = converter[method](point);
        buffer[index] = result[0] as number;
        buffer[index + 1] = result[1] as number;
      }
    };
  return { forward: run('forward'), inverse: run('inverse'), description: 'proj4js', approximate: false };
}

function toGrid(grid: Uint8Array | ArrayBuffer | Ntv2Grid | undefined): Ntv2Grid | undefined {
  if (grid === undefined) return undefined;
  return grid instanceof Uint8Array || grid instanceof ArrayBuffer ? parseNtv2(grid) : grid;
}

function planOperation(from: CrsDefinition, to: CrsDefinition, grid: Ntv2Grid | undefined): Operation {
  const fromDefinition = readProjectionDefinition(from.proj4);
  const toDefinition = readProjectionDefinition(to.proj4);
  if (!fromDefinition || !toDefinition) return proj4Operation(from, to);
  const datum = planDatumStep(fromDefinition, toDefinition, grid);
  return kernelOperation(createProjectionKernel(fromDefinition), datum, createProjectionKernel(toDefinition), [
    fromDefinition.method,
    toDefinition.method,
  ]);
}

function checkBuffer(coordinates: unknown, dimensions: number): asserts coordinates is Float64Array {
  if (!(coordinates instanceof Float64Array)) {
    throw new JumeauError(
      'input',
      `Coordinates must be a Float64Array of interleaved x, y${dimensions === 3 ? ', z' : ''}, got ${Object.prototype.toString.call(coordinates)}`,
    );
  }
  if (coordinates.length % dimensions !== 0) {
    throw new JumeauError('input', `${coordinates.length} coordinates do not make whole points of ${dimensions} values`, {
      details: { length: coordinates.length, dimensions },
    });
  }
}

/**
 * Builds a reusable operation between two CRSs of the registry (any of `2154`, `"EPSG:3945"`, `"urn:ogc:def:crs:EPSG::4326"`…),
 * over interleaved buffers of longitude/latitude degrees or easting/northing metres. It follows PROJ's default
 * operation within 1 mm. Unknown CRS → `crs` {@link JumeauError}; NaN coordinates stay NaN.
 *
 * @example
 * ```ts
 * const lambert93ToWgs84 = createTransformer(2154, 4326);
 * const lonLat = lambert93ToWgs84.forward(Float64Array.of(652_296.97, 6_861_636.36)); // ≈ [2.3499, 48.853]
 * const back = lambert93ToWgs84.inverse(lonLat);
 * ```
 */
export function createTransformer(from: CrsLike, to: CrsLike, options: TransformerOptions = {}): Transformer {
  const { dimensions = 2, ntfGrid, onWarning } = validate(optionsSchema, options, 'reprojection options');
  const fromCrs = getCrs(from);
  const toCrs = getCrs(to);
  const operation = fromCrs.code === toCrs.code ? undefined : planOperation(fromCrs, toCrs, toGrid(ntfGrid));
  if (operation?.approximate && (onWarning || !warnedPairs.has(`${fromCrs.code}>${toCrs.code}`))) {
    warnedPairs.add(`${fromCrs.code}>${toCrs.code}`);
    (onWarning ?? console.warn)(
      `EPSG:${fromCrs.code} → EPSG:${toCrs.code} without the NTF grid (ntfGrid option): using the 3-parameter ` +
        'NTF → WGS84 translation instead of ntf_r93.gsb, 1.4 m off PROJ on average over France, up to 4 m',
    );
  }
  const run =
    (pass: 'forward' | 'inverse') =>
    (coordinates: Float64Array, runOptions: { readonly inPlace?: boolean } = {}) => {
      checkBuffer(coordinates, dimensions);
      const output = runOptions.inPlace ? coordinates : coordinates.slice();
      operation?.[pass](output, dimensions);
      return output;
    };
  return {
    from: fromCrs,
    to: toCrs,
    dimensions,
    approximate: operation?.approximate ?? false,
    description: operation?.description ?? 'identity',
    forward: run('forward'),
    inverse: run('inverse'),
  };
}
