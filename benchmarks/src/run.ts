/**
 * `pnpm bench` — runs every `*.bench.ts` suite of this folder (or those whose name contains an argument) and
 * prints one Markdown table per suite, also written to `benchmarks/results/latest.md`.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchmarkSuite, toMarkdown } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

const header = [
  `# Jumeau benchmarks — ${new Date().toISOString()}`,
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}. Ratios compare with the reference in the same run.`,
  '',
];
console.log(header.join('\n'));
const sections: string[] = [];
let failed = false;
for (const file of files) {
  try {
    const module = (await import(pathToFileURL(join(here, file)).href)) as { default?: BenchmarkSuite; run?: BenchmarkSuite };
    const suite = module.default ?? module.run;
    if (!suite) throw new Error(`${file} exports no suite`);
    const section = toMarkdown(await suite());
    sections.push(section);
    console.log(`${section}\n`);
  } catch (error) {
    failed = true;
    const message = `### ${file}\n\nFAILED: ${(error as Error).stack ?? String(error)}`;
    sections.push(message);
    console.error(`${message}\n`);
  }
}
const out = join(here, '..', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'latest.md'), `${header.join('\n')}\n${sections.join('\n\n')}\n`);
if (failed) process.exitCode = 1;
