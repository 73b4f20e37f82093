#!/usr/bin/env node
// `pnpm check`: build, lint (Biome, zero warnings), type-check, then publint and "are the types wrong" on every
// published package. Stops at the first failing step and says which.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;

function resolveBin(script) {
  return script.startsWith('node_modules/') ? join(root, script) : require.resolve(script);
}

function step(title, script, args, options = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(process.execPath, [resolveBin(script), ...args], { stdio: 'inherit', cwd: options.cwd ?? root });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

step('build (tsc -b)', 'typescript/bin/tsc', ['-b']);
step('type-check tests', 'typescript/bin/tsc', ['-p', 'tsconfig.tests.json']);
step('lint and format (Biome)', 'node_modules/@biomejs/biome/bin/biome', ['check', '--error-on-warnings', '.']);
const packages = readdirSync(join(root, 'packages')).filter((name) => {
  try {
    return !JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).private;
  } catch {
    return false;
  }
});
for (const name of packages) {
  const directory = join(root, 'packages', name);
  step(`publint @jumeau/${name}`, 'node_modules/publint/src/cli.js', ['--strict'], { cwd: directory });
  step(
    `are the types wrong @jumeau/${name}`,
    'node_modules/@arethetypeswrong/cli/dist/index.js',
    ['--pack', '.', '--profile', 'esm-only'],
    { cwd: directory },
  );
}
console.log('\n✔ check passed');
