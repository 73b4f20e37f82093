import { z } from 'zod';
import { GRID_DATA_TYPES } from './data-types.js';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** zod schema of a GDAL-order affine transform: six finite numbers, non-degenerate. */
export const geoTransformSchema = z
  .tuple([finite, finite, finite, finite, finite, finite])
  .refine(([, a, b, , d, e]) => a * e - b * d !== 0, { message: 'the transform is degenerate (determinant 0)' });

/** zod schema of the metadata of a grid (everything but `data`). */
export const gridMetadataSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  transform: geoTransformSchema,
  crs: z.number().int().positive(),
  nodata: z.union([z.number(), z.nan()]).nullable().default(null),
  verticalDatum: z.string().min(1).nullable().default(null),
  units: z.string().min(1).nullable().default(null),
});

/** zod schema of the metadata stored in an Arrow IPC grid (`jumeau:grid` schema metadata). */
export const gridArrowMetadataSchema = gridMetadataSchema.extend({
  version: z.literal(1),
  dataType: z.enum(GRID_DATA_TYPES as [string, ...string[]]),
  nodata: z.union([z.number(), z.literal('NaN'), z.null()]),
});
