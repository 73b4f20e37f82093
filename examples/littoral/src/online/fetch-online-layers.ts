import type { HttpClient } from '@jumeau/catalog';
import { reproject } from '@jumeau/convert';
import { type Grid, JumeauError } from '@jumeau/core';
import { describeFailure } from './describe-failure.js';
import {
  BUILDING_LAYER_PATTERNS,
  COMMUNE_LAYER_PATTERNS,
  ELEVATION_LAYER_PATTERNS,
  fetchWfsCapabilities,
  fetchWmsCapabilities,
  pickLayer,
} from './discover-layers.js';
import { demResolutionMetres, fetchDem } from './fetch-dem.js';
import { type LonLatCollection, fetchBboxFeatures } from './fetch-features.js';
import type { OnlineEndpoints } from './online-endpoints.js';
import { type ResolvedCommune, communeIdentity, resolveCommune } from './resolve-commune.js';

/** Everything fetched for one commune. */
export interface OnlineLayers {
  readonly commune: ResolvedCommune;
  readonly communeLayer: string;
  readonly dem: Grid;
  readonly demLayer: string;
  readonly buildings: LonLatCollection;
  readonly buildingLayer: string | null;
  readonly communes: LonLatCollection;
  readonly view: { readonly longitude: number; readonly latitude: number; readonly zoom: number };
  /** Non-essential fetches that failed, one sentence each (naming the host). */
  readonly failures: readonly string[];
}

interface FetchOptions {
  readonly communeCode: string;
  readonly resolutionMetres?: number;
  readonly maximumTilePixels?: number;
  readonly progress: (message: string) => void;
}

/** Most cells asked of the WMS for one commune (the resolution is coarsened beyond). */
const MAXIMUM_DEM_CELLS = 16_000_000;

/** Runs `task`; on failure, a `network` JumeauError whose message names what and which host (no stack trace). */
async function essential<T>(what: string, endpoint: string, code: string, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof JumeauError && error.code === 'input' && /Aucune commune/.test(error.message)) throw error;
    throw new JumeauError(
      'network',
      `Impossible de construire le territoire de la commune ${code} — ${describeFailure(what, endpoint, error)}`,
      {
        cause: error,
        details: { code, endpoint },
      },
    );
  }
}

/**
 * Fetches the commune and the DEM (essential: a failure throws a clear `network` JumeauError), then the buildings
 * and neighbouring communes (a failure is listed in `failures`, the bundle is still written).
 *
 * @example
 * ```ts
 * const layers = await fetchOnlineLayers(http, resolveOnlineEndpoints(), { communeCode: '17286', progress: console.log })
 * ```
 */
export async function fetchOnlineLayers(http: HttpClient, endpoints: OnlineEndpoints, options: FetchOptions): Promise<OnlineLayers> {
  const code = options.communeCode;
  options.progress(`Commune ${code} : ADMIN EXPRESS (${new URL(endpoints.wfs).host})…`);
  const { capabilities, communeLayer, commune } = await essential('commune (ADMIN EXPRESS, WFS)', endpoints.wfs, code, async () => {
    const capabilities = await fetchWfsCapabilities(http, endpoints.wfs);
    const communeLayer = pickLayer(capabilities.layers, COMMUNE_LAYER_PATTERNS, 'communes ADMIN EXPRESS', endpoints.wfs);
    return { capabilities, communeLayer, commune: await resolveCommune(http, endpoints.wfs, communeLayer, code) };
  });
  options.progress(`Commune ${code} : ${commune.name} ; MNT RGE ALTI (${new URL(endpoints.wmsRaster).host})…`);
  const { dem, demLayer } = await essential('MNT (RGE ALTI, WMS-R)', endpoints.wmsRaster, code, () =>
    fetchCommuneDem(http, endpoints, commune, options),
  );
  const failures: string[] = [];
  options.progress(`Commune ${code} : bâtiments BD TOPO…`);
  const buildingResult = await optional(failures, 'bâtiments (BD TOPO, WFS)', endpoints.wfs, async () => {
    const layer = pickLayer(capabilities.layers, BUILDING_LAYER_PATTERNS, 'bâtiments BD TOPO', endpoints.wfs);
    const keep = ['hauteur', 'nombre_de_logements', 'usage_1'];
    return {
      layer,
      collection: await fetchBboxFeatures(http, endpoints.wfs, { typeName: layer, bboxLambert93: commune.bboxLambert93, keep }),
    };
  });
  const communes = await optional(failures, 'communes voisines (ADMIN EXPRESS, WFS)', endpoints.wfs, async () => {
    const collection = await fetchBboxFeatures(http, endpoints.wfs, { typeName: communeLayer, bboxLambert93: commune.bboxLambert93 });
    const features = collection.features.map((feature) => ({ ...feature, properties: communeIdentity(feature.properties) }));
    return { type: 'FeatureCollection' as const, features };
  });

  const communeCollection = communes ?? communeAlone(commune);
  return {
    commune,
    communeLayer,
    dem,
    demLayer,
    buildings: buildingResult?.collection ?? { type: 'FeatureCollection', features: [] },
    buildingLayer: buildingResult?.layer ?? null,
    communes: communeCollection,
    view: viewOf(commune.bboxLambert93),
    failures,
  };
}

async function optional<T>(failures: string[], what: string, endpoint: string, task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (error) {
    failures.push(describeFailure(what, endpoint, error));
    return undefined;
  }
}

async function fetchCommuneDem(http: HttpClient, endpoints: OnlineEndpoints, commune: ResolvedCommune, options: FetchOptions) {
  const capabilities = await fetchWmsCapabilities(http, endpoints.wmsRaster);
  const demLayer = pickLayer(capabilities.layers, ELEVATION_LAYER_PATTERNS, 'altitudes RGE ALTI', endpoints.wmsRaster);
  const [minX, minY, maxX, maxY] = commune.bboxLambert93;
  const area = (maxX - minX) * (maxY - minY);
  let resolutionMetres = options.resolutionMetres ?? demResolutionMetres(area);
  while (area / (resolutionMetres * resolutionMetres) > MAXIMUM_DEM_CELLS) resolutionMetres *= 2;
  const serverMaximum = Math.min(capabilities.maximumWidthPixels ?? 10_000, capabilities.maximumHeightPixels ?? 10_000);
  const maximumTilePixels = Math.min(options.maximumTilePixels ?? 2048, serverMaximum);
  const dem = await fetchDem(http, endpoints.wmsRaster, {
    layer: demLayer,
    bboxLambert93: commune.bboxLambert93,
    resolutionMetres,
    maximumTilePixels,
  });
  if (!(dem.data as Float32Array).some((value) => value !== dem.nodata))
    throw new JumeauError('format', `${demLayer} n’a aucune altitude sur l’emprise de ${commune.name} (tout en « sans donnée »)`);
  return { dem, demLayer };
}

/** The commune by itself, when its neighbours could not be fetched (its geometry is already here). */
function communeAlone(commune: ResolvedCommune): LonLatCollection {
  const mapped = mapPositions(commune.geometry.coordinates);
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: commune.geometry.type, coordinates: mapped },
        properties: { insee_com: commune.code, nom: commune.name },
      },
    ],
  };
}

/** Lambert-93 → longitude/latitude for every position of a GeoJSON coordinates array. */
function mapPositions(coordinates: unknown): unknown {
  if (!Array.isArray(coordinates)) return coordinates;
  if (typeof coordinates[0] === 'number') {
    const [longitude, latitude] = reproject(Float64Array.of(coordinates[0], coordinates[1] as number), 2154, 4326);
    return [longitude, latitude];
  }
  return coordinates.map(mapPositions);
}

/** The camera over the commune: its bbox centre, a zoom that fits its width. */
function viewOf(bbox: readonly [number, number, number, number]) {
  const [longitude = 0, latitude = 0] = reproject(Float64Array.of((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2), 2154, 4326);
  const spanMetres = Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1], 500);
  const zoom = Math.round(Math.log2((40_075_016 * Math.cos((latitude * Math.PI) / 180)) / spanMetres) * 10) / 10;
  return { longitude, latitude, zoom: Math.min(16, Math.max(8, zoom)) };
}
