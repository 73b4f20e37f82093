import { validate } from '@jumeau/core';
import { z } from 'zod';

/**
 * A territory bundle: the small manifest the coastal twin reads to know which files make a territory, in which CRS,
 * under which licence, with which approximations. Nothing is copied: the server resolves every `path` itself.
 *
 * Paths:
 * - `shared:<folder>/<file>` is relative to the shared data folder (`../shared/data` beside the repository, or
 *   `$JUMEAU_SHARED_DIR/data`), found as `sharedDataPath` of `@jumeau/core/node` finds it (a file missing there is reported, not thrown);
 * - any other path is relative to the folder of the manifest file (absolute paths are allowed too).
 * The browser never sees these paths: the server publishes each file as `/bundle/files/<name>`, where `<name>` is
 * the manifest key (`dem`, `communes`, `population`, `buildings`, `defences`, `equipment`, `forcing`, `shoreline`),
 * and refuses every other name.
 */

const crsSchema = z.string().regex(/^EPSG:\d{4,5}$/, 'expected "EPSG:<code>"');

/** Where a dataset comes from and under which terms: shown to the user next to every number it feeds. */
const sourceSchema = z.object({
  /** Producer and product, e.g. "IGN — BD TOPO 2015 (via LittoSIM)". */
  producer: z.string().min(1),
  /** Licence, e.g. "Licence Ouverte 2.0" or "CC BY-SA 4.0". */
  licence: z.string().min(1),
  /** Date or vintage of the data, free text ("2015", "2021-01-01", "28/02/2010"). */
  date: z.string().min(1),
  /** Known approximations the user must be told about (e.g. "positions ±24 m × ±35 m"). */
  caveats: z.array(z.string()).default([]),
  /** A link to the source or its provenance file. */
  url: z.string().optional(),
});

/**
 * Vector file formats: GeoJSON, GeoPackage (converted by the server, browsers do not read it), or Arrow IPC with a
 * GeoArrow geometry column (`featureTableToIPC` of @jumeau/core) — what the server sends the browser for every
 * vector file, converted once at start, so that the page's worker does not parse 9 MB of GeoJSON.
 */
const vectorFormatSchema = z.enum(['geojson', 'gpkg', 'arrow']);

const fileSchema = z.object({ path: z.string().min(1), crs: crsSchema, source: sourceSchema });

/** The territory manifest, as written in `territory.json`. */
export const territoryManifestSchema = z.object({
  /** Manifest format version: 1. */
  version: z.literal(1),
  /** Short identifier, e.g. "oleron" or "17286". */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Name shown to the user, e.g. "Île d’Oléron (sud et centre)". */
  name: z.string().min(1),
  /** Terrain: a GeoTIFF/COG of ground (and sea-bottom) heights in metres above the vertical datum. */
  dem: fileSchema.extend({
    verticalDatum: z.string().default('NGF-IGN69'),
    nodata: z.number().optional(),
    /** The DEM's nodata cells are sea (a land-only DEM such as RGE ALTI): the water enters through them too. */
    nodataIsSea: z.boolean().default(false),
  }),
  /** Communes (polygons) with an INSEE code column and a name column. */
  communes: fileSchema.extend({ idColumn: z.string().min(1), nameColumn: z.string().min(1), format: vectorFormatSchema }),
  /**
   * Resident population on INSEE's 200 m grid (Filosofi CSV with x_ll_3035/y_ll_3035 or idcar_200m and `ind`);
   * optional: without it (online bundles) the app counts buildings and area and says people are not available.
   */
  population: fileSchema.extend({ format: z.literal('insee-filosofi-csv'), peopleColumn: z.string().default('ind') }).optional(),
  /** Buildings as points or polygons, with a height column in metres (0 or missing = unknown). */
  buildings: fileSchema.extend({
    format: vectorFormatSchema,
    layer: z.string().optional(),
    heightColumn: z.string().optional(),
    /** Default height in metres when the height is unknown. */
    defaultHeightMetres: z.number().positive().default(6),
  }),
  /** Coastal defences (lines) with a crest-altitude column in metres of the vertical datum; optional. */
  defences: fileSchema.extend({ format: vectorFormatSchema, crestColumn: z.string().min(1) }).optional(),
  /** Public buildings and equipment (points or polygons) counted apart; optional. */
  equipment: fileSchema.extend({ format: vectorFormatSchema, kindColumn: z.string().optional() }).optional(),
  /** The reference storm's water levels: a LISFLOOD-FP boundary series (.bdy) whose peak is the reference level. */
  forcing: z
    .object({
      path: z.string().min(1),
      format: z.literal('lisflood-bdy'),
      /** Name of the event, e.g. "Xynthia (28 février 2010)". */
      event: z.string().min(1),
      source: sourceSchema,
    })
    .optional(),
  /**
   * Dated shorelines on transects for the retreat by horizon: Cerema MobiTC's intersection table (`…-IntersTDC-v1.txt`,
   * tab-separated: NAxe, NTrace, Xsque, Ysque, U, V, Distance, date1, date2, incert), in `crs`; optional.
   */
  shoreline: fileSchema
    .extend({
      format: z.literal('mobitc-intersections'),
      /** The rate that moves the shoreline: `end-point` (French PPRL practice, default), or a least-squares fit. */
      method: z.enum(['end-point', 'ordinary-least-squares', 'weighted-least-squares']).default('end-point'),
      /** `Lmax` of the PPRL guide: extra retreat for a major event, metres (default 0). */
      majorEventRetreatMetres: z.number().min(0).max(1000).default(0),
    })
    .optional(),
  /** The initial camera: longitude, latitude (degrees), zoom, pitch, bearing. */
  view: z
    .object({
      longitude: z.number(),
      latitude: z.number(),
      zoom: z.number(),
      pitch: z.number().default(50),
      bearing: z.number().default(0),
    })
    .optional(),
  /** What the online builder could not find (shown to the user instead of failing obscurely). */
  missing: z.array(z.string()).default([]),
});

/** A validated territory manifest. */
export type TerritoryManifest = z.output<typeof territoryManifestSchema>;

/**
 * Validates a parsed `territory.json`; throws a `JumeauError` (code `format`) naming every problem found.
 *
 * @example
 * ```ts
 * const manifest = parseTerritoryManifest(await (await fetch('/bundle/territory.json')).json())
 * ```
 */
export function parseTerritoryManifest(value: unknown): TerritoryManifest {
  return validate(territoryManifestSchema, value, 'territory manifest', 'format');
}
