import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { JumeauError } from '../errors.js';

/** Environment variable that points at the shared open-data folder (the one holding `data/README.md`). */
export const SHARED_DIR_VARIABLE = 'JUMEAU_SHARED_DIR';

function isSharedDir(directory: string): boolean {
  return existsSync(join(directory, 'data', 'README.md'));
}

/**
 * The folder of Jumeau's shared real open data (`shared/`, beside the repository): `$JUMEAU_SHARED_DIR` when set,
 * else the first `shared/` found walking up from `from` (default: the working directory). Throws `input` with
 * the places it looked when there is none.
 *
 * @example
 * ```ts
 * const dem = sharedDataPath('oleron', 'dem_20m_ngf_l93.tif')
 * ```
 */
export function findSharedDir(from: string = process.cwd()): string {
  const override = process.env[SHARED_DIR_VARIABLE];
  if (override) {
    const directory = resolve(override);
    if (!isSharedDir(directory)) {
      throw new JumeauError('input', `${SHARED_DIR_VARIABLE}=${override} has no data/README.md: not Jumeau's shared data folder`);
    }
    return directory;
  }
  const tried: string[] = [];
  let directory = resolve(from);
  for (;;) {
    for (const candidate of [join(directory, 'shared'), join(directory, '..', 'shared')]) {
      tried.push(candidate);
      if (isSharedDir(candidate)) return resolve(candidate);
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new JumeauError(
    'input',
    `Cannot find Jumeau's shared data folder (a "shared/" with data/README.md beside the repository); ` +
      `set ${SHARED_DIR_VARIABLE}. Looked in: ${tried.slice(0, 4).join(', ')}…`,
  );
}

/** Absolute path of a file of the shared data set: `sharedDataPath('oleron', 'dem_20m_ngf_l93.tif')`. */
export function sharedDataPath(...segments: string[]): string {
  const path = join(findSharedDir(), 'data', ...segments);
  if (!existsSync(path)) {
    throw new JumeauError('input', `The shared data file ${path} does not exist (see shared/data/README.md)`);
  }
  return path;
}

/** Absolute path under the shared folder (fixtures, recipes): `sharedPath('fixtures', 'geoplateforme')`. */
export function sharedPath(...segments: string[]): string {
  return join(findSharedDir(), ...segments);
}
