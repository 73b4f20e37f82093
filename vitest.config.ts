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
        optimizeDeps: { exclude: ['@jumeau/core', '@jumeau/workers'] },
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
