// Regenerates the PROJ reference positions the browser tests compare with: `node generate.mjs` (needs gdal-bin
// and proj-bin). Lambert-93 points of the Oléron DEM → WGS84 longitude/latitude by cs2cs (EPSG:2154 → EPSG:4326).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(process.env.JUMEAU_SHARED_DIR ?? join(here, '../../../../../shared'));
const dem = join(shared, 'data/oleron/dem_20m_ngf_l93.tif');
const info = JSON.parse(execFileSync('gdalinfo', ['-json', dem], { encoding: 'utf8' }));
const [originX, pixelWidth, , originY, , pixelHeight] = info.geoTransform;
const [width, height] = info.size;

const corner = (column, row) => [originX + column * pixelWidth, originY + row * pixelHeight];
const named = {
  topLeft: corner(0, 0),
  topLeftEast100m: [originX + 100, originY],
  topLeftSouth100m: [originX, originY - 100],
  topRight: corner(width, 0),
  bottomLeft: corner(0, height),
  bottomRight: corner(width, height),
  bottomRightWest100m: [originX + width * pixelWidth - 100, originY + height * pixelHeight],
  bottomRightNorth100m: [originX + width * pixelWidth, originY + height * pixelHeight + 100],
  cellCentre_300_450: corner(300.5, 450.5),
  cellCentre_100_700: corner(100.5, 700.5),
  cellCentre_500_150: corner(500.5, 150.5),
};
const input = Object.values(named)
  .map(([x, y]) => `${x} ${y}`)
  .join('\n');
const output = execFileSync('cs2cs', ['-f', '%.10f', 'EPSG:2154', 'EPSG:4326'], { input, encoding: 'utf8' });
const rows = output
  .trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/).map(Number));
const points = Object.fromEntries(
  Object.entries(named).map(([name, [x, y]], index) => {
    const [latitude, longitude] = rows[index];
    return [name, { x, y, longitude, latitude }];
  }),
);
const version = execFileSync('sh', ['-c', 'cs2cs 2>&1 | head -1'], { encoding: 'utf8' }).trim();
const reference = { tool: `PROJ cs2cs ${version}, EPSG:2154 → EPSG:4326`, geoTransform: info.geoTransform, size: info.size, points };
writeFileSync(join(here, 'oleron-proj-points.json'), `${JSON.stringify(reference, null, 2)}\n`);
console.log(`wrote ${Object.keys(points).length} points`);
