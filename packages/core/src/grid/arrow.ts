import {
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Uint16,
  Uint8,
  makeData,
  tableFromIPC,
  tableToIPC,
  type DataType,
} from 'apache-arrow';
import { JumeauError } from '../errors.js';
import { validate } from '../validate.js';
import { createGrid } from './create.js';
import { gridDataTypeOf } from './data-types.js';
import { gridArrowMetadataSchema } from './schema.js';
import type { Grid, GridArray, GridDataType } from './types.js';

/** The schema metadata key under which a grid's georeference is stored (JSON). */
export const GRID_METADATA_KEY = 'jumeau:grid';
/** The name of the values column of a grid table. */
export const GRID_VALUES_COLUMN = 'values';

function arrowTypeOf(dataType: GridDataType): DataType {
  switch (dataType) {
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'int16':
      return new Int16();
    case 'int32':
      return new Int32();
    case 'uint8':
      return new Uint8();
    case 'uint16':
      return new Uint16();
  }
}

/**
 * An Arrow table of one `values` column over the grid's own array (no copy) with the georeference in the
 * schema metadata (`jumeau:grid`). No data stays a value (as in GeoTIFF), not an Arrow null bitmap.
 *
 * @example
 * ```ts
 * const table = gridToArrowTable(dem) // table.getChild('values').data[0].values === dem.data
 * ```
 */
export function gridToArrowTable(grid: Grid): Table {
  const dataType = gridDataTypeOf(grid.data);
  const metadata = {
    version: 1,
    dataType,
    width: grid.width,
    height: grid.height,
    transform: [...grid.transform],
    crs: grid.crs,
    nodata: grid.nodata !== null && Number.isNaN(grid.nodata) ? 'NaN' : grid.nodata,
    verticalDatum: grid.verticalDatum,
    units: grid.units,
  };
  const type = arrowTypeOf(dataType);
  const field = new Field(GRID_VALUES_COLUMN, type, false);
  const schema = new Schema([field], new Map([[GRID_METADATA_KEY, JSON.stringify(metadata)]]));
  const values = makeData({ type: type as Float32, length: grid.data.length, nullCount: 0, data: grid.data as Float32Array });
  const struct = makeData({ type: new Struct(schema.fields), length: grid.data.length, nullCount: 0, children: [values] });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

/**
 * Reads a grid back from an Arrow table made by {@link gridToArrowTable} (or read from IPC). With a single
 * record batch the values are a view of the table's buffer (no copy); several batches are concatenated.
 * Throws `format` when the metadata is missing or invalid.
 */
export function gridFromArrowTable(table: Table): Grid {
  const raw = table.schema.metadata.get(GRID_METADATA_KEY);
  if (raw === undefined) {
    throw new JumeauError('format', `The Arrow table has no "${GRID_METADATA_KEY}" schema metadata: it is not a Jumeau grid`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new JumeauError('format', `The "${GRID_METADATA_KEY}" metadata is not valid JSON`, { cause });
  }
  const metadata = validate(gridArrowMetadataSchema, json, 'grid metadata in the Arrow table', 'format');
  const column = table.getChild(GRID_VALUES_COLUMN);
  if (!column) throw new JumeauError('format', `The Arrow grid table has no "${GRID_VALUES_COLUMN}" column`);
  const cells = metadata.width * metadata.height;
  if (column.length !== cells) {
    throw new JumeauError(
      'format',
      `The Arrow grid has ${column.length} values, but ${metadata.width} × ${metadata.height} = ${cells} are declared`,
    );
  }
  const expected = gridDataTypeOf(column.data[0]?.values);
  if (expected !== metadata.dataType) {
    throw new JumeauError('format', `The Arrow grid column is ${expected} but the metadata says ${metadata.dataType}`);
  }
  let data: GridArray;
  if (column.data.length === 1) {
    // Arrow JS slices value buffers eagerly; `offset` only indexes the validity bitmap.
    data = (column.data[0] as { values: GridArray }).values.subarray(0, cells) as GridArray;
  } else {
    data = column.toArray() as GridArray;
  }
  return createGrid({
    width: metadata.width,
    height: metadata.height,
    transform: metadata.transform,
    crs: metadata.crs,
    nodata: metadata.nodata === 'NaN' ? Number.NaN : metadata.nodata,
    verticalDatum: metadata.verticalDatum,
    units: metadata.units,
    data,
  });
}

/**
 * Serialises a grid to Arrow IPC (stream format) — the one copy of the values is the serialisation itself.
 *
 * @example
 * ```ts
 * const bytes = gridToArrowIPC(dem)
 * const again = gridFromArrowIPC(bytes) // again.data is a view of `bytes`
 * ```
 */
export function gridToArrowIPC(grid: Grid): Uint8Array {
  return tableToIPC(gridToArrowTable(grid), 'stream');
}

/** Reads an Arrow IPC buffer (stream or file format) into a grid whose values are a view of `bytes`. */
export function gridFromArrowIPC(bytes: Uint8Array | ArrayBuffer): Grid {
  let table: Table;
  try {
    table = tableFromIPC(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  } catch (cause) {
    throw new JumeauError('format', `Not a readable Arrow IPC buffer: ${(cause as Error).message}`, { cause });
  }
  return gridFromArrowTable(table);
}
