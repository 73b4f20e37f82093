/**
 * `pnpm demo` / `pnpm --filter @jumeau/example-littoral start`: builds and serves the coastal twin.
 *
 *   tsx scripts/serve.ts [--bundle path/to/territory.json] [--online --commune <INSEE> [--refresh]] [--no-build]
 *
 * Port: `PORT` (default 5173). Online cache: `JUMEAU_ONLINE_CACHE` (default `.cache/online`). Prints `Jumeau littoral — http://127.0.0.1:PORT/` on stdout.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JumeauError, isJumeauError } from '@jumeau/core';
import { APP_ROOT } from './build-app.js';
import { startServer } from './server.js';

const USAGE = 'Usage: serve [--bundle territory.json] [--online --commune <code INSEE> [--refresh]] [--no-build]';

/** `--online --commune X`: the online builder (written apart), imported only when asked for. */
async function buildOnline(communeCode: string, refresh: boolean): Promise<string> {
  if (!/^(\d{5}|2[AB]\d{3})$/.test(communeCode)) {
    throw new JumeauError('input', `--commune expects an INSEE code such as 17286, got "${communeCode}"`);
  }
  let module: {
    buildOnlineBundle?: (options: {
      communeCode: string;
      cacheDirectory: string;
      refresh?: boolean;
      onProgress?: (message: string) => void;
    }) => Promise<{ manifestPath: string; missing: string[] }>;
  };
  try {
    const path = '../src/online/build-online-bundle.js';
    module = await import(/* @vite-ignore */ path);
  } catch (error) {
    throw new JumeauError(
      'unsupported',
      `--online is not available in this checkout (src/online/build-online-bundle.ts cannot be loaded: ${(error as Error).message})`,
      { cause: error },
    );
  }
  if (typeof module.buildOnlineBundle !== 'function')
    throw new JumeauError('unsupported', '--online: build-online-bundle.ts exports no buildOnlineBundle()');
  const result = await module.buildOnlineBundle({
    communeCode,
    cacheDirectory: process.env.JUMEAU_ONLINE_CACHE ?? join(APP_ROOT, '.cache', 'online'),
    refresh,
    onProgress: (message) => process.stderr.write(`${message}\n`),
  });
  if (result.missing.length > 0) process.stderr.write(`Manquant : ${result.missing.join(' ; ')}\n`);
  return result.manifestPath;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bundle: { type: 'string' },
      online: { type: 'boolean', default: false },
      commune: { type: 'string' },
      refresh: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.online && values.commune === undefined) throw new JumeauError('input', '--online needs --commune <code INSEE>');
  // pnpm runs the script in this package's folder: a relative --bundle is relative to where the user typed it.
  const bundlePath = values.online
    ? await buildOnline(values.commune as string, values.refresh)
    : values.bundle && resolve(process.env.INIT_CWD ?? process.cwd(), values.bundle);
  const server = await startServer({ ...(bundlePath ? { bundlePath } : {}), build: !values['no-build'] });
  for (const absent of server.bundle.absent)
    process.stderr.write(`Attention : fichier absent, l’application affichera l’erreur — ${absent}\n`);
  process.stdout.write(`Jumeau littoral — ${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = isJumeauError(error) ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`jumeau littoral: ${message.split('\n').join(' ')}\n`);
  process.exit(1);
});
