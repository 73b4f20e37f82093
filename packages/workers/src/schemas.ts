import { type Grid, type GridDataType, JumeauError, gridMetadataSchema } from '@jumeau/core';
import { Table } from 'apache-arrow';
import { z } from 'zod';

/** The typed array of each grid data type. */
export interface GridArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int16: Int16Array;
  int32: Int32Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
}

const ARRAY_TYPES: { readonly [Name in GridDataType]: abstract new (...parameters: never[]) => GridArrayOf[Name] } = {
  float32: Float32Array,
  float64: Float64Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
};

/**
 * zod schema of a {@link Grid} as a task input: the metadata checks of `gridMetadataSchema` (positive integer
 * size, finite non-degenerate transform, EPSG code…) plus `data` of the given data type (e.g. `'float32'` for a
 * `Float32Array`) and of length `width × height`. Typed as `Grid<…>`, so a `Grid` (readonly transform) is
 * accepted by `pool.run` as is.
 *
 * @example
 * ```ts
 * const floodInputSchema = z.object({ dem: gridSchema('float32'), levelMetres: z.number().finite() });
 * ```
 */
export function gridSchema<Name extends GridDataType>(dataType: Name): z.ZodType<Grid<GridArrayOf[Name]>, Grid<GridArrayOf[Name]>> {
  const arrayType = ARRAY_TYPES[dataType];
  if (!arrayType) throw new JumeauError('input', `Unknown grid data type "${String(dataType)}" (${Object.keys(ARRAY_TYPES).join(', ')})`);
  const schema = gridMetadataSchema
    .extend({
      data: z.custom<GridArrayOf[Name]>((value) => value instanceof arrayType, { message: `expected a ${arrayType.name} (${dataType})` }),
    })
    .refine((grid) => grid.data.length === grid.width * grid.height, {
      message: 'data must hold width × height values',
      path: ['data'],
    });
  return schema as unknown as z.ZodType<Grid<GridArrayOf[Name]>, Grid<GridArrayOf[Name]>>;
}

/**
 * zod schema of an Apache Arrow `Table` (a feature table, an attribute table) as a task input. Accepts tables
 * of any copy of apache-arrow (the check is `Table.isTable`, not `instanceof`).
 *
 * @example
 * ```ts
 * const zonalInputSchema = z.object({ zones: arrowTableSchema, values: gridSchema('float32') });
 * ```
 */
export const arrowTableSchema: z.ZodType<Table, Table> = z.custom<Table>((value) => Table.isTable(value), {
  message: 'expected an Apache Arrow Table',
});
