import { exposeTasks } from '@jumeau/workers/worker';
import { geotiffTasks } from './geotiff-tasks.js';
exposeTasks(geotiffTasks);
