import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JumeauError } from '@jumeau/core';

/** The file name of IGN's NTF → RGF93 grid in PROJ's data folder (Debian: `proj-data`). */
export const NTF_GRID_FILE_NAME = 'ntf_r93.gsb';

function candidatePaths(): string[] {
  const folders = [process.env.PROJ_DATA, process.env.PROJ_LIB, '/usr/share/proj', '/usr/local/share/proj', '/opt/homebrew/share/proj'];
  return folders
    .filter((folder): folder is string => Boolean(folder))
    .flatMap((folder) => folder.split(':').map((part) => join(part, NTF_GRID_FILE_NAME)));
}

/**
 * Finds `ntf_r93.gsb` in PROJ's data folders (`$PROJ_DATA`, `$PROJ_LIB`, `/usr/share/proj`, …) and returns its
 * path, or undefined when PROJ's data is not installed.
 *
 * @example
 * ```ts
 * await findNtfGrid(); // "/usr/share/proj/ntf_r93.gsb" on Debian with proj-data
 * ```
 */
export async function findNtfGrid(): Promise<string | undefined> {
  for (const path of candidatePaths()) {
    try {
      await access(path);
      return path;
    } catch {
      // Not in this folder: try the next.
    }
  }
  return undefined;
}

/**
 * Reads the NTF → RGF93 grid to pass as `ntfGrid` to `reproject`/`createTransformer`: from `path`, or from
 * PROJ's data folders. Throws `input` naming the folders searched when it is nowhere.
 *
 * @example
 * ```ts
 * const ntfGrid = await loadNtfGrid();
 * reproject(lambertII, 27572, 2154, { ntfGrid });
 * ```
 */
export async function loadNtfGrid(path?: string): Promise<Uint8Array> {
  const resolved = path ?? (await findNtfGrid());
  if (!resolved) {
    throw new JumeauError('input', `${NTF_GRID_FILE_NAME} not found in ${candidatePaths().join(', ')}: install proj-data or pass its path`);
  }
  try {
    return new Uint8Array(await readFile(resolved));
  } catch (cause) {
    throw new JumeauError('input', `Cannot read the NTF grid ${resolved}`, { cause, details: { path: resolved } });
  }
}
