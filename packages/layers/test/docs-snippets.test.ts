/**
 * Every ```ts snippet of docs/layers.md type-checks against the package's sources (TypeScript compiler API,
 * the repository's strict options). Identifiers a snippet uses but does not define (`dem`, `depth`, `communes`…)
 * get the declarations below, typed as a user would have them.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repository = resolve(here, '../../..');
const output = join(here, '../test-output/doc-snippets');

/** What the docs assume the reader already has. */
const AMBIENT: Record<string, string> = {
  dem: "import('@jumeau/core').Grid",
  depth: "import('@jumeau/core').Grid",
  depthAt6h: "import('@jumeau/core').Grid",
  depthAt7h: "import('@jumeau/core').Grid",
  withDikes: "import('@jumeau/core').Grid",
  withoutDikes: "import('@jumeau/core').Grid",
  arrivalTime: "import('@jumeau/core').Grid",
  communes: "import('@jumeau/core').FeatureTable",
  incidence: 'Float32Array',
  origins: 'Int32Array',
  destinations: 'Int32Array',
  counts: 'Float64Array',
  deck: "import('@deck.gl/core').Deck",
  terrainLayer: "import('@deck.gl/core').Layer",
  orthophoto: 'Blob',
  imageToRgba: '(image: Blob) => Promise<{ data: Uint8Array; width: number; height: number }>',
  minX: 'number',
  minY: 'number',
  maxX: 'number',
  maxY: 'number',
  capabilities: "import('@jumeau/layers').WmtsTileMatrixSet[]",
};

function snippets(): string[] {
  const markdown = readFileSync(join(repository, 'docs/layers.md'), 'utf8');
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

function withAmbient(code: string): string {
  const declared = new Set([...code.matchAll(/\b(?:const|let|function|class)\s+([A-Za-z_$][\w$]*)/g)].map((match) => match[1]));
  const needed = Object.entries(AMBIENT).filter(([name]) => !declared.has(name) && new RegExp(`\\b${name}\\b`).test(code));
  return `${code}\n${needed.map(([name, type]) => `declare const ${name}: ${type};`).join('\n')}\nexport {};\n`;
}

describe('docs/layers.md snippets type-check', () => {
  test('every ts snippet compiles with the strict options of the repository', () => {
    const blocks = snippets();
    expect(blocks.length).toBeGreaterThanOrEqual(9);
    rmSync(output, { recursive: true, force: true });
    mkdirSync(output, { recursive: true });
    const files = blocks.map((code, index) => {
      const file = join(output, `snippet-${index + 1}.ts`);
      writeFileSync(file, withAmbient(code));
      return file;
    });
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      customConditions: ['@jumeau/source'],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      paths: { '@jumeau/layers': [join(repository, 'packages/layers/src/index.ts')] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && files.includes(resolve(diagnostic.file.fileName)))
      .map((diagnostic) => {
        const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${diagnostic.file!.fileName.split('/').pop()}:${line + 1} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
    expect(diagnostics).toEqual([]);
  }, 180_000);
});
