/**
 * Test helper: runs a bash script inside a throw-away GRASS GIS location (EPSG:2154) — one `grass` start for many
 * modules. GRASS (Debian grass-core) is the reference tool of the submersion and fill tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for GRASS outputs. */
export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs `script` (bash) with GRASS; returns its stdout. Throws with GRASS's stderr when it fails. */
export function runGrass(script: string, directory: string): string {
  const scriptPath = join(directory, 'script.sh');
  writeFileSync(scriptPath, `set -e\n${script}\n`);
  return execFileSync('grass', ['--tmp-location', 'EPSG:2154', '--exec', 'bash', scriptPath], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}
