import type { ParseArgsConfig } from 'node:util';

/** The streams and environment a command runs with (injected, so tests run commands in-process). */
export interface CommandIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Parsed arguments: option values by name and the positional arguments. */
export interface ParsedArguments {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

/** One `jumeau` sub-command. `path` is its words after `jumeau`, e.g. `['catalog', 'search']`. */
export interface Command {
  readonly path: readonly string[];
  /** One line, shown in `jumeau --help`. */
  readonly summary: string;
  /** The usage line(s) and a description of every option, shown by `--help`. */
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Whether positionals are accepted (default false). */
  readonly allowPositionals?: boolean;
  run(arguments_: ParsedArguments, io: CommandIo): Promise<void>;
}
