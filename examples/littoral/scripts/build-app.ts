/**
 * Builds the app with Vite's JS API. Workspace packages are bundled from their TypeScript sources (the
 * `@jumeau/source` export condition), so no prior `tsc` is needed.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** The example's folder (where `index.html` is). */
export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the built app goes: `dist/`, or `$JUMEAU_LITTORAL_DIST` (tests that build their own copy). */
export const DIST_DIRECTORY = process.env.JUMEAU_LITTORAL_DIST ?? join(APP_ROOT, 'dist');

const conditions = ['@jumeau/source', 'module', 'browser', 'development|production'];

/**
 * Builds `index.html` + `src/main.ts` (and the worker) into `dist/`; resolves when written.
 *
 * @example
 * ```ts
 * await buildApp({ quiet: true })
 * ```
 */
export async function buildApp(options: { quiet?: boolean } = {}): Promise<string> {
  await build({
    root: APP_ROOT,
    base: './',
    logLevel: options.quiet ? 'warn' : 'info',
    configFile: false,
    resolve: { conditions },
    worker: { format: 'es' },
    build: {
      outDir: DIST_DIRECTORY,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4096,
      reportCompressedSize: false,
    },
  });
  return DIST_DIRECTORY;
}
