import { parse } from '@loaders.gl/core';
import { FlatGeobufLoader } from '@loaders.gl/flatgeobuf';
import { JumeauError, featureTableFromGeoJSON, parseCrs, type FeatureTable } from '@jumeau/core';

/**
 * Reads a FlatGeobuf file with loaders.gl (as GeoJSON features, then into GeoArrow buffers), taking the CRS from
 * the FlatGeobuf header (EPSG organisation), else `crs`, else WGS84.
 *
 * @example
 * ```ts
 * const districts = await readFlatGeobuf(bytes) // EPSG:2154 from the header
 * ```
 */
export async function readFlatGeobuf(bytes: Uint8Array, options: { crs?: number } = {}): Promise<FeatureTable> {
  let table: { features?: unknown[]; schema?: { metadata?: Record<string, string> } };
  try {
    table = (await parse(bytes, FlatGeobufLoader, { flatgeobuf: { shape: 'geojson-table' } } as never)) as typeof table;
  } catch (cause) {
    throw new JumeauError('format', 'Not a readable FlatGeobuf file', { cause });
  }
  const crs = headerCrs(table.schema?.metadata?.crs) ?? options.crs ?? 4326;
  const features = (table.features ?? []) as { geometry?: { type?: string } | null }[];
  const polygons = features.some((feature) => feature.geometry?.type?.includes('Polygon'));
  const lines = features.some((feature) => feature.geometry?.type?.includes('LineString'));
  return featureTableFromGeoJSON(
    { type: 'FeatureCollection', features },
    { crs: parseCrs(crs), ...(polygons ? { encoding: 'geoarrow.multipolygon' } : lines ? { encoding: 'geoarrow.multilinestring' } : {}) },
  );
}

function headerCrs(text: string | undefined): number | null {
  if (!text) return null;
  try {
    const crs = JSON.parse(text) as { org?: string; code?: number };
    return crs.org?.toUpperCase() === 'EPSG' && typeof crs.code === 'number' && crs.code > 0 ? crs.code : null;
  } catch {
    return null;
  }
}
