import type { Table } from 'apache-arrow';
import { describeGeometryColumn } from './feature-table.js';
import { geometryBuffers, readGeometryFromBuffers, type GeoJSONGeometry } from './read-geometry.js';

/** A GeoJSON Feature as produced by {@link featureTableToGeoJSON}. */
export interface GeoJSONFeature {
  readonly type: 'Feature';
  readonly geometry: GeoJSONGeometry | null;
  readonly properties: Record<string, unknown>;
}

/** A GeoJSON FeatureCollection as produced by {@link featureTableToGeoJSON}. */
export interface GeoJSONFeatureCollectionOutput {
  readonly type: 'FeatureCollection';
  readonly features: GeoJSONFeature[];
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/**
 * A GeoJSON FeatureCollection from a {@link FeatureTable}: every non-geometry column becomes a property.
 * Coordinates are written in the table's CRS as they are (reproject to EPSG:4326 first for RFC 7946 files).
 *
 * @example
 * ```ts
 * const collection = featureTableToGeoJSON(table)
 * ```
 */
export function featureTableToGeoJSON(table: Table, column?: string): GeoJSONFeatureCollectionOutput {
  const info = describeGeometryColumn(table, column);
  const attributes = table.schema.fields
    .map((field, index) => ({ name: field.name, index }))
    .filter((attribute) => attribute.index !== info.index);
  const features: GeoJSONFeature[] = [];
  const batches = geometryBuffers(table, info.name);
  for (const [batchIndex, buffers] of batches.entries()) {
    const batch = table.batches[batchIndex];
    const vectors = attributes.map((attribute) => batch?.getChildAt(attribute.index));
    for (let index = 0; index < buffers.length; index += 1) {
      const properties: Record<string, unknown> = {};
      attributes.forEach((attribute, position) => {
        properties[attribute.name] = plain(vectors[position]?.get(index));
      });
      features.push({ type: 'Feature', geometry: readGeometryFromBuffers(buffers, index), properties });
    }
  }
  return { type: 'FeatureCollection', features };
}
