import { parseArgs } from 'node:util';
import { JumeauError, isJumeauError } from '@jumeau/core';
import type { Command, CommandIo } from './command.js';

function formatOverview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length));
  return [
    'jumeau — the command line of Jumeau, the SDK of the digital twin of France and its territories',
    '',
    'Usage: jumeau <command> [options]     (jumeau <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
  ].join('\n');
}

function findCommand(commands: readonly Command[], argv: readonly string[]): { command: Command; rest: string[] } | null {
  let best: Command | null = null;
  for (const command of commands) {
    const matches = command.path.every((word, index) => argv[index] === word);
    if (matches && (!best || command.path.length > best.path.length)) best = command;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : null;
}

/**
 * Runs `jumeau` with `argv` (without the node and script paths) and returns the exit code: 0 on success,
 * 1 on a failed command (one line on stderr, `jumeau: <code>: <message>`), 2 on bad usage.
 */
export async function runProgram(commands: readonly Command[], argv: readonly string[], io: CommandIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(formatOverview(commands));
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    io.stderr.write(`jumeau: unknown command "${argv.join(' ')}" (jumeau --help lists them)\n`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help.trim()}\n`);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
  } catch (error) {
    io.stderr.write(`jumeau ${command.path.join(' ')}: ${(error as Error).message} (see --help)\n`);
    return 2;
  }
  try {
    await command.run({ values: parsed.values as Record<string, string>, positionals: parsed.positionals }, io);
    return 0;
  } catch (error) {
    const code = isJumeauError(error) ? error.code : 'internal';
    const message = (error as Error).message ?? String(error);
    io.stderr.write(`jumeau ${command.path.join(' ')}: ${code}: ${message.split('\n')[0]}\n`);
    if (io.env.JUMEAU_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

/** Reads a required option or throws an `input` error naming it. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.length === 0) throw new JumeauError('input', `--${name} is required`);
  return value;
}

/** Parses a number option, naming it when it is not a finite number. */
export function numberOption(values: Record<string, unknown>, name: string, fallback?: number): number {
  const value = values[name];
  if (value === undefined) {
    if (fallback === undefined) throw new JumeauError('input', `--${name} is required`);
    return fallback;
  }
  const number = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(number)) {
    throw new JumeauError('input', `--${name} must be a number, got "${String(value)}"`);
  }
  return number;
}

/** Parses `a,b,c,d` into four finite numbers (e.g. bounds). */
export function numberListOption(values: Record<string, unknown>, name: string, count: number): number[] | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const numbers = String(value).split(',').map(Number);
  if (numbers.length !== count || numbers.some((number) => !Number.isFinite(number))) {
    throw new JumeauError('input', `--${name} must be ${count} comma-separated numbers, got "${String(value)}"`);
  }
  return numbers;
}
