/**
 * A Géoplateforme-shaped server on 127.0.0.1 for the online-bundle tests, answering from real data in the shared
 * folder: WFS 2.0 GetCapabilities (IGN's recorded FeatureTypeList) and GetFeature in GeoJSON with COUNT/STARTINDEX,
 * BBOX and an FES `PropertyIsEqualTo` filter (ADMIN EXPRESS 2018 communes of Charente-Maritime, Oléron BD TOPO
 * buildings, served in Lambert-93); WMS 1.3.0 GetCapabilities (IGN's recorded document) and GetMap image/geotiff
 * (the Oléron 20 m DEM sampled at each pixel centre, −99999 outside it).
 */
import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reproject, writeCOG } from '@jumeau/convert';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import { type Grid, createGrid } from '@jumeau/core';
import { sharedPath } from '@jumeau/core/node';

/** A served GeoJSON feature in Lambert-93 with its bbox. */
export interface ServedFeature {
  readonly type: 'Feature';
  readonly geometry: { readonly type: string; readonly coordinates: unknown };
  readonly properties: Record<string, unknown>;
  readonly bbox: readonly [number, number, number, number];
}

export interface GeoplateformeServer {
  readonly url: string;
  /** Every request, as `SERVICE REQUEST TYPENAMES|LAYERS`. */
  readonly requests: string[];
  readonly communes: readonly ServedFeature[];
  readonly buildings: readonly ServedFeature[];
  readonly dem: Grid;
  /** The next `count` requests answer `status` (503, 429…). */
  failNext(count: number, status: number): void;
  /** Serve communes with the later ADMIN EXPRESS names (`code_insee`, `nom_officiel`…) instead of `insee_com`, `nom`. */
  useLaterCommuneNames(later: boolean): void;
  /** Requests whose description matches answer 400 from now on (null: none). */
  refuse(pattern: RegExp | null): void;
  close(): Promise<void>;
}

function toLambert93(coordinates: unknown): unknown {
  if (!Array.isArray(coordinates)) return coordinates;
  if (typeof coordinates[0] === 'number') return [...reproject(Float64Array.of(coordinates[0], coordinates[1] as number), 4326, 2154)];
  return coordinates.map(toLambert93);
}

function boundsOf(coordinates: unknown, bounds = [Infinity, Infinity, -Infinity, -Infinity]): [number, number, number, number] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
    bounds[0] = Math.min(bounds[0] as number, coordinates[0]);
    bounds[1] = Math.min(bounds[1] as number, coordinates[1] as number);
    bounds[2] = Math.max(bounds[2] as number, coordinates[0]);
    bounds[3] = Math.max(bounds[3] as number, coordinates[1] as number);
  } else if (Array.isArray(coordinates)) for (const item of coordinates) boundsOf(item, bounds);
  return bounds as [number, number, number, number];
}

interface SourceFeature {
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

function loadFeatures(
  path: string,
  keep: (feature: SourceFeature) => boolean,
  properties: (feature: SourceFeature) => Record<string, unknown>,
) {
  const collection = JSON.parse(readFileSync(path, 'utf8')) as { features: SourceFeature[] };
  return collection.features.filter(keep).map((feature): ServedFeature => {
    const coordinates = toLambert93(feature.geometry.coordinates);
    return {
      type: 'Feature',
      geometry: { type: feature.geometry.type, coordinates },
      properties: properties(feature),
      bbox: boundsOf(coordinates),
    };
  });
}

/** Loads the shared data once (Charente-Maritime communes, Oléron buildings, the Oléron DEM). */
export async function loadServedData() {
  const communes = loadFeatures(
    sharedPath('data', 'admin-express-2018-geojson', 'communes-france-simplified.geojson'),
    (feature) => String(feature.properties.code).startsWith('17'),
    (feature) => ({ insee_com: feature.properties.code, nom: feature.properties.nom, insee_dep: '17' }),
  );
  const buildings = loadFeatures(
    sharedPath('data', 'oleron', 'geojson', 'oleron_bati_bdtopo2015_sbn_points.geojson'),
    () => true,
    (feature) => ({
      cleabs: feature.properties.id_bdtopo,
      hauteur: feature.properties.hauteur,
      usage_1: 'Indifférencié',
      nombre_de_logements: null,
    }),
  );
  const dem = await readGeoTIFFFile(sharedPath('data', 'oleron', 'dem_20m_ngf_l93.tif'));
  return { communes, buildings, dem };
}

/** The DEM value under a Lambert-93 point (nearest cell), −99999 outside or on nodata. */
export function sampleDem(dem: Grid, x: number, y: number): number {
  const [originX, cellWidth, , originY, , cellHeight] = dem.transform;
  const column = Math.floor((x - originX) / cellWidth);
  const row = Math.floor((y - originY) / cellHeight);
  if (column < 0 || row < 0 || column >= dem.width || row >= dem.height) return -99999;
  const value = Number(dem.data[row * dem.width + column]);
  return value === dem.nodata ? -99999 : value;
}

const intersects = (a: readonly number[], b: readonly number[]) =>
  (a[0] as number) <= (b[2] as number) &&
  (b[0] as number) <= (a[2] as number) &&
  (a[1] as number) <= (b[3] as number) &&
  (b[1] as number) <= (a[3] as number);

const LATER_NAMES: Readonly<Record<string, string>> = {
  insee_com: 'code_insee',
  nom: 'nom_officiel',
  insee_dep: 'code_insee_du_departement',
};

function renamed(feature: ServedFeature): ServedFeature {
  const properties = Object.fromEntries(Object.entries(feature.properties).map(([key, value]) => [LATER_NAMES[key] ?? key, value]));
  return { ...feature, properties };
}

function getFeature(parameters: URLSearchParams, data: Awaited<ReturnType<typeof loadServedData>>, laterNames: boolean) {
  const typeName = parameters.get('TYPENAMES') ?? '';
  const communes = laterNames ? data.communes.map(renamed) : data.communes;
  let features: readonly ServedFeature[] = /:commune$/.test(typeName) ? communes : /:batiment$/.test(typeName) ? data.buildings : [];
  const bbox = parameters.get('BBOX')?.split(',').slice(0, 4).map(Number);
  if (bbox) features = features.filter((feature) => intersects(feature.bbox, bbox));
  const filter = parameters.get('FILTER');
  if (filter) {
    const property = /<fes:ValueReference>([^<]+)</.exec(filter)?.[1] ?? '';
    const literal = /<fes:Literal>([^<]*)</.exec(filter)?.[1] ?? '';
    if (features[0] && !(property in features[0].properties)) return undefined; // GeoServer: 400, unknown property
    features = features.filter((feature) => String(feature.properties[property]) === literal);
  }
  const start = Number(parameters.get('STARTINDEX') ?? 0);
  const page = features.slice(start, start + Number(parameters.get('COUNT') ?? 1000));
  return {
    type: 'FeatureCollection',
    numberMatched: features.length,
    numberReturned: page.length,
    features: page.map(({ type, geometry, properties }) => ({ type, geometry, properties })),
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
  };
}

async function getMap(parameters: URLSearchParams, dem: Grid): Promise<Uint8Array> {
  const [minX, minY, maxX, maxY] = (parameters.get('BBOX') ?? '').split(',').map(Number) as [number, number, number, number];
  const width = Number(parameters.get('WIDTH'));
  const height = Number(parameters.get('HEIGHT'));
  const cellWidth = (maxX - minX) / width;
  const cellHeight = (maxY - minY) / height;
  const data = new Float32Array(width * height);
  for (let row = 0; row < height; row += 1)
    for (let column = 0; column < width; column += 1)
      data[row * width + column] = sampleDem(dem, minX + (column + 0.5) * cellWidth, maxY - (row + 0.5) * cellHeight);
  const grid = createGrid({ width, height, transform: [minX, cellWidth, 0, maxY, 0, -cellHeight], crs: 2154, nodata: -99999, data });
  return writeCOG(grid);
}

async function parametersOf(request: IncomingMessage): Promise<URLSearchParams> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const parameters = new URLSearchParams();
  for (const [key, value] of url.searchParams) parameters.set(key.toUpperCase(), value);
  if (request.method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) parameters.set(key.toUpperCase(), value);
  }
  return parameters;
}

/**
 * Starts the server on a free port of 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startGeoplateformeServer()
 * process.env.JUMEAU_GEOPLATEFORME_URL = server.url
 * ```
 */
export async function startGeoplateformeServer(): Promise<GeoplateformeServer> {
  const data = await loadServedData();
  const requests: string[] = [];
  let failures = { count: 0, status: 503 };
  let refused: RegExp | null = null;
  let laterNames = false;
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const parameters = await parametersOf(request);
    const service = parameters.get('SERVICE') ?? '';
    const operation = parameters.get('REQUEST') ?? '';
    const description = `${service} ${operation} ${parameters.get('TYPENAMES') ?? parameters.get('LAYERS') ?? ''}`.trim();
    requests.push(description);
    if (refused?.test(description)) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('refused by the test');
      return;
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      response.writeHead(failures.status, { 'content-type': 'text/plain', 'retry-after': '0' }).end('busy');
      return;
    }
    const fixture = (folder: string) =>
      readFileSync(sharedPath('fixtures', 'geoplateforme', folder, `getcapabilities${folder === 'wfs' ? '-featuretypelist' : ''}.xml`));
    if (operation === 'GetCapabilities') {
      response.writeHead(200, { 'content-type': 'text/xml' }).end(fixture(service === 'WFS' ? 'wfs' : 'wms-r'));
    } else if (operation === 'GetFeature') {
      const page = getFeature(parameters, data, laterNames);
      if (page) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
      else response.writeHead(400, { 'content-type': 'text/plain' }).end('Illegal property name');
    } else if (operation === 'GetMap') {
      response.writeHead(200, { 'content-type': 'image/geotiff' }).end(await getMap(parameters, data.dem));
    } else response.writeHead(400, { 'content-type': 'text/plain' }).end(`unsupported ${operation}`);
  };
  const server: Server = createServer((request, response) => {
    answer(request, response).catch((error: Error) => response.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    ...data,
    failNext(count, status) {
      failures = { count, status };
    },
    useLaterCommuneNames(later) {
      laterNames = later;
    },
    refuse(pattern) {
      refused = pattern;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
