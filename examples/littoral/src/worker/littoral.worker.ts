import { exposeTasks } from '@jumeau/workers/worker';
import { littoralTasks } from './littoral-tasks.js';
exposeTasks(littoralTasks);
