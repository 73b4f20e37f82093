import { JumeauError } from '@jumeau/core';
import { z } from 'zod';

/** The resampling methods, with gdalwarp's meaning (`-r near|bilinear|cubic|average|mode|min|max`). */
export type ResamplingMethod = 'nearest' | 'bilinear' | 'cubic' | 'average' | 'mode' | 'min' | 'max';

/**
 * Every resampling method, in documentation order.
 *
 * @example
 * ```ts
 * for (const resampling of RESAMPLING_METHODS) warp(dem, { crs: 4326, resolution: 0.0005, resampling })
 * ```
 */
export const RESAMPLING_METHODS: readonly ResamplingMethod[] = ['nearest', 'bilinear', 'cubic', 'average', 'mode', 'min', 'max'];

/** Progress of a long warp: `fraction` of target rows done, in [0, 1]. */
export type WarpProgressCallback = (fraction: number) => void;

/** How the target grid is laid out and filled; shared by {@link warp}, {@link resample} and {@link mosaic}. */
export interface TargetGridOptions {
  /** Cell size in target CRS units (metres, or degrees for a geographic CRS): one number, or `[x, y]`. */
  readonly resolution?: number | readonly [x: number, y: number];
  /** Target extent `[minX, minY, maxX, maxY]` in target CRS units (gdalwarp `-te`); default: the source's. */
  readonly bounds?: readonly [minX: number, minY: number, maxX: number, maxY: number];
  /** Target size in cells (gdalwarp `-ts`), instead of `resolution`. */
  readonly width?: number;
  readonly height?: number;
  /** Default `nearest`. */
  readonly resampling?: ResamplingMethod;
  /** Value written where no source value lands; default the source's nodata, else NaN for float grids and none (0) for integer grids. */
  readonly nodata?: number | null;
  /** Cancels between target rows with a JumeauError `aborted`. */
  readonly signal?: AbortSignal;
  /** Called after each block of target rows. */
  readonly onProgress?: WarpProgressCallback;
}

/**
 * Options of {@link warp}: a target CRS and a {@link TargetGridOptions} layout.
 *
 * @example
 * ```ts
 * const options: WarpOptions = { crs: 3946, bounds: [1360000, 5180000, 1375000, 5200000], resolution: 20, resampling: 'cubic' }
 * ```
 */
export interface WarpOptions extends TargetGridOptions {
  /** Target CRS: `2154`, `'EPSG:4326'`… (must be in the core registry). */
  readonly crs: number | string;
}

const positive = z.number().finite().positive();
const dimension = z.number().int().positive();

/** Validation of the layout options (the function-valued fields are checked by type only). */
export const targetGridOptionsSchema = z
  .object({
    resolution: z.union([positive, z.tuple([positive, positive])]).optional(),
    bounds: z
      .tuple([z.number().finite(), z.number().finite(), z.number().finite(), z.number().finite()])
      .refine((bounds) => bounds[0] < bounds[2] && bounds[1] < bounds[3], 'bounds must be [minX, minY, maxX, maxY] with min < max')
      .optional(),
    width: dimension.optional(),
    height: dimension.optional(),
    resampling: z.enum(['nearest', 'bilinear', 'cubic', 'average', 'mode', 'min', 'max']).optional(),
    nodata: z.union([z.number(), z.nan()]).nullable().optional(),
    signal: z.custom<AbortSignal>((value) => value === undefined || value instanceof AbortSignal, 'expected an AbortSignal').optional(),
    onProgress: z
      .custom<WarpProgressCallback>((value) => value === undefined || typeof value === 'function', 'expected a function')
      .optional(),
  })
  .refine((options) => (options.width === undefined) === (options.height === undefined), 'give both width and height, or neither')
  .refine((options) => !(options.resolution !== undefined && options.width !== undefined), 'give resolution or width/height, not both');

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path)
    current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  return current;
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value instanceof AbortSignal) return 'an AbortSignal';
  try {
    return (
      JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? String(item) : item)) ??
      String(value)
    );
  } catch {
    return String(value);
  }
}

/**
 * Validates layout options, throwing an `input` {@link JumeauError} that names each problem and the offending
 * value (`resolution: Too small: expected number to be >0 (got -20)`).
 */
export function validateTargetGridOptions<T extends TargetGridOptions>(options: T, what: string): T {
  const result = targetGridOptionsSchema.safeParse(options);
  if (result.success) return options;
  const problems = result.error.issues.slice(0, 8).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(options)';
    const got = issue.path.length > 0 ? ` (got ${describeValue(valueAt(options, issue.path))})` : '';
    return `${path}: ${issue.message}${got}`;
  });
  throw new JumeauError('input', `Invalid ${what}: ${problems.join('; ')}`, { details: { what } });
}
