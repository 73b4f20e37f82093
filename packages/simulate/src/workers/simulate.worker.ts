import { exposeTasks } from '@jumeau/workers/worker';
import { simulateTasks } from '../tasks.js';
exposeTasks(simulateTasks);
