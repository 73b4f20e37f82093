import { JumeauError, featureTableFromGeoJSON, throwIfAborted, type CrsLike, type FeatureTable } from '@jumeau/core';
import type { FeatureProgress, GeoJsonPageFeature } from './geojson-page.js';

/** A page as the collectors see it: its features and the server's total, when given. */
export interface FeaturePage {
  readonly features: readonly GeoJsonPageFeature[];
  readonly featuresMatched: number | undefined;
  /** The CRS the page declares (GeoServer's `crs` member), if any. */
  readonly declaredCrs?: string | undefined;
}

/** What {@link collectFeatures} returns besides the features. */
export interface CollectedFeatures {
  readonly features: GeoJsonPageFeature[];
  readonly featuresMatched: number | undefined;
  readonly pagesLoaded: number;
  readonly declaredCrs: string | undefined;
  /** Features dropped because a page repeated an id already loaded (a server whose order shifted). */
  readonly duplicatesDropped: number;
}

/**
 * Drains pages into one array, dropping features whose `id` was already seen (so a page that overlaps the
 * previous one after a retry never duplicates), reporting progress after each page. A page made only of
 * features already seen (a server ignoring the offset) and a total short of the announced `numberMatched` are
 * `format` errors, never a silent loss.
 *
 * @example
 * ```ts
 * const { features } = await collectFeatures(wfsFeaturePages(endpoint, options), { onProgress })
 * ```
 */
export async function collectFeatures(
  pages: AsyncIterable<FeaturePage>,
  options: { readonly onProgress?: (progress: FeatureProgress) => void; readonly signal?: AbortSignal; readonly expectAll?: boolean } = {},
): Promise<CollectedFeatures> {
  const features: GeoJsonPageFeature[] = [];
  const seen = new Set<string | number>();
  let featuresMatched: number | undefined;
  let pagesLoaded = 0;
  let duplicatesDropped = 0;
  let declaredCrs: string | undefined;
  for await (const page of pages) {
    throwIfAborted(options.signal);
    pagesLoaded++;
    featuresMatched = page.featuresMatched ?? featuresMatched;
    declaredCrs ??= page.declaredCrs;
    const before = features.length;
    for (const feature of page.features) {
      const id = feature.id;
      if (id !== undefined && id !== null) {
        if (seen.has(id)) {
          duplicatesDropped++;
          continue;
        }
        seen.add(id);
      }
      features.push(feature);
    }
    if (page.features.length > 0 && features.length === before) {
      throw new JumeauError(
        'format',
        `Page ${pagesLoaded} repeats ${page.features.length} features already loaded: the server ignores the paging parameters`,
        { details: { page: pagesLoaded } },
      );
    }
    options.onProgress?.({ featuresLoaded: features.length, featuresMatched, pagesLoaded });
  }
  if (options.expectAll !== false && featuresMatched !== undefined && features.length < featuresMatched) {
    throw new JumeauError('format', `The server announced ${featuresMatched} features but the pages held ${features.length}`, {
      details: { featuresMatched, featuresLoaded: features.length },
    });
  }
  return { features, featuresMatched, pagesLoaded, duplicatesDropped, declaredCrs };
}

/**
 * Builds a core {@link FeatureTable} (GeoArrow) from collected features; the feature `id` becomes an `id`
 * column when the properties have none.
 *
 * @example
 * ```ts
 * const table = featuresToTable(collected.features, 2154)
 * ```
 */
export function featuresToTable(features: readonly GeoJsonPageFeature[], crs: CrsLike): FeatureTable {
  const withIds = features.map((feature) => {
    const properties = { ...(feature.properties ?? {}) };
    if (feature.id !== undefined && feature.id !== null && !('id' in properties)) properties.id = feature.id;
    return { type: 'Feature' as const, geometry: feature.geometry as never, properties };
  });
  return featureTableFromGeoJSON({ type: 'FeatureCollection', features: withIds }, { crs });
}
