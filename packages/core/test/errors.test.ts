import { describe, expect, it } from 'vitest';
import {
  JUMEAU_ERROR_CODES,
  JumeauError,
  assertCellCount,
  deserializeJumeauError,
  getMaximumCells,
  isJumeauError,
  setMaximumCells,
  throwIfAborted,
  toJumeauError,
} from '../src/index.js';

describe('JumeauError', () => {
  it('keeps a stable code, a message and details through the wire form', () => {
    const error = new JumeauError('crs', 'Unknown CRS EPSG:9999', { details: { code: 9999, nested: { a: 1 } } });
    const wire = structuredClone(error.toJSON());
    const again = deserializeJumeauError(wire);
    expect(again).toBeInstanceOf(JumeauError);
    expect(again.code).toBe('crs');
    expect(again.message).toBe('Unknown CRS EPSG:9999');
    expect(again.details).toEqual({ code: 9999, nested: '[object Object]' });
    expect(isJumeauError(again, 'crs')).toBe(true);
    expect(isJumeauError(again, 'input')).toBe(false);
  });

  it('turns foreign errors into internal or aborted ones', () => {
    expect(deserializeJumeauError({ message: 'boom' }).code).toBe('internal');
    expect(deserializeJumeauError(42).code).toBe('internal');
    expect(deserializeJumeauError({ code: 'not-a-code', message: 'x' }).code).toBe('internal');
    const abort = new DOMException('stop', 'AbortError');
    expect(toJumeauError(abort).code).toBe('aborted');
    expect(toJumeauError(new Error('x'), 'format').code).toBe('format');
    expect(JUMEAU_ERROR_CODES).toContain('worker-crashed');
  });

  it('throwIfAborted names the reason', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    controller.abort(new Error('user left'));
    expect(() => throwIfAborted(controller.signal)).toThrow(/aborted: user left/);
  });
});

describe('size guard', () => {
  it('refuses absurd sizes before allocating, naming the numbers', () => {
    expect(() => assertCellCount(100_000, 100_000, 'GeoTIFF')).toThrow(/100000 × 100000 = 10000000000 cells, over the maximum/);
    try {
      assertCellCount(100_000, 100_000);
    } catch (error) {
      expect(isJumeauError(error, 'too-large')).toBe(true);
    }
    expect(() => assertCellCount(-1, 10)).toThrow(/width must be a positive integer, got -1/);
    expect(() => assertCellCount(10, 2.5)).toThrow(/height must be a positive integer/);
    expect(assertCellCount(631, 906)).toBe(571_686);
  });

  it('is configurable and restorable', () => {
    const previous = setMaximumCells(1000);
    try {
      expect(getMaximumCells()).toBe(1000);
      expect(() => assertCellCount(40, 26)).toThrow(/over the maximum of 1000/);
    } finally {
      setMaximumCells(previous);
    }
    expect(() => setMaximumCells(0)).toThrow(/positive integer/);
  });
});
