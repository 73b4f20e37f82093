/**
 * The raster commands start themselves again once with glibc's huge-page tunable (src/huge-pages.ts): the decision
 * on every kind of host, and the relaunch itself through the real `jumeau` entry point, observed by a preloaded
 * script that logs each process's tunable.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath } from '@jumeau/core/node';
import { describe, expect, it } from 'vitest';
import { type HugePageHost, hugePageEnvironment } from '../src/huge-pages.js';

const linux = (overrides: Partial<HugePageHost> = {}): HugePageHost => ({
  platform: 'linux',
  environment: { PATH: '/usr/bin' },
  transparentHugePageMode: () => 'always [madvise] never\n',
  glibcVersion: () => '2.36',
  ...overrides,
});

describe('hugePageEnvironment', () => {
  it('adds the tunable for raster commands on Linux with glibc ≥ 2.35 and huge pages on request', () => {
    for (const command of ['flood', 'fill', 'flow', 'exposure', 'sweep', 'warp', 'zonal', 'h3', 'shoreline']) {
      expect(hugePageEnvironment([command, '--dem', 'x.tif'], linux())).toEqual({
        PATH: '/usr/bin',
        GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
      });
    }
    expect(hugePageEnvironment(['info', 'x.tif', '--stats'], linux())?.GLIBC_TUNABLES).toBe('glibc.malloc.hugetlb=1');
  });

  it('keeps the tunables already set and appends its own', () => {
    const host = linux({ environment: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } });
    expect(hugePageEnvironment(['flood'], host)?.GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
  });

  it('runs in place when a relaunch would not help or is not wanted', () => {
    const cases: [readonly string[], HugePageHost][] = [
      [['info', 'x.tif'], linux()],
      [['reproject'], linux()],
      [[], linux()],
      [['flood', '--help'], linux()],
      [['flood'], linux({ platform: 'darwin' })],
      [['flood'], linux({ transparentHugePageMode: () => '[always] madvise never' })],
      [['flood'], linux({ transparentHugePageMode: () => 'always madvise [never]' })],
      [['flood'], linux({ transparentHugePageMode: () => null })],
      [['flood'], linux({ glibcVersion: () => '2.31' })],
      [['flood'], linux({ glibcVersion: () => null })],
      [['flood'], linux({ environment: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } })],
      [['flood'], linux({ environment: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } })],
      [['flood'], linux({ environment: { JUMEAU_HUGE_PAGES: '0' } })],
    ];
    for (const [argv, host] of cases) expect(hugePageEnvironment(argv, host), argv.join(' ')).toBeNull();
  });
});

describe('the jumeau entry point', () => {
  const directory = mkdtempSync(join(tmpdir(), 'jumeau-huge-pages-'));
  const log = join(directory, 'processes.log');
  const pids = join(directory, 'pids.log');
  const preload = join(directory, 'log-tunables.cjs');
  // One line per process (not per thread: the ESM loader's hooks run in a thread of their own), in each log.
  writeFileSync(
    preload,
    [
      "if (require('node:worker_threads').isMainThread) {",
      `  require('node:fs').appendFileSync(${JSON.stringify(log)}, (process.env.GLIBC_TUNABLES ?? '-') + '\\n');`,
      `  require('node:fs').appendFileSync(${JSON.stringify(pids)}, process.pid + '\\n');`,
      '}',
      '',
    ].join('\n'),
  );
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'bin.ts');
  const nodeArguments = (argv: string[]): string[] => ['--conditions=@jumeau/source', '--import', 'tsx', bin, ...argv];
  const environmentOf = (environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    ...process.env,
    GLIBC_TUNABLES: undefined,
    JUMEAU_HUGE_PAGES: undefined,
    NODE_OPTIONS: `--require ${preload}`,
    ...environment,
  });
  const run = (argv: string[], environment: NodeJS.ProcessEnv = {}) => {
    writeFileSync(log, '');
    const child = spawnSync(process.execPath, nodeArguments(argv), { encoding: 'utf8', env: environmentOf(environment) });
    return { ...child, processes: readFileSync(log, 'utf8').trim().split('\n') };
  };
  const relaunches = /\[madvise\]/.test(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'));
  const summary = join(directory, 'summary.json');

  it.runIf(relaunches)('floods in a second process that has the tunable, with the same result and exit code', () => {
    const flood = run(['flood', '--dem', sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'), '--level', '4.5', '--summary', summary]);
    expect(flood.status, flood.stderr).toBe(0);
    expect(flood.processes).toEqual(['-', 'glibc.malloc.hugetlb=1']);
    const withHugePages = JSON.parse(readFileSync(summary, 'utf8'));
    const inPlace = run(['flood', '--dem', sharedDataPath('oleron', 'dem_20m_ngf_l93.tif'), '--level', '4.5', '--summary', summary], {
      JUMEAU_HUGE_PAGES: '0',
    });
    expect(inPlace.processes).toEqual(['-']);
    expect(JSON.parse(readFileSync(summary, 'utf8'))).toEqual(withHugePages);
    expect(withHugePages.floodedCellCount).toBe(452_377);
  });

  it.runIf(relaunches)('passes on a failing exit code and prints the one-line error once', () => {
    const failed = run(['flood', '--dem', join(directory, 'missing.tif'), '--level', '4.5']);
    expect(failed.processes).toEqual(['-', 'glibc.malloc.hugetlb=1']);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('missing.tif');
  });

  it.runIf(relaunches)('passes SIGTERM on to the relaunched process, which ends with it', async () => {
    writeFileSync(pids, '');
    const oleron = (...path: string[]) => sharedDataPath('oleron', ...path);
    const sweep = ['sweep', 'flood', '--dem', oleron('dem_20m_ngf_l93.tif'), '--levels', '0:8:0.005'];
    const communes = ['--communes', oleron('geojson', 'littosim_districts_unrotated.geojson'), '--id-field', 'dist_code'];
    const command = spawn(process.execPath, nodeArguments([...sweep, ...communes, '--out', join(directory, 'sweep.csv')]), {
      env: environmentOf({}),
      stdio: 'ignore',
    });
    const exited = once(command, 'exit');
    const processIds = (): number[] => readFileSync(pids, 'utf8').trim().split('\n').filter(Boolean).map(Number);
    const isAlive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 30_000;
    while (processIds().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const [parent, relaunched] = processIds();
    try {
      expect(parent).toBe(command.pid);
      expect(relaunched).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the sweep (1 601 levels, minutes) is under way
      command.kill('SIGTERM');
      const [, signal] = await exited;
      expect(signal).toBe('SIGTERM');
      const gone = Date.now() + 10_000;
      while (isAlive(relaunched as number) && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(isAlive(relaunched as number)).toBe(false);
    } finally {
      for (const pid of [parent, relaunched]) if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('runs the other commands in place', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.processes).toEqual(['-']);
  });
});
