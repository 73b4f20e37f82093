/**
 * The littoral server: the built app (`dist/`), the territory manifest at `/bundle/territory.json` and the files it
 * names at `/bundle/files/<name>` — only those (no path ever comes from the URL), with Range requests for the COG,
 * MIME types and gzip for text; vector files (GeoJSON, GeoPackage) are converted to Arrow IPC at start and served so
 * (`arrow-vectors.ts`). Node's `http` module, bound to 127.0.0.1.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { JumeauError } from '@jumeau/core';
import { APP_ROOT, DIST_DIRECTORY, buildApp } from './build-app.js';
import { BUNDLE_FILE_NAMES, type BundleFileName, type ResolvedBundle, readBundle } from './bundle-files.js';
import { parseRange } from './http-range.js';
import { type ArrowVectorFile, type ArrowVectors, convertVectorFiles } from './arrow-vectors.js';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.gpkg': 'application/geopackage+sqlite3',
  '.bdy': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
};
/** Headers that make the page cross-origin isolated (`crossOriginIsolated`, hence `SharedArrayBuffer`). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};
const COMPRESSIBLE = /^(text\/|application\/(json|geo\+json|javascript)|image\/svg)/;

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default `PORT` or 5173. */
  readonly port?: number;
  /** `territory.json` to serve. Default the Oléron bundle of this example. */
  readonly bundlePath?: string;
  /** Build the app first (default true); false serves the existing `dist/`. */
  readonly build?: boolean;
  /** Silences Vite's output. */
  readonly quiet?: boolean;
}

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly bundle: ResolvedBundle;
  /** The vector files served as Arrow IPC, and those left as they are. */
  readonly vectors: ArrowVectors;
  close(): Promise<void>;
}

/** The default bundle: real Oléron data read in place from the shared data folder. */
export const DEFAULT_BUNDLE_PATH = join(APP_ROOT, 'bundles', 'oleron', 'territory.json');

function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Gzipped files by path, kept while their modification time holds (9 MB of buildings GeoJSON: 0.2 s per gzip). */
const gzipCache = new Map<string, { readonly modifiedMilliseconds: number; readonly gzipped: Buffer }>();

function gzipFile(path: string): Buffer {
  const modifiedMilliseconds = statSync(path).mtimeMs;
  const cached = gzipCache.get(path);
  if (cached?.modifiedMilliseconds === modifiedMilliseconds) return cached.gzipped;
  const gzipped = gzipSync(readFileSync(path));
  gzipCache.set(path, { modifiedMilliseconds, gzipped });
  return gzipped;
}

function acceptsGzip(request: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
}

/** Sends a text file, gzipped (once, then from the cache) when the client accepts it. */
function sendTextFile(request: IncomingMessage, response: ServerResponse, type: string, path: string): void {
  if (!acceptsGzip(request) || statSync(path).size <= 512) {
    sendText(request, response, 200, type, readFileSync(path));
    return;
  }
  const payload = gzipFile(path);
  response.writeHead(200, {
    'content-type': type,
    'content-length': payload.length,
    vary: 'accept-encoding',
    'cache-control': 'no-cache',
    'content-encoding': 'gzip',
  });
  response.end(request.method === 'HEAD' ? undefined : payload);
}

function sendText(request: IncomingMessage, response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const gzip = COMPRESSIBLE.test(type) && acceptsGzip(request) && bytes.length > 512;
  const payload = gzip ? gzipSync(bytes) : bytes;
  response.writeHead(status, {
    'content-type': type,
    'content-length': payload.length,
    vary: 'accept-encoding',
    'cache-control': 'no-cache',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  response.end(request.method === 'HEAD' ? undefined : payload);
}

function sendError(request: IncomingMessage, response: ServerResponse, status: number, message: string): void {
  sendText(request, response, status, 'application/json; charset=utf-8', JSON.stringify({ error: message }));
}

/** A file of the bundle: whole (gzip for text), or the byte range asked (206) for the COG reader. */
function sendBundleFile(request: IncomingMessage, response: ServerResponse, name: BundleFileName, path: string): void {
  if (!existsSync(path)) {
    sendError(request, response, 404, `Fichier manquant : ${name} (${path})`);
    return;
  }
  const size = statSync(path).size;
  const type = mimeTypeOf(path);
  const rangeHeader = request.headers.range;
  if (rangeHeader === undefined) {
    if (COMPRESSIBLE.test(type)) {
      sendTextFile(request, response, type, path);
      return;
    }
    response.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(path).pipe(response);
    return;
  }
  const range = parseRange(rangeHeader, size);
  if (range === null) {
    response.writeHead(416, { 'content-range': `bytes */${size}` });
    response.end();
    return;
  }
  response.writeHead(206, {
    'content-type': type,
    'content-length': range.end - range.start + 1,
    'content-range': `bytes ${range.start}-${range.end}/${size}`,
    'accept-ranges': 'bytes',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path, { start: range.start, end: range.end }).pipe(response);
}

function sendStatic(request: IncomingMessage, response: ServerResponse, pathname: string): void {
  const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
  const path = join(DIST_DIRECTORY, relative);
  if (relative.split(/[/\\]/).includes('..') || !path.startsWith(DIST_DIRECTORY + sep)) {
    sendError(request, response, 403, 'Chemin refusé');
    return;
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    sendError(request, response, 404, `Introuvable : ${pathname}`);
    return;
  }
  const type = mimeTypeOf(path);
  if (COMPRESSIBLE.test(type)) sendTextFile(request, response, type, path);
  else sendText(request, response, 200, type, readFileSync(path));
}

/** Sends a converted vector file (Arrow IPC stream), gzipped once when the client accepts it. */
function sendArrowFile(request: IncomingMessage, response: ServerResponse, file: ArrowVectorFile): void {
  let payload = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  const gzip = acceptsGzip(request);
  if (gzip) {
    let gzipped = arrowGzipCache.get(file);
    if (!gzipped) {
      gzipped = gzipSync(payload);
      arrowGzipCache.set(file, gzipped);
    }
    payload = gzipped;
  }
  response.writeHead(200, {
    'content-type': ARROW_STREAM_TYPE,
    'content-length': payload.length,
    vary: 'accept-encoding',
    'cache-control': 'no-cache',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  response.end(request.method === 'HEAD' ? undefined : payload);
}

const ARROW_STREAM_TYPE = 'application/vnd.apache.arrow.stream';
const arrowGzipCache = new WeakMap<ArrowVectorFile, Buffer>();

function handle(bundle: ResolvedBundle, vectors: ArrowVectors, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendError(request, response, 405, 'GET ou HEAD seulement');
    return;
  }
  // Raw path, not URL-normalised: "/bundle/files/../x" must be refused, not silently resolved.
  const pathname = (request.url ?? '/').split('?')[0] as string;
  if (pathname === '/bundle/territory.json') {
    sendText(request, response, 200, MIME_TYPES['.json'] as string, JSON.stringify(vectors.publicManifest));
    return;
  }
  if (pathname.startsWith('/bundle/files/')) {
    const name = pathname.slice('/bundle/files/'.length) as BundleFileName;
    const path = BUNDLE_FILE_NAMES.includes(name) ? bundle.files.get(name) : undefined;
    if (path === undefined) {
      sendError(request, response, 404, `Pas de fichier « ${name} » dans ce territoire`);
      return;
    }
    const converted = vectors.files.get(name);
    if (converted) sendArrowFile(request, response, converted);
    else sendBundleFile(request, response, name, path);
    return;
  }
  if (/(^|\/)\.\.?(\/|$)|%2e%2e/i.test(pathname)) {
    sendError(request, response, 403, 'Chemin refusé');
    return;
  }
  sendStatic(request, response, pathname);
}

/**
 * Builds (unless `build: false`) and serves the app and a territory bundle on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startServer({ port: 0, build: false })
 * console.log(server.url) // http://127.0.0.1:40123/
 * await server.close()
 * ```
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const bundle = readBundle(options.bundlePath ?? DEFAULT_BUNDLE_PATH);
  const vectors = await convertVectorFiles(bundle);
  if (options.build ?? true) await buildApp({ quiet: options.quiet ?? false });
  if (!existsSync(join(DIST_DIRECTORY, 'index.html'))) {
    throw new JumeauError('input', `No built app in ${DIST_DIRECTORY}: run without --no-build first`);
  }
  const server = createServer((request, response) => {
    // Cross-origin isolation: the page may then share the territory's static arrays with its workers
    // (SharedArrayBuffer) instead of copying ~10 MB into every level's run. Everything the app loads is same-origin;
    // the optional IGN drape is fetched with CORS, which isolation allows.
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) response.setHeader(name, value);
    try {
      handle(bundle, vectors, request, response);
    } catch (error) {
      if (!response.headersSent) sendError(request, response, 500, (error as Error).message);
      else response.destroy();
    }
  });
  const port = options.port ?? Number(process.env.PORT ?? 5173);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    bundle,
    vectors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
