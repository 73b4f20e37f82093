// Links packages/layers/test-output/shared-data → ../shared/data (gitignored), so that browser tests can read
// the shared real data in place while Vite's server.fs.allow does not list ../shared. Nothing is copied.
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const target = resolve(process.env.JUMEAU_SHARED_DIR ?? join(here, '../../../../shared'), 'data');
const link = join(here, '../test-output/shared-data');
mkdirSync(dirname(link), { recursive: true });
if (!existsSync(link)) symlinkSync(target, link);
console.log(`${link} → ${target}`);
