import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import { isJumeauError } from '@jumeau/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../scripts/bundle-files.js';
import { parseTerritoryManifest } from '../src/bundle/manifest.js';
import { buildOnlineBundle } from '../src/online/build-online-bundle.js';
import { resolveOnlineEndpoints } from '../src/online/online-endpoints.js';
import { type GeoplateformeServer, sampleDem, startGeoplateformeServer } from './support/geoplateforme-server.js';

/** Le Grand-Village-Plage, wholly inside the shared Oléron DEM. */
const COMMUNE = '17485';
let server: GeoplateformeServer;
let cacheRoot: string;
const fast = { retry: { maximumAttempts: 3, baseDelayMilliseconds: 1, maximumDelayMilliseconds: 5 }, timeoutMilliseconds: 20_000 };

beforeAll(async () => {
  server = await startGeoplateformeServer();
  cacheRoot = await mkdtemp(join(tmpdir(), 'jumeau-online-'));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await rm(cacheRoot, { recursive: true, force: true });
});

const endpointsOf = (root: string) => resolveOnlineEndpoints({}, { JUMEAU_GEOPLATEFORME_URL: root });

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('buildOnlineBundle against a Géoplateforme-shaped server on 127.0.0.1', () => {
  it('builds a bundle the app accepts, with the source DEM values and every building of the bbox', async () => {
    const cacheDirectory = join(cacheRoot, 'first');
    const result = await buildOnlineBundle({
      communeCode: COMMUNE,
      cacheDirectory,
      endpoints: endpointsOf(server.url),
      maximumTilePixels: 200,
      ...fast,
    });
    const manifest = parseTerritoryManifest(JSON.parse(await readFile(result.manifestPath, 'utf8')));
    expect(manifest.name).toBe('Grand-Village-Plage (17485)'); // as ADMIN EXPRESS 2018 names it
    expect(manifest.population).toBeUndefined();
    expect(result.missing.some((text) => /population/.test(text))).toBe(true);
    expect(manifest.forcing?.event).toMatch(/Xynthia/); // department 17, low coast
    for (const entry of [manifest.dem, manifest.communes, manifest.buildings]) expect(entry.source.licence).toMatch(/Etalab 2\.0/);
    expect(manifest.dem.nodataIsSea).toBe(true); // RGE ALTI has no bathymetry: the sea is nodata
    const bundle = readBundle(result.manifestPath);
    expect(bundle.absent).toEqual([]);

    const commune = server.communes.find((feature) => feature.properties.insee_com === COMMUNE);
    if (!commune) throw new Error('commune absent from the served data');
    const dem = await readGeoTIFFFile(bundle.files.get('dem') as string);
    const [originX, cellWidth, , originY, , cellHeight] = dem.transform;
    expect(originX).toBeLessThanOrEqual(commune.bbox[0]);
    expect(originY).toBeGreaterThanOrEqual(commune.bbox[3]);
    expect(dem.width).toBeGreaterThan(200); // more than one tile each way: the mosaic is checked below
    let land = 0;
    for (let row = 0; row < dem.height; row += 1) {
      for (let column = 0; column < dem.width; column += 1) {
        const expected = sampleDem(server.dem, originX + (column + 0.5) * cellWidth, originY + (row + 0.5) * cellHeight);
        const actual = dem.data[row * dem.width + column] as number;
        if (actual !== expected) throw new Error(`DEM cell ${row},${column}: ${actual} ≠ ${expected}`);
        if (expected !== -99999) land += 1;
      }
    }
    expect(land).toBeGreaterThan(1000);

    const buildings = JSON.parse(await readFile(bundle.files.get('buildings') as string, 'utf8')) as { features: { properties: object }[] };
    const inBbox = server.buildings.filter(
      ({ bbox }) => bbox[0] >= commune.bbox[0] && bbox[2] <= commune.bbox[2] && bbox[1] >= commune.bbox[1] && bbox[3] <= commune.bbox[3],
    );
    expect(inBbox.length).toBeGreaterThan(1000); // more than one WFS page of 1000
    expect(buildings.features.length).toBe(inBbox.length);
    expect(Object.keys(buildings.features[0]?.properties ?? {}).sort()).toEqual(['hauteur', 'nombre_de_logements', 'usage_1']);
    const communes = JSON.parse(await readFile(bundle.files.get('communes') as string, 'utf8')) as {
      features: { properties: { insee_com: string } }[];
    };
    expect(communes.features.map((feature) => feature.properties.insee_com)).toContain(COMMUNE);
    expect(communes.features.length).toBeGreaterThan(1);
  }, 120_000);

  it('reuses the cache: a second run makes no request, --refresh refetches', async () => {
    const cacheDirectory = join(cacheRoot, 'cached');
    const options = { communeCode: COMMUNE, cacheDirectory, endpoints: endpointsOf(server.url), ...fast };
    let requests = 0;
    const onEvent = (event: { type: string; cached?: boolean }) => {
      if (event.type === 'request') requests += 1;
    };
    await buildOnlineBundle({ ...options, onEvent });
    expect(requests).toBeGreaterThan(3);
    const before = server.requests.length;
    await buildOnlineBundle({ ...options, onEvent });
    expect(server.requests.length).toBe(before);
    await buildOnlineBundle({ ...options, refresh: true });
    expect(server.requests.length).toBeGreaterThan(before);
  }, 120_000);

  it('retries a 503 and a 429 through the catalog client', async () => {
    server.failNext(2, 503);
    const first = server.requests.length;
    const result = await buildOnlineBundle({
      communeCode: COMMUNE,
      cacheDirectory: join(cacheRoot, 'retry-503'),
      endpoints: endpointsOf(server.url),
      ...fast,
    });
    expect(result.missing.every((text) => !/injoignable|n’a pas pu/.test(text))).toBe(true);
    expect(server.requests.slice(first, first + 3)).toEqual(['WFS GetCapabilities', 'WFS GetCapabilities', 'WFS GetCapabilities']);
    server.failNext(1, 429);
    const second = server.requests.length;
    const again = await buildOnlineBundle({
      communeCode: COMMUNE,
      cacheDirectory: join(cacheRoot, 'retry-429'),
      endpoints: endpointsOf(server.url),
      ...fast,
    });
    expect(again.missing.every((text) => !/injoignable|n’a pas pu/.test(text))).toBe(true);
    expect(server.requests.slice(second, second + 2)).toEqual(['WFS GetCapabilities', 'WFS GetCapabilities']);
  }, 120_000);

  it('says which host is unreachable, as a typed error without a stack from deep inside', async () => {
    const port = await closedPort();
    const error = await buildOnlineBundle({
      communeCode: COMMUNE,
      cacheDirectory: join(cacheRoot, 'offline'),
      endpoints: endpointsOf(`http://127.0.0.1:${port}`),
      ...fast,
    }).catch((caught: unknown) => caught);
    expect(isJumeauError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(`commune \\(ADMIN EXPRESS, WFS\\) : hors ligne \\? 127\\.0\\.0\\.1:${port} injoignable`),
    );
  }, 60_000);

  it('fails with the DEM host named when the WMS-R is unreachable (the DEM is essential)', async () => {
    const port = await closedPort();
    const error = await buildOnlineBundle({
      communeCode: COMMUNE,
      cacheDirectory: join(cacheRoot, 'no-dem'),
      endpoints: { wfs: endpointsOf(server.url).wfs, wmsRaster: `http://127.0.0.1:${port}/wms-r/wms` },
      ...fast,
    }).catch((caught: unknown) => caught);
    expect(isJumeauError(error)).toBe(true);
    expect((error as Error).message).toMatch(/MNT \(RGE ALTI, WMS-R\) : hors ligne \? 127\.0\.0\.1:\d+ injoignable/);
  }, 60_000);

  it('writes the bundle and lists the buildings as missing when BD TOPO fails', async () => {
    server.refuse(/BDTOPO_V3:batiment/);
    try {
      const cacheDirectory = join(cacheRoot, 'no-buildings');
      const result = await buildOnlineBundle({ communeCode: COMMUNE, cacheDirectory, endpoints: endpointsOf(server.url), ...fast });
      expect(result.missing[0]).toMatch(/^bâtiments \(BD TOPO, WFS\) : 127\.0\.0\.1:\d+ a répondu/);
      const bundle = readBundle(result.manifestPath);
      expect(bundle.manifest.missing).toEqual(result.missing);
      const buildings = JSON.parse(await readFile(bundle.files.get('buildings') as string, 'utf8')) as { features: unknown[] };
      expect(buildings.features).toEqual([]);
      server.refuse(null);
      const again = await buildOnlineBundle({ communeCode: COMMUNE, cacheDirectory, endpoints: endpointsOf(server.url), ...fast });
      expect(again.missing.some((text) => /^bâtiments/.test(text))).toBe(false); // a failed build is not reused
    } finally {
      server.refuse(null);
    }
  }, 120_000);

  it('reads the later ADMIN EXPRESS attribute names (code_insee, nom_officiel)', async () => {
    server.useLaterCommuneNames(true);
    try {
      const result = await buildOnlineBundle({
        communeCode: COMMUNE,
        cacheDirectory: join(cacheRoot, 'later-names'),
        endpoints: endpointsOf(server.url),
        ...fast,
      });
      const bundle = readBundle(result.manifestPath);
      expect(bundle.manifest.name).toBe('Grand-Village-Plage (17485)');
      const communes = JSON.parse(await readFile(bundle.files.get('communes') as string, 'utf8')) as { features: { properties: object }[] };
      expect(communes.features.find((feature) => JSON.stringify(feature.properties).includes(COMMUNE))?.properties).toEqual({
        insee_com: COMMUNE,
        nom: 'Grand-Village-Plage',
      });
    } finally {
      server.useLaterCommuneNames(false);
    }
  }, 120_000);

  it('refuses a DEM with no height at all (Portes-en-Ré, 17286, lies outside the served Oléron DEM)', async () => {
    const error = await buildOnlineBundle({
      communeCode: '17286',
      cacheDirectory: join(cacheRoot, 'no-heights'),
      endpoints: endpointsOf(server.url),
      ...fast,
    }).catch((caught: unknown) => caught);
    expect(isJumeauError(error)).toBe(true);
    expect((error as Error).message).toMatch(/MNT \(RGE ALTI, WMS-R\) : .*n’a aucune altitude sur l’emprise de Portes-en-Ré/);
  }, 60_000);

  it('refuses an unknown commune with a clear message', async () => {
    const error = await buildOnlineBundle({
      communeCode: '17999',
      cacheDirectory: join(cacheRoot, 'unknown'),
      endpoints: endpointsOf(server.url),
      ...fast,
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/Aucune commune de code INSEE 17999/);
  }, 60_000);

  it('serve.ts --online offline stops with one line naming the host, no stack trace', async () => {
    const port = await closedPort();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@jumeau/source', 'scripts/serve.ts', '--online', '--commune', COMMUNE, '--no-build'],
      {
        cwd: join(import.meta.dirname, '..'),
        env: {
          ...process.env,
          JUMEAU_GEOPLATEFORME_URL: `http://127.0.0.1:${port}`,
          JUMEAU_ONLINE_CACHE: join(cacheRoot, 'serve-offline'),
          PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `jumeau littoral: Impossible de construire le territoire de la commune ${COMMUNE} — .*hors ligne \\? 127\\.0\\.0\\.1:${port} injoignable`,
      ),
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('serve.ts --online --commune prints the app URL with the endpoints on 127.0.0.1', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@jumeau/source', 'scripts/serve.ts', '--online', '--commune', COMMUNE],
      {
        cwd: join(import.meta.dirname, '..'),
        // Its own build (a fresh clone has no dist/, and the end-to-end test may be building dist/ at the same time).
        env: {
          ...process.env,
          JUMEAU_GEOPLATEFORME_URL: server.url,
          JUMEAU_ONLINE_CACHE: join(cacheRoot, 'serve'),
          JUMEAU_LITTORAL_DIST: join(cacheRoot, 'dist'),
          PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /Jumeau littoral — (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      const manifest = parseTerritoryManifest(await (await fetch(new URL('bundle/territory.json', url))).json());
      expect(manifest.id).toBe(COMMUNE);
      expect(stderr).toMatch(/Manquant/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 240_000);
});
