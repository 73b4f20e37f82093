/**
 * Headless Debian Chromium as this project runs it (tests, benchmarks, apps): its path and the flags checked on this
 * kind of machine (shared/recipes/vitest-browser). One definition for vitest.config.ts and the benchmarks.
 */
export const CHROMIUM_PATH = process.env.JUMEAU_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
