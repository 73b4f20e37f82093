import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  GRID_DATA_TYPES,
  createGrid,
  gridFromArrowIPC,
  gridFromArrowTable,
  gridToArrowIPC,
  gridToArrowTable,
  isJumeauError,
} from '../src/index.js';

const transform = [364927.14666668, 20, 0, 6550092.5655556, 0, -20] as const;

describe('Grid ⇄ Arrow', () => {
  it('builds a table over the grid array without copying', () => {
    const grid = createGrid({ width: 631, height: 906, transform, crs: 2154, nodata: -9999, verticalDatum: 'NGF-IGN69', units: 'm' });
    const table = gridToArrowTable(grid);
    const values = table.getChild('values')?.data[0]?.values as Float32Array;
    expect(values.buffer).toBe(grid.data.buffer);
    expect(gridFromArrowTable(table).data.buffer).toBe(grid.data.buffer);
  });

  it.each(GRID_DATA_TYPES)('round-trips %s values and metadata through IPC, reading without a copy', (dataType) => {
    const grid = createGrid({ width: 7, height: 5, transform, crs: 2154, nodata: 3, verticalDatum: 'NGF-IGN69', units: 'm', dataType });
    for (let index = 0; index < grid.data.length; index += 1) grid.data[index] = (index * 7) % 100;
    const bytes = gridToArrowIPC(grid);
    const again = gridFromArrowIPC(bytes);
    expect(again.data.buffer).toBe(bytes.buffer);
    expect(again.data.constructor).toBe(grid.data.constructor);
    expect([...again.data]).toEqual([...grid.data]);
    expect({ ...again, data: null }).toEqual({ ...grid, data: null });
  });

  it('keeps NaN nodata', () => {
    const grid = createGrid({ width: 2, height: 1, transform, crs: 2154, nodata: Number.NaN, data: new Float32Array([1, Number.NaN]) });
    const again = gridFromArrowIPC(gridToArrowIPC(grid));
    expect(again.nodata).toBeNaN();
    expect(again.data[1]).toBeNaN();
  });

  it('refuses bytes that are not a Jumeau grid, with a format error', () => {
    expect(() => gridFromArrowIPC(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/Arrow/);
    const grid = createGrid({ width: 2, height: 2, transform, crs: 2154 });
    const bytes = gridToArrowIPC(grid);
    const table = tableFromIPC(bytes);
    table.schema.metadata.set('jumeau:grid', '{"version":1,"width":3}');
    try {
      gridFromArrowTable(table);
      expect.unreachable();
    } catch (error) {
      expect(isJumeauError(error, 'format')).toBe(true);
      expect((error as Error).message).toMatch(/Invalid grid metadata/);
    }
    table.schema.metadata.set('jumeau:grid', 'not json');
    expect(() => gridFromArrowTable(table)).toThrow(/not valid JSON/);
    table.schema.metadata.delete('jumeau:grid');
    expect(() => gridFromArrowTable(table)).toThrow(/not a Jumeau grid/);
  });

  it('refuses a declared size that does not match the values', () => {
    const grid = createGrid({ width: 2, height: 2, transform, crs: 2154 });
    const table = gridToArrowTable(grid);
    const metadata = JSON.parse(table.schema.metadata.get('jumeau:grid') as string);
    table.schema.metadata.set('jumeau:grid', JSON.stringify({ ...metadata, width: 3 }));
    expect(() => gridFromArrowTable(table)).toThrow(/4 values, but 3 × 2 = 6 are declared/);
  });
});
