import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { send, startLocalServer, type LocalServer, type RecordedRequest } from './local-server.js';

/** The hand-written INSPIRE Atom feeds of `test/fixtures/atom` (see its README). */
export const ATOM_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'atom');

/** The size of every file the feeds announce, as served (`length` attributes). */
export const FILE_SIZES: Readonly<Record<string, number>> = {
  'BDTOPO_3-4_TOUSTHEMES_GPKG_LAMB93_D017_2026-03-15.7z': 300_000,
  'BDTOPO_3-4_TOUSTHEMES_SHP_LAMB93_D017_2026-03-15.7z.001': 120_000,
  'BDTOPO_3-4_TOUSTHEMES_SHP_LAMB93_D017_2026-03-15.7z.002': 45_678,
  'BDTOPO_3-4_TOUSTHEMES_GPKG_WGS84G_D017_2026-03-15.gpkg': 65_536,
  'RGEALTI_2-0_1M_ASC_LAMB93-IGN69_D017_2025-11-02.7z': 250_000,
  'RGEALTI_2-0_1M_ASC_RGAF09UTM20-GUAD88SB_D971_2025-11-02.7z': 90_000,
};

/** Deterministic bytes of a served file (a linear congruential sequence seeded by the name). */
export function fileBytes(name: string): Uint8Array {
  const size = FILE_SIZES[name] ?? 0;
  const bytes = new Uint8Array(size);
  let state = [...name].reduce((hash, character) => (hash * 31 + character.charCodeAt(0)) >>> 0, 7);
  for (let index = 0; index < size; index++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** How the download route misbehaves (each fault fires once, then the server behaves). */
export type DownloadFault = 'none' | 'cut-midway' | 'ignore-range' | 'busy-503' | 'wrong-length' | 'more-than-announced';

export interface AtomServer extends LocalServer {
  fault: DownloadFault;
}

const EMPTY_DATASET_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>ADMIN EXPRESS COG</title>
<id>https://data.example.fr/telechargement/atom/ADMIN-EXPRESS-COG.xml</id><updated>2026-04-01T00:00:00Z</updated></feed>`;

function serveFeed(server: AtomServer, request: RecordedRequest, response: ServerResponse): void {
  const page = request.url.searchParams.get('page');
  const file = {
    '/telechargement/atom/service.xml': page === '2' ? 'service-feed-page2.xml' : 'service-feed.xml',
    '/telechargement/atom/BDTOPO.xml': 'dataset-feed-bdtopo.xml',
    '/telechargement/atom/RGEALTI.xml': 'dataset-feed-rgealti.xml',
  }[request.url.pathname];
  if (request.url.pathname === '/telechargement/atom/ADMIN-EXPRESS-COG.xml') {
    send(response, 200, 'application/atom+xml', EMPTY_DATASET_FEED);
    return;
  }
  if (file === undefined) {
    send(response, 404, 'text/plain', 'Not Found');
    return;
  }
  const text = readFileSync(join(ATOM_FIXTURES, file), 'utf8').replaceAll('https://data.example.fr', server.url);
  send(response, 200, 'application/atom+xml; charset=utf-8', text);
}

function serveFile(server: AtomServer, request: RecordedRequest, response: ServerResponse): void {
  const name = decodeURIComponent(request.url.pathname.slice('/telechargement/download/'.length));
  if (FILE_SIZES[name] === undefined) {
    send(response, 404, 'text/plain', 'Not Found');
    return;
  }
  const bytes = fileBytes(name);
  const fault = server.fault;
  server.fault = 'none';
  if (fault === 'busy-503') {
    send(response, 503, 'text/plain', 'busy', { 'retry-after': '0' });
    return;
  }
  const range = /^bytes=(\d+)-$/.exec(String(request.headers.range ?? ''));
  const start = range && fault !== 'ignore-range' ? Number(range[1]) : 0;
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', etag: '"v1"', 'accept-ranges': 'bytes' };
  if (start >= bytes.length && start > 0) {
    send(response, 416, 'text/plain', '', { 'content-range': `bytes */${bytes.length}` });
    return;
  }
  const declared = fault === 'wrong-length' ? bytes.length + 1 : bytes.length;
  const body = fault === 'more-than-announced' ? new Uint8Array(bytes.length + 10) : bytes.subarray(start);
  if (start > 0) headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${declared}`;
  if (fault !== 'more-than-announced') headers['content-length'] = String(declared - start);
  response.writeHead(start > 0 ? 206 : 200, headers);
  if (fault === 'cut-midway') {
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.destroy());
    return;
  }
  response.end(body);
}

/** A local download service: the Atom feeds (with the server's address) and the files, with Range and faults. */
export async function startAtomServer(): Promise<AtomServer> {
  const state = { fault: 'none' as DownloadFault };
  let server: AtomServer | undefined;
  const local = await startLocalServer((request, response) => {
    const target = server as AtomServer;
    if (request.url.pathname.startsWith('/telechargement/redirect/')) {
      send(response, 302, 'text/plain', '', { location: request.url.pathname.replace('/redirect/', '/download/') });
      return;
    }
    if (request.url.pathname.startsWith('/telechargement/download/')) return serveFile(target, request, response);
    return serveFeed(target, request, response);
  });
  server = Object.assign(local, state);
  return server;
}
