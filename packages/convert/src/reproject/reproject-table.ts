import {
  EXTENSION_METADATA_KEY,
  describeGeometryColumn,
  featureTableCrs,
  formatCrs,
  getCrs,
  type CrsLike,
  type FeatureTable,
} from '@jumeau/core';
import { Field, RecordBatch, Schema, Struct, Table, makeData, type Data } from 'apache-arrow';
import { createTransformer, type Transformer, type TransformerOptions } from './transformer.js';

/** Options of {@link reprojectTable}. */
export type ReprojectTableOptions = Omit<TransformerOptions, 'dimensions'>;

/** Copies one level of a nested list (or the fixed-size coordinate list) with a new child. */
function withChild(data: Data, child: Data): Data {
  const common = {
    type: data.type,
    offset: data.offset,
    length: data.length,
    nullCount: data.nullCount,
    nullBitmap: data.nullBitmap,
    child,
  };
  // Fixed-size lists carry no offsets; lists keep theirs (shared, not copied).
  return data.valueOffsets ? makeData({ ...common, valueOffsets: data.valueOffsets } as never) : makeData(common as never);
}

/** Rebuilds a geometry column chunk with reprojected coordinates; offsets and validity are shared. */
function reprojectChunk(data: Data, depth: number, transformer: Transformer): Data {
  if (depth > 0) return withChild(data, reprojectChunk(data.children[0] as Data, depth - 1, transformer));
  const values = data.children[0] as Data;
  const coordinates = transformer.forward(values.values as Float64Array);
  const leaf = makeData({
    type: values.type,
    offset: values.offset,
    length: values.length,
    nullCount: values.nullCount,
    nullBitmap: values.nullBitmap,
    data: coordinates,
  } as never);
  return withChild(data, leaf);
}

function nestingDepth(data: Data): number {
  let depth = 0;
  for (let level = data; level.valueOffsets !== undefined && level.children[0]; level = level.children[0] as Data) depth += 1;
  return depth;
}

function updatedMetadata(field: Field, code: number): Map<string, string> {
  const metadata = new Map(field.metadata);
  const previous = JSON.parse(metadata.get(EXTENSION_METADATA_KEY) ?? '{}') as Record<string, unknown>;
  metadata.set(EXTENSION_METADATA_KEY, JSON.stringify({ ...previous, crs: formatCrs(code), crs_type: 'authority_code' }));
  return metadata;
}

/**
 * Reprojects a feature table (GeoArrow, any native encoding, xy or xyz) from the CRS its geometry column declares
 * to `to`. The result has a new coordinate buffer and the new `crs` in the GeoArrow metadata; list offsets,
 * validity and every attribute column are shared with the input, not copied. Throws `crs` when the table
 * declares no CRS.
 *
 * @example
 * ```ts
 * const communesWgs84 = reprojectTable(communesLambert93, 4326);
 * featureTableCrs(communesWgs84); // 4326
 * ```
 */
export function reprojectTable(table: FeatureTable, to: CrsLike, options: ReprojectTableOptions = {}): FeatureTable {
  const from = featureTableCrs(table);
  const info = describeGeometryColumn(table);
  const target = getCrs(to);
  const transformer = createTransformer(from, target.code, { ...options, dimensions: info.dimensions === 'xyz' ? 3 : 2 });
  const oldField = table.schema.fields[info.index] as Field;
  const field = new Field(oldField.name, oldField.type, oldField.nullable, updatedMetadata(oldField, target.code));
  const fields = table.schema.fields.map((candidate, index) => (index === info.index ? field : candidate));
  const schema = new Schema(fields, table.schema.metadata);
  const batches = table.batches.map((batch) => {
    const children = batch.data.children.map((child, index) =>
      index === info.index ? reprojectChunk(child, nestingDepth(child), transformer) : child,
    );
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children }));
  });
  return new Table(schema, batches);
}
