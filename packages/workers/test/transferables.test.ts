/** collectTransferables and the Arrow wire encoding: what is moved, what is not, and exact round trips. */
import { featureTableFromGeoJSON, featureTableFromIPC, featureTableToIPC } from '@jumeau/core';
import {
  Dictionary,
  Int32,
  Table as ArrowTable,
  type Table,
  Utf8,
  makeData,
  makeVector,
  tableFromArrays,
  vectorFromArray,
} from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectTransferables } from '../src/index.js';
import { decodeFromWire, encodeForWire } from '../src/lib/wire.js';
import { readCharenteMaritimeCommunes } from './helpers/shared-data.js';

/** What a worker would receive: the wire form, moved by structured clone, decoded. */
function throughWire<T>(value: T): T {
  const encoded = encodeForWire(value);
  return decodeFromWire(structuredClone(encoded, { transfer: collectTransferables(encoded) })) as T;
}

describe('collectTransferables', () => {
  it('finds every distinct ArrayBuffer once, at any depth, and never a SharedArrayBuffer', () => {
    const shared = new Float32Array(new SharedArrayBuffer(16));
    const grid = { data: new Float32Array(4) };
    const bytes = new ArrayBuffer(8);
    const nested = [grid, { again: grid.data, view: new DataView(bytes), list: [bytes], map: new Map([['k', new Uint8Array(2)]]) }, shared];
    const list = collectTransferables(nested);
    expect(list).toHaveLength(3);
    expect(new Set(list)).toEqual(new Set([grid.data.buffer, bytes, (nested[1] as { map: Map<string, Uint8Array> }).map.get('k')?.buffer]));
    expect(collectTransferables([new Uint8Array(0), 3, 'text', null, undefined])).toEqual([]);
  });

  it('handles cycles and very long arrays', () => {
    const cycle: Record<string, unknown> = { data: new Int16Array(3) };
    cycle.self = cycle;
    expect(collectTransferables(cycle)).toHaveLength(1);
    const many = Array.from({ length: 300_000 }, (_, index) => (index % 1000 === 0 ? new Uint8Array(1) : index));
    expect(collectTransferables(many)).toHaveLength(300);
  });

  it('property: the list has no duplicates, only non-empty non-shared ArrayBuffers, all of them', () => {
    const leaf = fc.oneof(
      fc.integer({ min: 0, max: 64 }).map((length) => new Float64Array(length)),
      fc.integer({ min: 1, max: 64 }).map((length) => new ArrayBuffer(length)),
      fc.integer({ min: 1, max: 8 }).map((length) => new Int32Array(new SharedArrayBuffer(length * 4))),
      fc.integer(),
      fc.string(),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    fc.assert(
      fc.property(fc.array(tree), fc.nat(), (values, pick) => {
        // Reuse one value twice to exercise deduplication.
        const doubled = values.length > 0 ? [...values, values[pick % values.length]] : values;
        const list = collectTransferables(doubled);
        expect(new Set(list).size).toBe(list.length);
        for (const buffer of list) {
          expect(buffer).toBeInstanceOf(ArrayBuffer);
          expect(buffer.byteLength).toBeGreaterThan(0);
        }
        const moved = structuredClone(doubled, { transfer: list });
        expect(list.every((buffer) => buffer.byteLength === 0)).toBe(true);
        expect(collectTransferables(moved)).toHaveLength(list.length);
      }),
      { numRuns: 200 },
    );
  });

  it('lists the buffers of an Arrow table; a column that is a view of a larger buffer moves that whole buffer', () => {
    const communes = featureTableFromIPC(featureTableToIPC(readCharenteMaritimeCommunes()));
    const list = collectTransferables(communes);
    // Read from IPC: every column is a view into the one IPC buffer, which is transferred whole (no copy).
    expect(list).toHaveLength(1);
    const decoded = throughWire({ communes });
    expect(list[0]?.byteLength).toBe(0);
    expect(decoded.communes.numRows).toBe(466);
    expect(decoded.communes.getChild('nom')?.get(0)).toBe('Devise');
  });
});

describe('Arrow tables through the wire', () => {
  it('rebuild a real feature table with the same schema, metadata and values', () => {
    const communes = readCharenteMaritimeCommunes();
    const expected = featureTableToIPC(communes);
    const received = throughWire(communes);
    expect(received.schema.fields.map(String)).toEqual(readCharenteMaritimeCommunes().schema.fields.map(String));
    expect(Buffer.from(featureTableToIPC(received)).equals(Buffer.from(expected))).toBe(true);
    expect(received.schema.fields[0]?.metadata.get('ARROW:extension:name')).toMatch(/^geoarrow\./);
  });

  it('keep nulls, dictionaries, slices and several batches', () => {
    const base = tableFromArrays({ count: Int32Array.from([1, 2, 3, 4]), name: ['a', 'b', 'c', 'd'] });
    const withNulls = makeVector([
      makeData({ type: new Int32(), length: 3, nullCount: 1, nullBitmap: Uint8Array.of(0b101), data: Int32Array.of(7, 0, 9) }),
    ]);
    const dictionary = vectorFromArray(['x', 'y', 'x', null], new Dictionary(new Utf8(), new Int32()));
    const table = base.concat(base.slice(1, 3)) as Table;
    const dictionaryTable = new ArrowTable({ category: dictionary, values: withNulls.concat(makeVector(Int32Array.of(1))) });
    const received = throughWire({ table, dictionaryTable });
    expect(received.table.batches).toHaveLength(2);
    expect(received.table.toArray().map((row) => row.toJSON())).toEqual(
      [1, 2, 3, 4, 2, 3].map((count, index) => ({ count, name: ['a', 'b', 'c', 'd', 'b', 'c'][index] })),
    );
    expect([...(received.dictionaryTable.getChild('category') ?? [])]).toEqual(['x', 'y', 'x', null]);
    expect([...(received.dictionaryTable.getChild('values') ?? [])]).toEqual([7, null, 9, 1]);
  });

  it('leave every other value as structured clone would', () => {
    const value = { date: new Date(0), map: new Map([[1, 'one']]), text: 'é', list: [1, { deep: new Float32Array([1.5]) }] };
    const expected = structuredClone(value);
    expect(throughWire(value)).toEqual(expected);
  });

  it('a feature table built from GeoJSON moves without a copy of its coordinates', () => {
    const communes = featureTableFromGeoJSON({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { nom: 'Oléron' }, geometry: { type: 'Point', coordinates: [-1.25, 45.93] } }],
    });
    const coordinates = communes.getChildAt(0)?.data[0]?.children[0]?.values as Float64Array;
    const received = throughWire(communes);
    expect(coordinates.buffer.byteLength).toBe(0);
    expect(received.getChildAt(0)?.get(0)?.toArray()).toEqual(Float64Array.of(-1.25, 45.93));
  });
});
