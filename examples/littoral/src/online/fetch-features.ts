import { type HttpClient, fetchWfsFeatures } from '@jumeau/catalog';
import { reprojectTable } from '@jumeau/convert';
import { featureTableToGeoJSON } from '@jumeau/core';

/** What to fetch from a WFS layer over a Lambert-93 bbox. */
export interface BboxFeaturesRequest {
  readonly typeName: string;
  readonly bboxLambert93: readonly [number, number, number, number];
  /** Properties kept (the others are dropped to keep the file small); all when omitted. */
  readonly keep?: readonly string[];
  /** Features per WFS page (default 1000). */
  readonly pageSize?: number;
}

/** A GeoJSON FeatureCollection in longitude/latitude (EPSG:4326), as the app reads it. */
export interface LonLatCollection {
  readonly type: 'FeatureCollection';
  readonly features: readonly { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> }[];
}

/**
 * Every feature of a WFS layer intersecting a Lambert-93 bbox, paged with COUNT/STARTINDEX (every page validated
 * by @jumeau/catalog), reprojected to longitude/latitude and reduced to the `keep` properties.
 *
 * @example
 * ```ts
 * const buildings = await fetchBboxFeatures(http, endpoint, {
 *   typeName: 'BDTOPO_V3:batiment', bboxLambert93: [376000, 6560000, 380000, 6564000], keep: ['hauteur'],
 * })
 * ```
 */
export async function fetchBboxFeatures(http: HttpClient, endpoint: string, request: BboxFeaturesRequest): Promise<LonLatCollection> {
  const table = await fetchWfsFeatures(http, endpoint, {
    typeName: request.typeName,
    bbox: request.bboxLambert93,
    bboxCrs: 'EPSG:2154',
    crs: 'EPSG:2154',
    pageSize: request.pageSize ?? 1000,
  });
  const collection = featureTableToGeoJSON(reprojectTable(table, 4326)) as unknown as LonLatCollection;
  const keep = request.keep;
  if (!keep) return collection;
  return {
    type: 'FeatureCollection',
    features: collection.features.map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      properties: Object.fromEntries(keep.map((name) => [name, feature.properties?.[name] ?? null])),
    })),
  };
}
