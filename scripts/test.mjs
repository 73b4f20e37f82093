#!/usr/bin/env node
// The one test command (README, `.ci/run`): builds the packages, then runs every Node and Chromium test.
// Browser tests need Debian's Chromium at /usr/bin/chromium (or $JUMEAU_CHROMIUM). On a developer machine
// without it they are skipped with a message; under CI (CI=true) a missing browser is an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const chromium = process.env.JUMEAU_CHROMIUM ?? '/usr/bin/chromium';
const extra = process.argv.slice(2);

/** A package's file by path (not all packages export their bin through `exports`). */
function packageFile(name, file) {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

function run(script, args) {
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(packageFile('typescript', 'bin/tsc'), ['-b']);
const projects = ['--project', 'node'];
if (existsSync(chromium)) {
  projects.push('--project', 'browser');
} else if (process.env.CI) {
  console.error(`Chromium is missing at ${chromium}: CI must run the browser tests (apt-get install chromium).`);
  process.exit(1);
} else {
  console.warn(`\n⚠ Chromium not found at ${chromium}: browser tests skipped. Install it (Debian: apt-get install chromium)\n`);
}
run(packageFile('vitest', 'vitest.mjs'), ['run', ...projects, ...extra]);
