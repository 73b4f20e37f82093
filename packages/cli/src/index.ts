/**
 * @jumeau/cli — the `jumeau` command. Programmatic use: `runProgram(commands, argv, io)` runs any command in-process.
 * @packageDocumentation
 */
export type { Command, CommandIo, ParsedArguments } from './command.js';
export { commands } from './commands/index.js';
export { main } from './main.js';
export { runProgram } from './program.js';
