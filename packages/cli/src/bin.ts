#!/usr/bin/env node
import { relaunchWithHugePages } from './huge-pages.js';

const argv = process.argv.slice(2);
const relaunchedExitCode = await relaunchWithHugePages(argv);
process.exitCode = relaunchedExitCode ?? (await (await import('./main.js')).main(argv));
