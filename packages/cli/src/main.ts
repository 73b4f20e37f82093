import { commands } from './commands/index.js';
import { runProgram } from './program.js';

/** Runs the `jumeau` command with the process's streams; returns the exit code. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(commands, argv, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  });
}
