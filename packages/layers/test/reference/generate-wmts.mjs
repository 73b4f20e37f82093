// Regenerates test/reference/wmts-reference.json: `node generate-wmts.mjs` (needs proj-bin), then
// `pnpm exec biome format --write packages/layers/test/reference/wmts-reference.json`.
// 1. The PM and LAMB93_5cm TileMatrixSets, read from the recorded Géoplateforme WMTS capabilities
//    (../shared/fixtures/geoplateforme/wmts/getcapabilities.xml, read in place).
// 2. For LAMB93_5cm levels 13–17: the tile corner nearest to the centre of Oléron (Lambert-93 371 000, 6 541 000),
//    its column/row, and its longitude/latitude by PROJ (cs2cs EPSG:2154 → EPSG:4326).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(process.env.JUMEAU_SHARED_DIR ?? join(here, '../../../../../shared'));
const xml = readFileSync(join(shared, 'fixtures/geoplateforme/wmts/getcapabilities.xml'), 'utf8');

const text = (block, tag) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(block)?.[1]?.trim();
function tileMatrixSet(identifier) {
  const start = xml.indexOf(`<TileMatrixSet><ows:Identifier>${identifier}</ows:Identifier>`);
  if (start < 0) throw new Error(`no TileMatrixSet ${identifier}`);
  const block = xml.slice(start, xml.indexOf('</TileMatrixSet>', start));
  const tileMatrices = block
    .split('<TileMatrix>')
    .slice(1)
    .map((matrix) => ({
      identifier: text(matrix, 'ows:Identifier'),
      scaleDenominator: Number(text(matrix, 'ScaleDenominator')),
      topLeftCorner: text(matrix, 'TopLeftCorner').split(/\s+/).map(Number),
      tileWidthPixels: Number(text(matrix, 'TileWidth')),
      tileHeightPixels: Number(text(matrix, 'TileHeight')),
      matrixWidthTiles: Number(text(matrix, 'MatrixWidth')),
      matrixHeightTiles: Number(text(matrix, 'MatrixHeight')),
    }));
  return { identifier, supportedCrs: text(block, 'ows:SupportedCRS'), tileMatrices };
}

const sets = { PM: tileMatrixSet('PM'), LAMB93_5cm: tileMatrixSet('LAMB93_5cm') };
const [centreX, centreY] = [371_000, 6_541_000];
const corners = [13, 14, 15, 16, 17].map((level) => {
  const matrix = sets.LAMB93_5cm.tileMatrices[level];
  const tileSize = matrix.tileWidthPixels * matrix.scaleDenominator * 0.00028;
  const [left, top] = matrix.topLeftCorner;
  const column = Math.round((centreX - left) / tileSize);
  const row = Math.round((top - centreY) / tileSize);
  return { level, column, row, x: left + column * tileSize, y: top - row * tileSize };
});
const output = execFileSync('cs2cs', ['-f', '%.10f', 'EPSG:2154', 'EPSG:4326'], {
  input: corners.map(({ x, y }) => `${x} ${y}`).join('\n'),
  encoding: 'utf8',
});
output
  .trim()
  .split('\n')
  .forEach((line, index) => {
    const [latitude, longitude] = line.trim().split(/\s+/).map(Number);
    Object.assign(corners[index], { longitude, latitude });
  });
const proj = `cs2cs ${spawnSync('cs2cs', [], { encoding: 'utf8' }).stderr.split('\n')[0]}`;
writeFileSync(
  join(here, 'wmts-reference.json'),
  `${JSON.stringify({ generatedBy: 'test/reference/generate-wmts.mjs', proj, tileMatrixSets: sets, lamb93Corners: corners }, null, 1)}\n`,
);
console.log(`${corners.length} corners, ${proj}`);
