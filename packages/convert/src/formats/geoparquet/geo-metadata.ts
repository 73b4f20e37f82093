import { JumeauError, hasCrs, parseCrs, validate } from '@jumeau/core';
import { z } from 'zod';
import { PROJJSON_BY_EPSG } from './projjson.generated.js';

/** GeoParquet geometry encodings (1.0: WKB; 1.1 adds the native GeoArrow ones). */
export type GeoParquetEncoding = 'WKB' | 'point' | 'linestring' | 'polygon' | 'multipoint' | 'multilinestring' | 'multipolygon';

const columnSchema = z.looseObject({
  encoding: z.enum(['WKB', 'point', 'linestring', 'polygon', 'multipoint', 'multilinestring', 'multipolygon'], {
    error: 'encoding must be WKB or a GeoArrow native encoding (point, linestring, polygon, multi…)',
  }),
  geometry_types: z.array(z.string()),
  crs: z.union([z.looseObject({}), z.null()]).optional(),
  bbox: z.array(z.number()).optional(),
  edges: z.enum(['planar', 'spherical']).optional(),
  /** GeoParquet 1.1: a struct column holding each row's bounding box, for row-group skipping. */
  covering: z
    .looseObject({
      bbox: z
        .object({
          xmin: z.array(z.string()).length(2),
          ymin: z.array(z.string()).length(2),
          xmax: z.array(z.string()).length(2),
          ymax: z.array(z.string()).length(2),
        })
        .optional(),
    })
    .optional(),
});

/** The `geo` key of a GeoParquet file's metadata (GeoParquet 1.0 / 1.1 specification). */
export const geoMetadataSchema = z.looseObject({
  version: z.string(),
  primary_column: z.string().min(1),
  columns: z.record(z.string(), columnSchema),
});

/** A GeoParquet `geo` metadata document, validated. */
export type GeoMetadata = z.infer<typeof geoMetadataSchema>;
/** One geometry column's entry of the `geo` metadata. */
export type GeoColumnMetadata = z.infer<typeof columnSchema>;

/** Parses and validates the `geo` metadata text; `format` naming the problem otherwise. */
export function parseGeoMetadata(text: string | undefined): GeoMetadata {
  if (text === undefined) throw new JumeauError('format', 'Not a GeoParquet file: the Parquet metadata has no "geo" key');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new JumeauError('format', 'GeoParquet "geo" metadata is not valid JSON', { cause });
  }
  return validate(geoMetadataSchema, json, 'GeoParquet "geo" metadata', 'format');
}

/**
 * The EPSG code of a column's `crs`: absent means OGC:CRS84 (longitude, latitude: EPSG:4326 in Jumeau's
 * longitude-first buffers); a PROJJSON object is read from its `id` (or `ids`); `null` (unknown CRS) and CRSs
 * outside the registry need `fallback`. Throws `crs` naming the CRS otherwise.
 */
export function epsgOfGeoColumn(column: GeoColumnMetadata, fallback: number | undefined): number {
  if (column.crs === undefined) return 4326;
  if (column.crs === null) {
    if (fallback !== undefined) return parseCrs(fallback);
    throw new JumeauError('crs', 'The GeoParquet column declares an unknown CRS (crs: null): give options.crs');
  }
  const crs = column.crs as {
    id?: { authority?: unknown; code?: unknown };
    ids?: { authority?: unknown; code?: unknown }[];
    name?: unknown;
  };
  const identifiers = [crs.id, ...(crs.ids ?? [])].filter((id) => id !== undefined);
  for (const id of identifiers) {
    const authority = String(id.authority ?? '').toUpperCase();
    if (authority === 'OGC' && String(id.code).toUpperCase() === 'CRS84') return 4326;
    const code = Number(id.code);
    if (authority === 'EPSG' && Number.isInteger(code) && hasCrs(code)) return code;
  }
  if (fallback !== undefined) return parseCrs(fallback);
  const named = identifiers.map((id) => `${String(id.authority)}:${String(id.code)}`).join(', ') || String(crs.name ?? 'a PROJJSON CRS');
  throw new JumeauError('crs', `The GeoParquet CRS ${named} is not in Jumeau's registry: give options.crs or register it`, {
    details: { crs: named },
  });
}

/**
 * The PROJJSON GeoParquet asks for: omitted for EPSG:4326 (the default OGC:CRS84, longitude first), PROJ's own
 * PROJJSON for the registry's CRSs, else a minimal object carrying the EPSG `id` and name.
 */
export function projJsonOf(epsg: number, name: string): Record<string, unknown> | undefined {
  if (epsg === 4326) return undefined;
  return PROJJSON_BY_EPSG[epsg] ?? { type: 'ProjectedCRS', name, id: { authority: 'EPSG', code: epsg } };
}
