/** utf8Vector and float64Vector against apache-arrow's own builders: same values, same nulls, any input. */
import { Float64, Utf8, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float64Vector, utf8Vector } from '../src/index.js';

describe('utf8Vector', () => {
  it('encodes ASCII, accents, emoji and nulls exactly as apache-arrow does', () => {
    const values = ['17300', null, 'Île-d’Aix', undefined, '', '🌊 Oléron', 'x'.repeat(100)];
    const vector = utf8Vector(values);
    expect(vector.type).toBeInstanceOf(Utf8);
    expect(vector.toArray()).toEqual(values.map((value) => value ?? null));
    expect(vector.nullCount).toBe(2);
    expect(utf8Vector(['a', 'b']).data[0]?.nullBitmap?.length ?? 0).toBe(0); // no bitmap without nulls
  });

  it('property: equals vectorFromArray(values, new Utf8()) value for value', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: 'binary' }), { nil: null })), (values) => {
        const ours = utf8Vector(values);
        const reference = vectorFromArray(values, new Utf8());
        expect(ours.length).toBe(reference.length);
        expect(ours.nullCount).toBe(reference.nullCount);
        for (let index = 0; index < values.length; index += 1) expect(ours.get(index)).toBe(reference.get(index));
      }),
    );
  });
});

describe('float64Vector', () => {
  it('keeps values, NaN and infinities; null and undefined are nulls', () => {
    const vector = float64Vector([1.5, null, Number.NaN, undefined, -0, Number.POSITIVE_INFINITY]);
    expect(vector.type).toBeInstanceOf(Float64);
    expect(vector.nullCount).toBe(2);
    expect([0, 1, 2, 3, 4, 5].map((index) => vector.get(index))).toEqual([1.5, null, Number.NaN, null, -0, Number.POSITIVE_INFINITY]);
    expect(float64Vector([1, 2]).data[0]?.nullBitmap?.length ?? 0).toBe(0);
  });

  it('property: equals vectorFromArray(values, new Float64()) value for value', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double(), { nil: null })), (values) => {
        const ours = float64Vector(values);
        const reference = vectorFromArray(values, new Float64());
        expect(ours.nullCount).toBe(reference.nullCount);
        for (let index = 0; index < values.length; index += 1) expect(Object.is(ours.get(index), reference.get(index))).toBe(true);
      }),
    );
  });
});
