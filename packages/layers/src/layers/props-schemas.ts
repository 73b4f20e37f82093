/**
 * zod schemas of the layer props that cross the boundary from the user: grids, feature tables, colormaps,
 * value ranges, error bounds. Checked in each layer's `updateState` (only when props changed); a wrong prop
 * is a `JumeauError('input')` naming the layer and the prop. The checks touch metadata only, never the cell
 * or row data: O(1) per update, whatever the grid size.
 */
import { JumeauError, formatZodIssues, geoTransformSchema } from '@jumeau/core';
import { z } from 'zod';
import { COLORMAPS } from '../colormap/colormaps.js';
import { wmtsTileMatrixSetSchema } from '../tiles/tile-matrix-set.js';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** A Grid: positive integer size, a non-degenerate transform, an EPSG code and a typed array of width × height values. */
export const gridPropSchema = z
  .object(
    {
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      transform: geoTransformSchema,
      crs: z.number().int().positive(),
      data: z.custom<ArrayLike<number>>((value) => ArrayBuffer.isView(value) && !(value instanceof DataView), {
        message: 'must be a typed array',
      }),
    },
    { error: 'expected a Grid ({ width, height, transform, crs, data, … })' },
  )
  .refine((grid) => grid.data.length === grid.width * grid.height, {
    message: 'data must hold width × height values',
    path: ['data'],
  });

/** An Apache Arrow table (duck-typed, so that two copies of apache-arrow in a bundle both pass). */
export const tablePropSchema = z.custom<object>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { numRows?: unknown }).numRows === 'number' &&
    typeof (value as { getChild?: unknown }).getChild === 'function',
  { message: 'expected an Apache Arrow Table (e.g. a FeatureTable)' },
);

/** A built-in colormap name or a function t ∈ [0, 1] → CSS colour. */
export const colormapPropSchema = z.custom<keyof typeof COLORMAPS | ((t: number) => string)>(
  (value) => typeof value === 'function' || (typeof value === 'string' && Object.hasOwn(COLORMAPS, value)),
  { message: `expected one of ${Object.keys(COLORMAPS).join(', ')} or a function (t) => css colour` },
);

/** [minimum, maximum] with finite ends and maximum > minimum. */
export const valueRangePropSchema = z
  .tuple([finite, finite], { error: 'expected [minimum, maximum]' })
  .refine(([minimum, maximum]) => maximum > minimum, { message: 'maximum must be greater than minimum' });

const optionalGrid = gridPropSchema.nullish();
const optionalRange = valueRangePropSchema.nullish();
const nonNegative = finite.refine((value) => value >= 0, 'must be ≥ 0').optional();
const positive = finite.refine((value) => value > 0, 'must be > 0').optional();

export const gridMeshLayerPropsSchema = z.object({
  grid: optionalGrid,
  elevation: optionalGrid,
  colormap: colormapPropSchema.optional(),
  valueRange: optionalRange,
  maximumErrorMetres: positive,
  elevationScale: finite.optional(),
});
export const terrainMeshLayerPropsSchema = z.object({
  elevation: optionalGrid,
  drape: optionalGrid,
  colormap: colormapPropSchema.optional(),
  valueRange: optionalRange,
  maximumErrorMetres: nonNegative,
  maximumPlacementErrorMetres: positive,
  elevationScale: finite.optional(),
});
export const terrainTileLayerPropsSchema = z.object({
  elevation: optionalGrid,
  tileUrl: z.string().min(1).nullish(),
  tileMatrixSet: z.union([z.literal('PM'), wmtsTileMatrixSetSchema]).optional(),
  maximumErrorMetres: nonNegative,
  maximumPlacementErrorMetres: positive,
  elevationScale: finite.optional(),
  levelOffset: finite.optional(),
});
export const floodLayerPropsSchema = z.object({
  depth: optionalGrid,
  terrain: optionalGrid,
  colormap: colormapPropSchema.optional(),
  valueRange: optionalRange,
  elevationScale: finite.optional(),
});
export const arrivalTimeLayerPropsSchema = z.object({
  arrivalTime: optionalGrid,
  colormap: colormapPropSchema.optional(),
  valueRange: optionalRange,
  isochroneIntervalSeconds: nonNegative,
});
export const featureLayerPropsSchema = z.object({
  table: tablePropSchema.nullish(),
  colormap: colormapPropSchema.optional(),
  valueRange: optionalRange,
});
export const flowLayerPropsSchema = z.object({
  places: tablePropSchema.nullish(),
  minimumCount: finite.optional(),
});

/**
 * Checks `props` against a layer's schema; throws `JumeauError('input')` naming the layer and the props at fault,
 * e.g. `Invalid GridMeshLayer prop valueRange: maximum must be greater than minimum`.
 *
 * @example
 * validateProps('GridMeshLayer', gridMeshLayerPropsSchema, props);
 */
export function validateProps(layerName: string, schema: z.ZodType, props: object): void {
  const result = schema.safeParse(props);
  if (result.success) return;
  const names = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '(props)')))];
  throw new JumeauError('input', `Invalid ${layerName} prop ${names.join(', ')}: ${formatZodIssues(result.error)}`, {
    details: { layer: layerName, props: names },
  });
}
