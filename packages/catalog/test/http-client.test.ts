import { isJumeauError } from '@jumeau/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  RateLimiter,
  backoffDelayMilliseconds,
  createHttpClient,
  createMemoryCache,
  parseJsonResponse,
  parseXml,
  rateLimitFor,
  GEOPLATEFORME_RATE_LIMITS,
  redactUrl,
  retryAfterMilliseconds,
  type HttpEvent,
} from '../src/index.js';
import { z } from 'zod';
import { send, startLocalServer, type LocalServer } from './support/local-server.js';

// The fault-injecting server: each path fails in its own way for the first N requests, then answers.
const failuresLeft = new Map<string, number>();
let server: LocalServer;
const fast = { retry: { baseDelayMilliseconds: 5, maximumDelayMilliseconds: 50 }, rateLimits: [] };
const EXCEPTION =
  '<?xml version="1.0"?><ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0"><ows:Exception exceptionCode="InvalidParameterValue" locator="typeName"><ows:ExceptionText>Feature type nope unknown</ows:ExceptionText></ows:Exception></ows:ExceptionReport>';

beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    const key = request.url.pathname + request.url.search;
    const left = failuresLeft.get(key) ?? 0;
    failuresLeft.set(key, left - 1);
    const ok = () => send(response, 200, 'application/json', '{"ok":true}');
    if (left <= 0) return ok();
    switch (request.url.pathname) {
      case '/429':
        return send(response, 429, 'text/plain', 'slow down', { 'retry-after': '0' });
      case '/503':
        return send(response, 503, 'text/plain', 'busy');
      case '/stall':
        return; // never answers
      case '/truncated':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"ok":tr');
        return void response.socket?.destroy();
      case '/malformed':
        return send(response, 200, 'application/json', '{"ok": tru');
      case '/exception':
        return send(response, 400, 'application/xml', EXCEPTION);
      case '/exception-200':
        return send(response, 200, 'text/xml', EXCEPTION);
      case '/private/echo-key':
        return send(response, 401, 'text/plain', `invalid key ${request.headers.apikey}`);
      default:
        return ok();
    }
  });
});
afterAll(() => server.close());

const okSchema = z.object({ ok: z.literal(true) });
function getOk(client: ReturnType<typeof createHttpClient>, path: string, signal?: AbortSignal) {
  return client.requestParsed({ url: `${server.url}${path}`, what: path, signal }, (response) =>
    parseJsonResponse(response, okSchema, path),
  );
}

describe('retries', () => {
  it.each([
    ['/429', 'HTTP 429 with Retry-After'],
    ['/503', 'HTTP 503'],
    ['/truncated', 'a body cut short'],
    ['/malformed', 'malformed JSON'],
  ])('recovers from %s (%s)', async (path) => {
    const key = `${path}?case=${Math.random()}`;
    failuresLeft.set(key, 2);
    const events: HttpEvent[] = [];
    const client = createHttpClient({ ...fast, onEvent: (event) => events.push(event) });
    await expect(getOk(client, key)).resolves.toEqual({ ok: true });
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(2);
  });

  it('retries a stalled server after the timeout', async () => {
    failuresLeft.set('/stall?once', 1);
    const client = createHttpClient({ ...fast, timeoutMilliseconds: 200 });
    await expect(getOk(client, '/stall?once')).resolves.toEqual({ ok: true });
  });

  it('gives up after the attempt budget with a network error naming the URL', async () => {
    failuresLeft.set('/stall?always', 99);
    const client = createHttpClient({ ...fast, timeoutMilliseconds: 100, retry: { ...fast.retry, maximumAttempts: 2 } });
    const error = await getOk(client, '/stall?always').catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'network')).toBe(true);
    expect((error as Error).message).toMatch(/no complete answer within 100 ms .*\/stall\?always \(gave up after 2 attempts\)/);
  });

  it('surfaces the OGC ExceptionReport text and does not retry a 400', async () => {
    failuresLeft.set('/exception', 99);
    const events: HttpEvent[] = [];
    const client = createHttpClient({ ...fast, onEvent: (event) => events.push(event) });
    const error = await getOk(client, '/exception').catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'http')).toBe(true);
    expect((error as Error).message).toContain('HTTP 400: InvalidParameterValue (typeName): Feature type nope unknown');
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(0);
  });

  it('treats an exception report served with 200 as an http error', async () => {
    failuresLeft.set('/exception-200', 99);
    const error = await getOk(createHttpClient(fast), '/exception-200').catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'http')).toBe(true);
    expect((error as Error).message).toContain('Feature type nope unknown');
  });
});

describe('cancellation', () => {
  it('aborts a request waiting on a stalled server', async () => {
    failuresLeft.set('/stall?abort', 99);
    const controller = new AbortController();
    const pending = getOk(createHttpClient(fast), '/stall?abort', controller.signal);
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const error = await pending.catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'aborted')).toBe(true);
  });
});

describe('API keys', () => {
  it('sends the key as a header to /private/ only and never prints it', async () => {
    const client = createHttpClient({ ...fast, apiKey: 's3cr3t-key' });
    failuresLeft.set('/private/echo-key?apikey=s3cr3t-key', 99);
    const error = await getOk(client, '/private/echo-key?apikey=s3cr3t-key').catch((caught: unknown) => caught);
    expect(isJumeauError(error, 'http')).toBe(true);
    expect((error as Error).message).not.toContain('s3cr3t-key');
    expect(JSON.stringify((error as { toJSON(): unknown }).toJSON())).not.toContain('s3cr3t-key');
    expect(server.requests.at(-1)?.headers.apikey).toBe('s3cr3t-key');
    await getOk(client, '/public-path');
    expect(server.requests.at(-1)?.headers.apikey).toBeUndefined();
  });

  it('redacts secret parameters from any URL (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/), (secret) => {
        const printed = redactUrl(`https://data.geopf.fr/private/wms-r?LAYERS=x&apikey=${secret}&token=${secret}`);
        return !printed.includes(secret) && printed.includes('LAYERS=x');
      }),
    );
  });
});

describe('cache', () => {
  it('serves a repeated GET from the cache', async () => {
    const cache = createMemoryCache();
    const client = createHttpClient({ ...fast, cache });
    const before = server.requests.length;
    await getOk(client, '/cached');
    const second = await client.request({ url: `${server.url}/cached` });
    expect(second.cached).toBe(true);
    expect(server.requests.length).toBe(before + 1);
    expect(cache.sizeBytes).toBe(11);
  });

  it('evicts least recently used entries beyond its byte budget', () => {
    const cache = createMemoryCache({ maximumBytes: 10 });
    const entry = (bytes: number) => ({ status: 200, contentType: 'x', body: new Uint8Array(bytes), storedAtMilliseconds: 0 });
    cache.set('a', entry(4));
    cache.set('b', entry(4));
    cache.get('a');
    cache.set('c', entry(4));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.sizeBytes).toBe(8);
  });
});

describe('backoff, Retry-After and rate limits', () => {
  it('keeps every backoff delay within [nominal/2, nominal] and under the ceiling (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, random) => {
        const delay = backoffDelayMilliseconds(retry, DEFAULT_RETRY_POLICY, random);
        const nominal = Math.min(DEFAULT_RETRY_POLICY.maximumDelayMilliseconds, DEFAULT_RETRY_POLICY.baseDelayMilliseconds * 2 ** retry);
        return delay >= nominal / 2 && delay <= nominal;
      }),
    );
  });

  it('reads Retry-After as seconds or an HTTP date, capped', () => {
    expect(retryAfterMilliseconds('2', DEFAULT_RETRY_POLICY)).toBe(2000);
    expect(retryAfterMilliseconds('Sat, 28 Nov 2026 12:00:10 GMT', DEFAULT_RETRY_POLICY, Date.parse('Sat, 28 Nov 2026 12:00:00 GMT'))).toBe(
      10_000,
    );
    expect(retryAfterMilliseconds('3600', DEFAULT_RETRY_POLICY)).toBe(30_000);
    expect(retryAfterMilliseconds('soon', DEFAULT_RETRY_POLICY)).toBeUndefined();
  });

  it('applies the published Géoplateforme limits per service path', () => {
    expect(
      rateLimitFor(new URL('https://data.geopf.fr/altimetrie/1.0/calcul/alti/rest/elevation.json'), GEOPLATEFORME_RATE_LIMITS),
    ).toEqual({ key: 'data.geopf.fr/altimetrie', requestsPerSecond: 5 });
    expect(rateLimitFor(new URL('https://data.geopf.fr/wfs/ows'), GEOPLATEFORME_RATE_LIMITS)?.requestsPerSecond).toBe(30);
    expect(rateLimitFor(new URL('https://data.geopf.fr/csw'), GEOPLATEFORME_RATE_LIMITS)?.requestsPerSecond).toBe(15);
    expect(rateLimitFor(new URL('http://127.0.0.1:9/x'), GEOPLATEFORME_RATE_LIMITS)).toBeUndefined();
  });

  it('lets at most N requests start per second per key (logical clock)', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const limiter = new RateLimiter();
      const started: number[] = [];
      const all = Array.from({ length: 11 }, () => limiter.acquire('data.geopf.fr/altimetrie', 5).then(() => started.push(Date.now())));
      await vi.advanceTimersByTimeAsync(5000);
      await Promise.all(all);
      expect(started).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
      for (let index = 5; index < started.length; index++)
        expect((started[index] as number) - (started[index - 5] as number)).toBeGreaterThanOrEqual(1000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('XML safety', () => {
  it('does not expand DOCTYPE entities (billion laughs)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><root>&lol2;</root>';
    expect(() => parseXml(bomb, 'hostile document')).toThrow(/entity declarations/);
  });

  it('decodes the predefined entities and character references', () => {
    expect(parseXml('<a t="x &amp; y">&lt;b&gt; &#233;&#x20AC;</a>', 'test')).toEqual({ a: { '@t': 'x & y', '#text': '<b> é€' } });
  });

  it('names the line of malformed XML', () => {
    expect(() => parseXml('<a>\n<b></a>', 'capabilities')).toThrow(/Malformed XML in capabilities: .*line 2/);
  });
});
