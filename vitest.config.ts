import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.config.js';

// Workspace packages resolve to their TypeScript sources in tests (the `@jumeau/source` export condition).
const conditions = ['@jumeau/source'];
const resolve = { conditions: [...conditions, 'module', 'browser', 'development|production'] };
const ssrResolve = { conditions: [...conditions, 'module', 'node', 'development|production'] };

export default defineConfig({
  resolve,
  ssr: { resolve: ssrResolve },
  test: {
    projects: [
      {
        resolve,
        ssr: { resolve: ssrResolve },
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'benchmarks/test/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        // Browser tests read ../shared in place through vitest's readFile command: let Vite serve it.
        server: { fs: { allow: ['.', process.env.JUMEAU_SHARED_DIR ?? '../shared'] } },
        // Pre-bundled once, so the first run after an install does not reload the page mid-test.
        optimizeDeps: {
          exclude: ['@jumeau/core', '@jumeau/workers'],
          include: [
            '@deck.gl/core',
            '@deck.gl/layers',
            '@deck.gl/geo-layers',
            '@deck.gl/mesh-layers',
            '@luma.gl/core',
            '@luma.gl/engine',
            '@luma.gl/webgl',
            'geotiff',
            '@mapbox/martini',
            'h3-js',
            'apache-arrow',
          ],
        },
        test: {
          name: 'browser',
          include: ['packages/*/test/**/*.browser.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: existsSync(CHROMIUM_PATH),
            headless: true,
            screenshotFailures: false,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
          },
        },
      },
    ],
  },
});
