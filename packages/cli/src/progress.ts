/**
 * A one-line progress bar on stderr for long work. Drawn only on a terminal (or when JUMEAU_PROGRESS=1), at most
 * every 100 ms, and erased when done, so piped output stays clean.
 */
export interface ProgressBar {
  update(fraction: number, message?: string): void;
  done(): void;
}

export function createProgressBar(
  label: string,
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): ProgressBar {
  const enabled = stream.isTTY === true || env.JUMEAU_PROGRESS === '1';
  let last = 0;
  let drawn = false;
  const width = 30;
  return {
    update(fraction, message) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && fraction < 1) return;
      last = now;
      const clamped = Math.min(1, Math.max(0, fraction));
      const filled = Math.round(clamped * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      stream.write(`\r${label} ${bar} ${(clamped * 100).toFixed(0).padStart(3)}%${message ? ` ${message}` : ''}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
