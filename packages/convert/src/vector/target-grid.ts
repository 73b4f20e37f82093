import { z } from 'zod';
import {
  JumeauError,
  assertCellCount,
  describeGeometryColumn,
  parseCrs,
  validate,
  type FeatureTable,
  type GeoTransform,
} from '@jumeau/core';

/** A grid's georeference without values: what {@link rasterize} and friends burn onto. */
export interface GridFrame {
  readonly width: number;
  readonly height: number;
  /** GDAL order, in the CRS's units. */
  readonly transform: GeoTransform | readonly number[];
  /** EPSG code (or anything `parseCrs` reads). */
  readonly crs: number | string;
}

const frameSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  transform: z.array(z.number().finite()).length(6),
  crs: z.union([z.number(), z.string()]),
});

/** Validates a target frame, refuses absurd sizes before allocating, and checks the table is in its CRS. */
export function checkFrame(
  frame: GridFrame,
  table: FeatureTable | null,
  what: string,
): { width: number; height: number; transform: GeoTransform; crs: number } {
  const parsed = validate(frameSchema, { width: frame.width, height: frame.height, transform: [...frame.transform], crs: frame.crs }, what);
  assertCellCount(parsed.width, parsed.height, what);
  const crs = parseCrs(parsed.crs);
  if (table) {
    const tableCrs = describeGeometryColumn(table).crs;
    if (tableCrs !== null && tableCrs !== crs) {
      throw new JumeauError('crs', `The features are in EPSG:${tableCrs} but the ${what} is in EPSG:${crs}: reproject the features first`, {
        details: { featuresCrs: tableCrs, gridCrs: crs },
      });
    }
  }
  return { width: parsed.width, height: parsed.height, transform: parsed.transform as unknown as GeoTransform, crs };
}
