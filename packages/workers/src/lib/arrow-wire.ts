import { Data, type DataType, RecordBatch, type Schema, Struct, Table, Type, makeVector, tableFromIPC, tableToIPC } from 'apache-arrow';
import { JumeauError } from '@jumeau/core';

/** Marks an encoded Arrow table inside a message (a key no user object carries by accident). */
export const WIRE_TABLE_KEY = '@jumeau/workers:arrow-table';

/** One Arrow `Data` node as plain structured-cloneable fields; its type comes from the schema on arrival. */
export interface WireData {
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  /** `[valueOffsets, values, nullBitmap, typeIds]`, Arrow's `BufferType` order; views keep their byte offsets. */
  readonly buffers: readonly (ArrayBufferView | undefined)[];
  readonly variadicBuffers: readonly Uint8Array[];
  readonly children: readonly WireData[];
  readonly dictionary: readonly WireData[] | null;
}

/** An Arrow table on the wire: its schema as an IPC schema message (a few hundred bytes), its batches as Data trees. */
export interface WireTable {
  readonly [WIRE_TABLE_KEY]: 1;
  readonly schema: Uint8Array;
  readonly batches: readonly WireData[];
}

/**
 * Encodes a table so that it survives structured clone with its buffers transferable: no byte of column
 * data is copied or re-laid out (unlike IPC serialisation, which copies every buffer).
 */
export function encodeTable(table: Table): WireTable {
  const schemaBytes = tableToIPC(new Table(table.schema), 'stream');
  return { [WIRE_TABLE_KEY]: 1, schema: schemaBytes, batches: table.batches.map((batch) => encodeData(batch.data)) };
}

function encodeData(data: Data): WireData {
  return {
    offset: data.offset,
    length: data.length,
    nullCount: data.nullCount,
    buffers: [data.valueOffsets, data.values, data.nullBitmap, data.typeIds].map(asView),
    variadicBuffers: [...(data.variadicBuffers ?? [])],
    children: data.children.map(encodeData),
    dictionary: data.dictionary ? data.dictionary.data.map(encodeData) : null,
  };
}

function asView(buffer: unknown): ArrayBufferView | undefined {
  return ArrayBuffer.isView(buffer) ? buffer : undefined;
}

/** True when `value` is an encoded table. */
export function isWireTable(value: object): value is WireTable {
  return (value as Partial<WireTable>)[WIRE_TABLE_KEY] === 1;
}

/** Rebuilds a real Arrow `Table` over the received buffers (no copy). Throws `format` on a malformed message. */
export function decodeTable(wire: WireTable): Table {
  let schema: Schema;
  try {
    schema = tableFromIPC(wire.schema).schema;
  } catch (cause) {
    throw new JumeauError('format', `A worker message carried an unreadable Arrow schema: ${(cause as Error).message}`, { cause });
  }
  const structType = new Struct(schema.fields);
  const batches = wire.batches.map((batch) => new RecordBatch(schema, decodeData(structType, batch) as Data<Struct>));
  return new Table(schema, batches);
}

function decodeData(type: DataType, wire: WireData): Data {
  const children = wire.children.map((child, index) => {
    const childType = type.children?.[index]?.type;
    if (!childType) throw new JumeauError('format', `A worker message's Arrow data has a child the schema does not declare (${index})`);
    return decodeData(childType, child);
  });
  const dictionary =
    type.typeId === Type.Dictionary && wire.dictionary
      ? makeVector(wire.dictionary.map((chunk) => decodeData((type as DataType & { dictionary: DataType }).dictionary, chunk)))
      : undefined;
  const [valueOffsets, values, nullBitmap, typeIds] = wire.buffers;
  const buffers = [valueOffsets, values, nullBitmap, typeIds] as unknown as ConstructorParameters<typeof Data>[4];
  return new Data(type, wire.offset, wire.length, wire.nullCount, buffers, children, dictionary, wire.variadicBuffers);
}
