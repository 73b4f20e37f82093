/**
 * Transparent huge pages for the commands that allocate large grids.
 *
 * The first write to each fresh 4 KiB page of a new array costs a page fault: on the 2-core benchmark VM about
 * 13 µs, so 1.2–1.9 s for the 386 MB depth grid of a 10⁸-cell flood, as long as the flood itself. With 2 MiB pages
 * the same array costs 26–43 ms. numpy asks Linux for huge pages on its large arrays (`madvise`), which is why
 * GDAL's Python reads get them; Node cannot ask, but glibc (≥ 2.35) does so for every large allocation when
 * `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` is in the environment at start-up. So on Linux, when the kernel grants
 * huge pages only on request (`madvise` mode), the raster commands start themselves again once with that variable.
 * `JUMEAU_HUGE_PAGES=0` turns it off.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Commands whose work allocates grids of the input's size (the others read headers, tables or the network; `info` does with `--stats`). */
const RASTER_COMMANDS: ReadonlySet<string> = new Set(['warp', 'zonal', 'h3', 'flood', 'exposure', 'sweep', 'fill', 'flow', 'shoreline']);
const TUNABLE = 'glibc.malloc.hugetlb=1';

/** What the relaunch decision reads from the machine (injected in tests). */
export interface HugePageHost {
  readonly platform: NodeJS.Platform;
  readonly environment: NodeJS.ProcessEnv;
  /** The content of /sys/kernel/mm/transparent_hugepage/enabled, e.g. `always [madvise] never`; null when absent. */
  readonly transparentHugePageMode: () => string | null;
  /** The glibc version the process runs on, e.g. `2.36`; null with another C library. */
  readonly glibcVersion: () => string | null;
}

/**
 * The environment to start the command again with, or null when it should run as is: not a raster command (nor
 * `info --stats`), help asked, not Linux, huge pages already `always` or `never`, glibc older than 2.35 or absent,
 * the tunable already set (this is the relaunched process), or `JUMEAU_HUGE_PAGES=0`.
 */
export function hugePageEnvironment(argv: readonly string[], host: HugePageHost): NodeJS.ProcessEnv | null {
  const [command] = argv;
  const readsWholeRaster = command === 'info' && argv.includes('--stats');
  if (command === undefined || !(RASTER_COMMANDS.has(command) || readsWholeRaster)) return null;
  if (argv.includes('--help') || argv.includes('-h')) return null;
  const { environment } = host;
  if (host.platform !== 'linux' || environment.JUMEAU_HUGE_PAGES === '0') return null;
  const tunables = environment.GLIBC_TUNABLES;
  if (tunables?.includes('glibc.malloc.hugetlb=')) return null;
  if (!/\[madvise\]/.test(host.transparentHugePageMode() ?? '')) return null;
  const [major = 0, minor = 0] = (host.glibcVersion() ?? '0.0').split('.').map(Number);
  if (major < 2 || (major === 2 && minor < 35)) return null;
  return { ...environment, GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}` : TUNABLE };
}

/** This process's {@link HugePageHost}. */
export const currentHost: HugePageHost = {
  platform: process.platform,
  environment: process.env,
  transparentHugePageMode: () => {
    try {
      return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
    } catch {
      return null;
    }
  },
  glibcVersion: () => {
    // `excludeNetwork` (Node ≥ 20.13, not yet in @types/node 20) skips the report's slowest part.
    const report = process.report as (NodeJS.ProcessReport & { excludeNetwork?: boolean }) | undefined;
    if (report === undefined) return null;
    report.excludeNetwork = true;
    const header = (report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
    return header?.glibcVersionRuntime ?? null;
  },
};

/** Signals a terminal or a supervisor sends to the command: passed on to the relaunched process. */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs this very command again in a child Node process with huge pages, when {@link hugePageEnvironment} says so,
 * and resolves with its exit code; null when the command should run in this process (no relaunch wanted, or the
 * child could not be started). SIGINT, SIGTERM and SIGHUP sent to this process are passed on to the child (so
 * `timeout` or a supervisor stops both), and a signal that ended the child ends this process the same way.
 */
export function relaunchWithHugePages(argv: readonly string[], host: HugePageHost = currentHost): Promise<number | null> {
  const environment = hugePageEnvironment(argv, host);
  const script = process.argv[1];
  if (environment === null || script === undefined) return Promise.resolve(null);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...argv], { stdio: 'inherit', env: environment });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once('error', () => {
      stopForwarding();
      resolve(null);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      if (signal !== null) {
        process.kill(process.pid, signal);
        resolve(128);
        return;
      }
      resolve(code ?? 1);
    });
  });
}
