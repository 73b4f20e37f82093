/**
 * Node side of a territory bundle: reads `territory.json`, validates it, resolves every file it names (the
 * `shared:` prefix → the shared data folder; other paths → relative to the manifest) and gives the manifest the
 * browser sees, whose paths are the server's `files/<name>` URLs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { JumeauError } from '@jumeau/core';
import { sharedPath } from '@jumeau/core/node';
import { type TerritoryManifest, parseTerritoryManifest } from '../src/bundle/manifest.js';

/** The manifest keys that name a file, in the order the app loads them. */
export const BUNDLE_FILE_NAMES = ['dem', 'communes', 'population', 'buildings', 'defences', 'equipment', 'forcing', 'shoreline'] as const;

/** One of {@link BUNDLE_FILE_NAMES}. */
export type BundleFileName = (typeof BUNDLE_FILE_NAMES)[number];

/** A bundle ready to serve. */
export interface ResolvedBundle {
  /** Absolute path of `territory.json`. */
  readonly manifestPath: string;
  /** The manifest as written (validated). */
  readonly manifest: TerritoryManifest;
  /** The manifest the browser receives: each `path` replaced by `files/<name>`. */
  readonly publicManifest: TerritoryManifest;
  /** Absolute path of each file the manifest names, by manifest key. */
  readonly files: ReadonlyMap<BundleFileName, string>;
  /** Files named by the manifest but absent on disk, as `name: path` (the app shows them on its error page). */
  readonly absent: readonly string[];
}

/**
 * Where a manifest path points on disk: `shared:oleron/x.tif` → `<shared>/data/oleron/x.tif`; others relative to
 * the manifest's folder. Throws a `JumeauError` (`input`) when the shared folder cannot be found.
 *
 * @example
 * ```ts
 * resolveBundlePath('shared:oleron/dem_20m_ngf_l93.tif', '/repo/examples/littoral/bundles/oleron/territory.json')
 * // → '/shared/data/oleron/dem_20m_ngf_l93.tif'
 * ```
 */
export function resolveBundlePath(path: string, manifestPath: string): string {
  if (path.startsWith('shared:')) {
    const segments = path
      .slice('shared:'.length)
      .split('/')
      .filter((segment) => segment.length > 0);
    if (segments.includes('..'))
      throw new JumeauError('input', `Bundle path "${path}" leaves the shared data folder`, { details: { path } });
    return sharedPath('data', ...segments);
  }
  return isAbsolute(path) ? path : resolve(dirname(manifestPath), path);
}

/**
 * Reads and validates a `territory.json` and resolves its files. Throws a one-line `JumeauError` (`format`) naming
 * the field for a bad manifest, `input` when the manifest itself is missing or not JSON.
 *
 * @example
 * ```ts
 * const bundle = readBundle('examples/littoral/bundles/oleron/territory.json')
 * bundle.files.get('dem') // absolute path of the DEM
 * ```
 */
export function readBundle(manifestPath: string): ResolvedBundle {
  const absolute = resolve(manifestPath);
  if (!existsSync(absolute)) throw new JumeauError('input', `No territory manifest at ${absolute}`, { details: { path: absolute } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw new JumeauError('format', `${absolute} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const manifest = parseTerritoryManifest(parsed);
  const files = new Map<BundleFileName, string>();
  const publicManifest = structuredClone(manifest) as Record<string, unknown>;
  const absent: string[] = [];
  for (const name of BUNDLE_FILE_NAMES) {
    const entry = manifest[name];
    if (!entry) continue;
    const path = resolveBundlePath(entry.path, absolute);
    files.set(name, path);
    if (!existsSync(path)) absent.push(`${name}: ${path}`);
    (publicManifest[name] as { path: string }).path = `files/${name}`;
  }
  return { manifestPath: absolute, manifest, publicManifest: publicManifest as TerritoryManifest, files, absent };
}
