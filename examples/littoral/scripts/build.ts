/** `pnpm --filter @jumeau/example-littoral build`: builds the app into dist/. */
import { buildApp } from './build-app.js';

await buildApp();
