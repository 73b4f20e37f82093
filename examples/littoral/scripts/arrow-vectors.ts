/**
 * The server's conversion of a bundle's vector files (GeoJSON, GeoPackage) to Arrow IPC, once at start: the browser
 * then reads columns instead of parsing text (the Oléron buildings: 9 MB of GeoJSON, seconds of the page's worker
 * under load, against milliseconds for the same table in Arrow), and GeoPackage bundles work in the browser.
 */
import { statSync } from 'node:fs';
import { featureTableToIPC } from '@jumeau/core';
import { readFeatureTableFile } from '@jumeau/convert/node';
import type { TerritoryManifest } from '../src/bundle/manifest.js';
import type { BundleFileName, ResolvedBundle } from './bundle-files.js';

/** The manifest keys of vector files. */
export const VECTOR_FILE_NAMES = ['communes', 'buildings', 'defences', 'equipment'] as const satisfies readonly BundleFileName[];

/** One converted file. */
export interface ArrowVectorFile {
  /** Arrow IPC stream bytes. */
  readonly bytes: Uint8Array;
  /** The source file's modification time when converted (ms since the epoch). */
  readonly sourceModifiedMilliseconds: number;
}

/** A bundle's converted files and the manifest the browser receives (their format set to `arrow`). */
export interface ArrowVectors {
  readonly files: ReadonlyMap<BundleFileName, ArrowVectorFile>;
  readonly publicManifest: TerritoryManifest;
  /** Files left as they are because they could not be read, as `name: message` (the browser then reports them). */
  readonly skipped: readonly string[];
}

/**
 * Converts every vector file of `bundle` present on disk; a file that cannot be read is left to the browser, which
 * shows the error on its error page as for any other bad file.
 *
 * @example
 * ```ts
 * const vectors = await convertVectorFiles(readBundle(DEFAULT_BUNDLE_PATH))
 * vectors.publicManifest.buildings.format // 'arrow'
 * ```
 */
export async function convertVectorFiles(bundle: ResolvedBundle): Promise<ArrowVectors> {
  const files = new Map<BundleFileName, ArrowVectorFile>();
  const publicManifest = structuredClone(bundle.publicManifest) as Record<string, unknown>;
  const skipped: string[] = [];
  for (const name of VECTOR_FILE_NAMES) {
    const entry = bundle.manifest[name] as { format: string; layer?: string } | undefined;
    const path = bundle.files.get(name);
    if (!entry || !path || bundle.absent.some((line) => line.startsWith(`${name}:`))) continue;
    try {
      const sourceModifiedMilliseconds = statSync(path).mtimeMs;
      const table = await readFeatureTableFile(path, entry.layer ? { layer: entry.layer } : {});
      files.set(name, { bytes: featureTableToIPC(table), sourceModifiedMilliseconds });
      (publicManifest[name] as { format: string }).format = 'arrow';
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message}`);
    }
  }
  return { files, publicManifest: publicManifest as TerritoryManifest, skipped };
}
