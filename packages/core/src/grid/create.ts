import { JumeauError } from '../errors.js';
import { assertCellCount } from '../size-guard.js';
import { parseCrs, type CrsLike } from '../crs/registry.js';
import { allocateGridArray, gridDataTypeOf } from './data-types.js';
import { gridMetadataSchema } from './schema.js';
import type { GeoTransform, Grid, GridArray, GridDataType } from './types.js';
import { formatZodIssues } from '../validate.js';

/** What {@link createGrid} takes. Give `data`, or a `dataType` to allocate zeroed values. */
export interface CreateGridOptions<T extends GridArray = GridArray> {
  readonly width: number;
  readonly height: number;
  readonly transform: GeoTransform | readonly number[];
  readonly crs: CrsLike;
  readonly nodata?: number | null;
  readonly verticalDatum?: string | null;
  readonly units?: string | null;
  readonly data?: T;
  readonly dataType?: GridDataType;
}

/**
 * Creates a {@link Grid}, validating every field (zod) and refusing absurd sizes before allocating.
 * `data` is used as is (never copied); without it, `dataType` (default `float32`) values are allocated.
 *
 * @example
 * ```ts
 * const dem = createGrid({
 *   width: 631, height: 906, crs: 'EPSG:2154',
 *   transform: [364927.15, 20, 0, 6550092.57, 0, -20],
 *   nodata: -9999, verticalDatum: 'NGF-IGN69', units: 'm', dataType: 'float32',
 * })
 * ```
 */
export function createGrid<T extends GridArray = Float32Array>(options: CreateGridOptions<T>): Grid<T> {
  const crs = parseCrs(options.crs);
  const parsed = gridMetadataSchema.safeParse({ ...options, crs, data: undefined, dataType: undefined });
  if (!parsed.success) {
    throw new JumeauError('input', `Invalid grid: ${formatZodIssues(parsed.error)}`, {
      details: { width: options.width, height: options.height },
    });
  }
  const metadata = parsed.data;
  const cells = assertCellCount(metadata.width, metadata.height, 'grid');
  let data: GridArray;
  if (options.data === undefined) {
    data = allocateGridArray(options.dataType ?? 'float32', cells);
  } else {
    const dataType = gridDataTypeOf(options.data);
    if (options.dataType !== undefined && options.dataType !== dataType) {
      throw new JumeauError('input', `Grid dataType "${options.dataType}" does not match its data (${dataType})`);
    }
    data = options.data;
    if (data.length !== cells) {
      throw new JumeauError(
        'input',
        `Grid data has ${data.length} values but ${metadata.width} × ${metadata.height} = ${cells} are needed`,
        { details: { length: data.length, cells } },
      );
    }
  }
  return {
    width: metadata.width,
    height: metadata.height,
    transform: metadata.transform as unknown as GeoTransform,
    crs,
    nodata: metadata.nodata,
    verticalDatum: metadata.verticalDatum,
    units: metadata.units,
    data: data as T,
  };
}

/** A new grid on the same georeference as `like` (size, transform, CRS), with fresh values of a data type. */
export function createGridLike<T extends GridArray = Float32Array>(
  like: Grid,
  options: { dataType?: GridDataType; nodata?: number | null; units?: string | null; verticalDatum?: string | null; data?: T } = {},
): Grid<T> {
  return createGrid<T>({
    width: like.width,
    height: like.height,
    transform: like.transform,
    crs: like.crs,
    nodata: options.nodata === undefined ? like.nodata : options.nodata,
    units: options.units === undefined ? like.units : options.units,
    verticalDatum: options.verticalDatum === undefined ? like.verticalDatum : options.verticalDatum,
    ...(options.data ? { data: options.data } : { dataType: options.dataType ?? gridDataTypeOf(like.data) }),
  });
}

/** The data type name of a grid's values. */
export function gridDataType(grid: Grid): GridDataType {
  return gridDataTypeOf(grid.data);
}
