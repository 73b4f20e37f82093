import { z } from 'zod';

const linkSchema = z.looseObject({ href: z.string(), rel: z.string().optional(), type: z.string().optional() });

/** The page envelope shared by WFS `application/json` (GeoServer, MapServer) and OGC API Features items. */
export const geoJsonPageSchema = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.looseObject({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).nullable().optional(),
      geometry: z.looseObject({ type: z.string() }).nullable(),
      properties: z.record(z.string(), z.unknown()).nullable().optional(),
    }),
  ),
  numberMatched: z.number().int().nonnegative().optional(),
  numberReturned: z.number().int().nonnegative().optional(),
  totalFeatures: z.union([z.number(), z.string()]).optional(),
  links: z.array(linkSchema).optional(),
  crs: z
    .looseObject({ properties: z.looseObject({ name: z.string() }).optional() })
    .nullable()
    .optional(),
});

/** One GeoJSON page as validated. */
export type GeoJsonPage = z.output<typeof geoJsonPageSchema>;

/** One feature of a page. */
export type GeoJsonPageFeature = GeoJsonPage['features'][number];

/** A link of an OGC API / STAC response. */
export type ApiLink = z.output<typeof linkSchema>;

export { linkSchema };

/** Progress of a paged download. */
export interface FeatureProgress {
  readonly featuresLoaded: number;
  /** Total announced by the server (`numberMatched`), when it says. */
  readonly featuresMatched: number | undefined;
  readonly pagesLoaded: number;
}
