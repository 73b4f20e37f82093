import { readFileSync } from 'node:fs';
import { isJumeauError } from '@jumeau/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  elevation,
  fetchElevationProfile,
  geocode,
  geocodeCompletion,
  geocodeReverse,
  type HttpClient,
} from '../src/index.js';
import { startGeoplateformeServer } from './support/geoplateforme-server.js';
import { send, startLocalServer, type LocalServer } from './support/local-server.js';
import { COMMUNES_17 } from './support/mapserver.js';

let server: LocalServer;
let geocoder: LocalServer;
let http: HttpClient;
beforeAll(async () => {
  server = await startGeoplateformeServer();
  geocoder = await startGeocoder();
  http = createHttpClient({ rateLimits: [] });
});
afterAll(async () => {
  await server.close();
  await geocoder.close();
});

describe('altimetry (IGN’s published example values)', () => {
  const endpoints = () => ({ altimetry: `${server.url}/altimetrie/1.0/calcul/alti/rest` });

  it('returns the documented elevations and maps −99999 to NaN', async () => {
    const values = await elevation(
      [
        { longitude: 1.48, latitude: 43.54 },
        { longitude: 1.49, latitude: 43.55 },
        { longitude: -30, latitude: 40 },
      ],
      { http, endpoints: endpoints() },
    );
    expect(Array.from(values)).toEqual([164.34, 141.33, Number.NaN]);
  });

  it('batches by 5000 points, in order, by POST', async () => {
    const before = server.requests.length;
    const points = Array.from({ length: 12_001 }, (_, index) =>
      index % 2 === 0 ? { longitude: 1.48, latitude: 43.54 } : { longitude: 1.49, latitude: 43.55 },
    );
    const progress: number[] = [];
    const values = await elevation(points, { http, endpoints: endpoints(), onProgress: (done) => progress.push(done) });
    const calls = server.requests.slice(before);
    expect(calls.map((call) => (JSON.parse(call.body) as { lon: string }).lon.split('|').length)).toEqual([5000, 5000, 2001]);
    expect(calls.every((call) => call.method === 'POST' && call.url.search === '')).toBe(true);
    expect(progress).toEqual([5000, 10000, 12001]);
    expect(values.every((value, index) => value === (index % 2 === 0 ? 164.34 : 141.33))).toBe(true);
  });

  it('splits any number of points into batches that cover them once (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 7 }), async (count, batchSize) => {
        const before = server.requests.length;
        const points = Array.from({ length: count }, () => ({ longitude: 1.48, latitude: 43.54 }));
        const { fetchElevations } = await import('../src/index.js');
        const values = await fetchElevations(http, points, { endpoint: endpoints().altimetry, batchSize });
        const sizes = server.requests.slice(before).map((call) => (JSON.parse(call.body) as { lon: string }).lon.split('|').length);
        return values.length === count && sizes.reduce((sum, size) => sum + size, 0) === count && sizes.every((size) => size <= batchSize);
      }),
      { numRuns: 15 },
    );
  });

  it('reads an elevation profile', async () => {
    const profile = await fetchElevationProfile(
      http,
      [
        { longitude: 1.48, latitude: 43.54 },
        { longitude: 1.49, latitude: 43.55 },
      ],
      { endpoint: endpoints().altimetry, sampling: 4 },
    );
    expect(profile).toHaveLength(4);
    expect(profile[0]).toEqual({ longitude: 1.48, latitude: 43.54, elevationMetres: 164.34 });
  });

  it('rejects out-of-range coordinates naming the point', async () => {
    const error = await elevation([{ longitude: 1.48, latitude: 143.54 }], { http, endpoints: endpoints() }).catch(
      (caught: unknown) => caught,
    );
    expect(isJumeauError(error, 'input')).toBe(true);
    expect((error as Error).message).toMatch(/0\.latitude/);
  });
});

describe('geocoding (a local geocoder over the real communes of Charente-Maritime)', () => {
  const endpoints = () => ({ geocoding: `${geocoder.url}/geocodage` });

  it('finds a commune and its position', async () => {
    const [best] = await geocode("Saint-Pierre-d'Oléron", { http, endpoints: endpoints() });
    expect(best).toMatchObject({ label: "Saint-Pierre-d'Oléron", cityCode: '17385', kind: 'municipality' });
    expect(best?.longitude).toBeGreaterThan(-1.4);
    expect(best?.longitude).toBeLessThan(-1.2);
  });

  it('reverse-geocodes and completes', async () => {
    const [near] = await geocodeReverse(http, { longitude: -1.3, latitude: 45.94 }, { endpoint: endpoints().geocoding, limit: 1 });
    expect(near?.cityCode).toMatch(/^17/);
    const completions = await geocodeCompletion(http, 'Saint-Pierre', { endpoint: endpoints().geocoding });
    expect(completions.map((result) => result.label)).toContain("Saint-Pierre-d'Oléron");
  });

  it('rejects a text too short to search', async () => {
    await expect(geocode('a', { http, endpoints: endpoints() })).rejects.toThrow(/at least 3 characters/);
  });
});

/** A geocoder answering in the Géoplateforme /geocodage format, from the 466 real communes (vertex centroids). */
function startGeocoder(): Promise<LocalServer> {
  const source = JSON.parse(readFileSync(COMMUNES_17, 'utf8')) as {
    features: { geometry: { coordinates: number[][][] }; properties: { code: string; nom: string } }[];
  };
  const places = source.features.map((feature) => {
    const ring = feature.geometry.coordinates[0] ?? [];
    const longitude = ring.reduce((sum, point) => sum + (point[0] ?? 0), 0) / ring.length;
    const latitude = ring.reduce((sum, point) => sum + (point[1] ?? 0), 0) / ring.length;
    return { name: feature.properties.nom, code: feature.properties.code, longitude, latitude };
  });
  const toFeature = (place: (typeof places)[number], score: number) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [place.longitude, place.latitude] },
    properties: { label: place.name, score, type: 'municipality', citycode: place.code, name: place.name },
  });
  return startLocalServer((request, response) => {
    const path = request.url.pathname;
    const limit = Number(request.url.searchParams.get('limit') ?? request.url.searchParams.get('maximumResponses') ?? 10);
    if (path === '/geocodage/search') {
      const text = (request.url.searchParams.get('q') ?? '').toLowerCase();
      const found = places.filter((place) => place.name.toLowerCase().includes(text)).slice(0, limit);
      return send(
        response,
        200,
        'application/json',
        JSON.stringify({ type: 'FeatureCollection', features: found.map((place) => toFeature(place, 0.9)) }),
      );
    }
    if (path === '/geocodage/reverse') {
      const longitude = Number(request.url.searchParams.get('lon'));
      const latitude = Number(request.url.searchParams.get('lat'));
      const sorted = [...places].sort(
        (a, b) => Math.hypot(a.longitude - longitude, a.latitude - latitude) - Math.hypot(b.longitude - longitude, b.latitude - latitude),
      );
      return send(
        response,
        200,
        'application/json',
        JSON.stringify({ type: 'FeatureCollection', features: sorted.slice(0, limit).map((place) => toFeature(place, 1)) }),
      );
    }
    if (path === '/geocodage/completion') {
      const text = (request.url.searchParams.get('text') ?? '').toLowerCase();
      const results = places
        .filter((place) => place.name.toLowerCase().startsWith(text))
        .slice(0, limit)
        .map((place) => ({ fulltext: place.name, x: place.longitude, y: place.latitude, kind: 'municipality' }));
      return send(response, 200, 'application/json', JSON.stringify({ status: 'OK', results }));
    }
    send(response, 404, 'text/plain', 'not found');
  });
}
