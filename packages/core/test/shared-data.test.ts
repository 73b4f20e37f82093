import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHARED_DIR_VARIABLE, findSharedDir, sharedDataPath } from '../src/node/index.js';

describe('shared data folder', () => {
  const saved = process.env[SHARED_DIR_VARIABLE];
  afterEach(() => {
    if (saved === undefined) delete process.env[SHARED_DIR_VARIABLE];
    else process.env[SHARED_DIR_VARIABLE] = saved;
  });

  it('finds shared/ beside the repository', () => {
    expect(sharedDataPath('oleron', 'dem_20m_ngf_l93.tif')).toMatch(/shared\/data\/oleron\/dem_20m_ngf_l93\.tif$/);
  });

  it('honours the environment variable and refuses a wrong folder', () => {
    process.env[SHARED_DIR_VARIABLE] = findSharedDir();
    expect(findSharedDir('/')).toBe(process.env[SHARED_DIR_VARIABLE]);
    process.env[SHARED_DIR_VARIABLE] = mkdtempSync(join(tmpdir(), 'not-shared-'));
    expect(() => findSharedDir()).toThrow(/has no data\/README.md/);
  });

  it('says clearly when a file is missing', () => {
    expect(() => sharedDataPath('oleron', 'nope.tif')).toThrow(/does not exist/);
  });
});
