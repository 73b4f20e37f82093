import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JumeauError } from '@jumeau/core';
import type { CommandIo } from './command.js';

/** Reads a file given on the command line, naming it when it cannot be read. */
export async function readInputFile(io: CommandIo, path: string): Promise<Buffer> {
  try {
    return await readFile(resolve(io.cwd, path));
  } catch (cause) {
    throw new JumeauError('input', `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
  }
}

/** Reads a text file (UTF-8). */
export async function readInputText(io: CommandIo, path: string): Promise<string> {
  return (await readInputFile(io, path)).toString('utf8');
}

/** Writes an output file, or stdout when the path is `-`. */
export async function writeOutput(io: CommandIo, path: string, content: string | Uint8Array): Promise<void> {
  if (path === '-') {
    io.stdout.write(content);
    return;
  }
  try {
    await writeFile(resolve(io.cwd, path), content);
  } catch (cause) {
    throw new JumeauError('input', `Cannot write ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
  }
}

/** Reads a JSON file, with a `format` error naming the file when it is not JSON. */
export async function readJsonFile(io: CommandIo, path: string): Promise<unknown> {
  const text = await readInputText(io, path);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new JumeauError('format', `${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}
