/** Input schemas for tasks, and the pool's process lifecycle in Node. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createGrid } from '@jumeau/core';
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowTableSchema, gridSchema } from '../src/index.js';

describe('gridSchema and arrowTableSchema', () => {
  const grid = createGrid({ width: 3, height: 2, transform: [364_927.15, 20, 0, 6_550_092.57, 0, -20], crs: 2154, dataType: 'float32' });

  it('accept a valid grid and table as they are (no copy of data)', () => {
    expect(gridSchema('float32').parse(grid).data).toBe(grid.data);
    const table = tableFromArrays({ code: ['17093'] });
    expect(arrowTableSchema.parse(table)).toBe(table);
  });

  it('name the offending field', () => {
    const wrongType = gridSchema('int16').safeParse(grid);
    expect(wrongType.error?.issues[0]?.path).toEqual(['data']);
    expect(wrongType.error?.issues[0]?.message).toBe('expected a Int16Array (int16)');
    const wrongLength = gridSchema('float32').safeParse({ ...grid, data: new Float32Array(5) });
    expect(wrongLength.error?.issues[0]?.message).toBe('data must hold width × height values');
    expect(gridSchema('float32').safeParse({ ...grid, transform: [0, 0, 0, 0, 0, 0] }).error?.issues[0]?.path).toEqual(['transform']);
    expect(arrowTableSchema.safeParse({ numRows: 1 }).error?.issues[0]?.message).toBe('expected an Apache Arrow Table');
    expect(() => gridSchema('float16' as 'float32')).toThrow(/Unknown grid data type "float16"/);
  });
});

describe('process lifecycle', () => {
  it('lets Node exit when a pool is idle, even without terminate()', () => {
    const script = fileURLToPath(new URL('./fixtures/run-once-without-terminate.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--conditions=@jumeau/source', '--import', 'tsx', script], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      timeout: 50_000, // a hang would be killed here and fail the test
    });
    expect(output.trim()).toBe('1');
  });

  it('lets Node exit when started workers never ran a task', () => {
    const script = fileURLToPath(new URL('./fixtures/start-without-run.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--conditions=@jumeau/source', '--import', 'tsx', script], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      timeout: 50_000,
    });
    expect(output.trim()).toBe('started');
  });
});
