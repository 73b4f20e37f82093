/**
 * `serve --online --commune <INSEE>`: builds a territory bundle for any commune from the Géoplateforme (ADMIN
 * EXPRESS and BD TOPO through WFS, RGE ALTI through WMS-R GeoTIFF), cached on disk under `cacheDirectory`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HttpClient, type HttpClientOptions, createHttpClient } from '@jumeau/catalog';
import { writeCOG } from '@jumeau/convert';
import { validate } from '@jumeau/core';
import { z } from 'zod';
import { parseTerritoryManifest } from '../bundle/manifest.js';
import { xynthiaFits } from './choose-forcing.js';
import { createDiskCache } from './disk-cache.js';
import { fetchOnlineLayers, type OnlineLayers } from './fetch-online-layers.js';
import { type OnlineEndpoints, resolveOnlineEndpoints } from './online-endpoints.js';
import { FORCING_MISSING, PERMANENTLY_MISSING, onlineManifest } from './online-manifest.js';

/** Options of {@link buildOnlineBundle}. */
export interface BuildOnlineBundleOptions {
  /** INSEE code, e.g. "17286" (Corsica: "2A004"). */
  readonly communeCode: string;
  /** Root of the cache: HTTP responses in `http/`, the bundle in `<code>/`. */
  readonly cacheDirectory: string;
  readonly onProgress?: (message: string) => void;
  /** Service URLs (default: `$JUMEAU_GEOPLATEFORME_URL`, else @jumeau/catalog's GEOPLATEFORME_ENDPOINTS). */
  readonly endpoints?: Partial<OnlineEndpoints>;
  /** Fetch again even what the cache holds. */
  readonly refresh?: boolean;
  /** Per-request timeout (default 30 s) and retries, passed to @jumeau/catalog's client. */
  readonly timeoutMilliseconds?: number;
  readonly retry?: HttpClientOptions['retry'];
  /** DEM cell size in metres (default: 5–20 m by area) and largest GetMap side (default 2048 px). */
  readonly resolutionMetres?: number;
  readonly maximumTilePixels?: number;
  /** Called for every HTTP request, retry and response (tests count requests with it). */
  readonly onEvent?: HttpClientOptions['onEvent'];
}

/** What {@link buildOnlineBundle} gives back. */
export interface OnlineBundle {
  readonly manifestPath: string;
  /** What could not be had, one sentence each (also in the manifest). */
  readonly missing: string[];
}

const optionsSchema = z.object({
  communeCode: z.string().regex(/^(\d{5}|2[AB]\d{3})$/, 'an INSEE code such as 17286'),
  cacheDirectory: z.string().min(1),
  resolutionMetres: z.number().positive().max(100).optional(),
  maximumTilePixels: z.number().int().min(16).max(10_000).optional(),
  timeoutMilliseconds: z.number().positive().optional(),
});

/** Marks a bundle built without any network failure: it is reused as is. */
const COMPLETE_MARKER = '.complete';

/**
 * Builds (or reuses) the bundle of a commune and returns its manifest path. Throws a `JumeauError` (`network`)
 * naming the host when the essentials (the commune, the DEM) cannot be fetched; other failures end in `missing`.
 *
 * @example
 * ```ts
 * const { manifestPath, missing } = await buildOnlineBundle({ communeCode: '17286', cacheDirectory: '.cache/online' })
 * ```
 */
export async function buildOnlineBundle(options: BuildOnlineBundleOptions): Promise<OnlineBundle> {
  validate(optionsSchema, options, 'buildOnlineBundle options', 'input');
  const directory = join(options.cacheDirectory, options.communeCode);
  const manifestPath = join(directory, 'territory.json');
  const progress = options.onProgress ?? (() => {});
  if (!options.refresh && existsSync(join(directory, COMPLETE_MARKER))) {
    const manifest = parseTerritoryManifest(JSON.parse(await readFile(manifestPath, 'utf8')));
    progress(`Commune ${options.communeCode} : bundle déjà construit (${directory})`);
    return { manifestPath, missing: manifest.missing };
  }
  const endpoints = resolveOnlineEndpoints(options.endpoints);
  const layers = await fetchOnlineLayers(httpClientFor(options), endpoints, { ...options, progress });
  await rm(join(directory, COMPLETE_MARKER), { force: true });
  await mkdir(directory, { recursive: true });
  const missing = await writeBundleFiles(directory, layers, endpoints);
  if (layers.failures.length === 0) await writeFile(join(directory, COMPLETE_MARKER), new Date().toISOString());
  progress(`Commune ${layers.commune.code} (${layers.commune.name}) : bundle écrit dans ${directory}`);
  return { manifestPath, missing };
}

function httpClientFor(options: BuildOnlineBundleOptions): HttpClient {
  const disk = createDiskCache(join(options.cacheDirectory, 'http'));
  // --refresh: nothing is read from the cache, every answer is written to it again.
  const cache = options.refresh ? { get: () => undefined, set: disk.set } : disk;
  return createHttpClient({
    cache,
    timeoutMilliseconds: options.timeoutMilliseconds ?? 30_000,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}

async function writeBundleFiles(directory: string, layers: OnlineLayers, endpoints: OnlineEndpoints): Promise<string[]> {
  const xynthia = xynthiaFits(layers.commune.department, layers.dem);
  const missing = [...layers.failures, ...PERMANENTLY_MISSING, ...(xynthia ? [] : [FORCING_MISSING])];
  const manifest = onlineManifest({
    code: layers.commune.code,
    name: layers.commune.name,
    dateIso: new Date().toISOString().slice(0, 10),
    demLayer: layers.demLayer,
    resolutionMetres: layers.dem.transform[1],
    wmsEndpoint: endpoints.wmsRaster,
    communeLayer: layers.communeLayer,
    buildingLayer: layers.buildingLayer,
    wfsEndpoint: endpoints.wfs,
    xynthia,
    view: layers.view,
    missing,
  });
  const checked = parseTerritoryManifest(manifest);
  await writeFile(join(directory, 'dem.tif'), await writeCOG(layers.dem));
  await writeFile(join(directory, 'communes.geojson'), JSON.stringify(layers.communes));
  await writeFile(join(directory, 'buildings.geojson'), JSON.stringify(layers.buildings));
  await writeFile(join(directory, 'territory.json'), `${JSON.stringify(checked, null, 2)}\n`);
  return missing;
}
