/**
 * Loads a territory in the browser, in the page or in a worker (the app parses the files in its worker): the
 * manifest (zod), then every file it names, fetched from the server and parsed with the @jumeau packages
 * (GeoTIFF/COG → Grid, GeoJSON or Arrow IPC → FeatureTable, INSEE CSV → cells, LISFLOOD-FP boundary series → reference level).
 */
import { type FeatureTable, type Grid, JumeauError, featureTableFromGeoJSON, featureTableFromIPC } from '@jumeau/core';
import { readGeoTIFF } from '@jumeau/convert';
import {
  type PopulationCells,
  type TransectRates,
  computeShorelineRates,
  peakBoundaryLevel,
  readInseeGridCells,
  readLisfloodBoundary,
  readMobiTCIntersections,
} from '@jumeau/simulate';
import { type TerritoryManifest, parseTerritoryManifest } from './manifest.js';

/** A territory ready for the app. */
export interface Territory {
  readonly manifest: TerritoryManifest;
  readonly dem: Grid;
  readonly communes: FeatureTable;
  /** Null when the manifest names no population (online bundles): people are then not available. */
  readonly population: PopulationCells | null;
  readonly buildings: FeatureTable;
  readonly defences: FeatureTable | null;
  readonly equipment: FeatureTable | null;
  /** Peak of the reference storm's water levels (m of the DEM's datum), null without forcing. */
  readonly referenceLevelMetres: number | null;
  /** Shoreline-change rates per transect (MobiTC), null without shoreline data. */
  readonly shorelineRates: TransectRates[] | null;
}

async function fetchOrThrow(url: URL, what: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (error) {
    throw new JumeauError('network', `Impossible de charger ${what} (${url.pathname}) : ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {}
    throw new JumeauError('http', `${what} : HTTP ${response.status} — ${message}`, {
      details: { url: url.href, status: response.status },
    });
  }
  return response;
}

/** The manifest's nodata, when given, overrides the file's (some DEMs carry none). */
function withManifestNodata(dem: Grid, nodata: number | undefined): Grid {
  return nodata === undefined ? dem : { ...dem, nodata };
}

async function readFeatures(
  base: URL,
  entry: { path: string; format: 'geojson' | 'gpkg' | 'arrow' },
  what: string,
  signal?: AbortSignal,
): Promise<FeatureTable> {
  if (entry.format === 'gpkg') {
    throw new JumeauError(
      'unsupported',
      `${what} : GeoPackage n’est pas lu dans le navigateur ; servez le territoire avec le serveur de l’exemple (qui le convertit) ou convertissez-le (ogr2ogr -f GeoJSON -t_srs EPSG:4326 sortie.geojson ${entry.path})`,
    );
  }
  const response = await fetchOrThrow(new URL(entry.path, base), what, signal);
  if (entry.format === 'arrow') return featureTableFromIPC(new Uint8Array(await response.arrayBuffer()));
  return featureTableFromGeoJSON(await response.json());
}

/**
 * Fetches and validates the manifest at `manifestUrl`; throws a `JumeauError` (`format`) naming the bad field.
 *
 * @example
 * ```ts
 * const manifest = await loadManifest(new URL('bundle/territory.json', location.href))
 * ```
 */
export async function loadManifest(manifestUrl: URL, signal?: AbortSignal): Promise<TerritoryManifest> {
  const response = await fetchOrThrow(manifestUrl, 'le manifeste du territoire', signal);
  return parseTerritoryManifest(await response.json());
}

/**
 * Loads the DEM of a manifest (GeoTIFF/COG; the manifest's nodata, when given, overrides the file's).
 *
 * @example
 * ```ts
 * const dem = await loadDem(manifest, new URL('bundle/territory.json', location.href))
 * ```
 */
export async function loadDem(manifest: TerritoryManifest, manifestUrl: URL, signal?: AbortSignal): Promise<Grid> {
  const response = await fetchOrThrow(new URL(manifest.dem.path, manifestUrl), 'le MNT', signal);
  return withManifestNodata(await readGeoTIFF(new Uint8Array(await response.arrayBuffer())), manifest.dem.nodata);
}

/**
 * Loads every file of a manifest (paths relative to `manifestUrl`), in parallel.
 *
 * @example
 * ```ts
 * const territory = await loadTerritory(manifest, new URL('bundle/territory.json', location.href))
 * territory.dem.width // 631 for Oléron
 * ```
 */
export async function loadTerritory(manifest: TerritoryManifest, manifestUrl: URL, signal?: AbortSignal): Promise<Territory> {
  const text = async (path: string, what: string) => (await fetchOrThrow(new URL(path, manifestUrl), what, signal)).text();
  const [dem, communes, population, buildings, defences, equipment, referenceLevelMetres, shorelineRates] = await Promise.all([
    loadDem(manifest, manifestUrl, signal),
    readFeatures(manifestUrl, manifest.communes, 'les communes', signal),
    manifest.population
      ? text(manifest.population.path, 'la population').then((csv) =>
          readInseeGridCells(csv, { quantities: { people: manifest.population?.peopleColumn ?? 'ind' } }),
        )
      : null,
    readFeatures(manifestUrl, manifest.buildings, 'les bâtiments', signal),
    manifest.defences ? readFeatures(manifestUrl, manifest.defences, 'les défenses côtières', signal) : null,
    manifest.equipment ? readFeatures(manifestUrl, manifest.equipment, 'les équipements', signal) : null,
    manifest.forcing ? text(manifest.forcing.path, 'le forçage').then((bdy) => peakBoundaryLevel(readLisfloodBoundary(bdy))) : null,
    manifest.shoreline
      ? text(manifest.shoreline.path, 'le trait de côte').then((table) => computeShorelineRates(readMobiTCIntersections(table)))
      : null,
  ]);
  return { manifest, dem, communes, population, buildings, defences, equipment, referenceLevelMetres, shorelineRates };
}
