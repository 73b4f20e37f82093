import type { Command } from '../command.js';
import { shorelineCommand } from './shoreline.js';

/** Every `jumeau` command, in the order `jumeau --help` lists them. */
export const commands: readonly Command[] = [shorelineCommand];
