#!/usr/bin/env node
/**
 * Generates the PROJ reference values of the reprojection tests: real places of metropolitan France, Corsica and
 * the overseas territories (plus a regular grid over each area) pushed through `cs2cs` (PROJ 9, proj-data's
 * `ntf_r93.gsb`) for every CRS pair that matters. cs2cs picks its default operation per point, which is what
 * Jumeau must match within 1 mm.
 *
 *   node packages/convert/scripts/reference-reproject.mjs   # writes reference-reproject.txt next to this file
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Real places, [longitude, latitude] in degrees (WGS84 / RGF93). */
const PLACES = {
  metropole: {
    'Paris, Notre-Dame': [2.3499, 48.853],
    'Oléron, Saint-Pierre-d’Oléron': [-1.3064, 45.9448],
    'Oléron, phare de Chassiron': [-1.4117, 46.0466],
    'Oléron, pont (Bourcefranc)': [-1.1567, 45.8436],
    Brest: [-4.4861, 48.3904],
    Strasbourg: [7.7521, 48.5734],
    Nice: [7.262, 43.7102],
    Dunkerque: [2.3768, 51.0343],
    Perpignan: [2.8948, 42.6887],
    'Mont Blanc': [6.8652, 45.8326],
    'Ajaccio (Corse)': [8.7386, 41.9192],
    'Bastia (Corse)': [9.4509, 42.7028],
    'Bonifacio (Corse)': [9.1591, 41.3875],
  },
  antilles: {
    'Fort-de-France (Martinique)': [-61.0594, 14.6161],
    'Montagne Pelée (Martinique)': [-61.1652, 14.8094],
    'Pointe-à-Pitre (Guadeloupe)': [-61.5331, 16.2411],
    'Basse-Terre (Guadeloupe)': [-61.7261, 15.9985],
    'Marigot (Saint-Martin)': [-63.0822, 18.0676],
  },
  guyane: {
    Cayenne: [-52.3261, 4.9224],
    'Saint-Laurent-du-Maroni': [-54.0317, 5.4983],
    Maripasoula: [-54.033, 3.6406],
    'Saint-Georges-de-l’Oyapock': [-51.8044, 3.8906],
  },
  reunion: {
    'Saint-Denis (Réunion)': [55.4504, -20.8789],
    'Piton des Neiges (Réunion)': [55.4894, -21.0997],
    'Saint-Pierre (Réunion)': [55.4781, -21.3393],
    'Saint-Benoît (Réunion)': [55.7128, -21.0339],
  },
  mayotte: {
    Mamoudzou: [45.2279, -12.7806],
    Dzaoudzi: [45.2886, -12.7874],
    'Mont Choungui': [45.1236, -12.9508],
  },
  spm: { 'Saint-Pierre (SPM)': [-56.1773, 46.7811], Miquelon: [-56.3744, 47.0975] },
};

/** Regular grids [west, south, east, north, steps] that complete the named places. */
const AREAS = {
  metropole: [-4.5, 42.5, 8, 50.8, 3],
  ntf: [-1.5, 43.5, 7, 49.5, 5],
  antilles: [-63, 14.4, -60.8, 18.1, 3],
  guyane: [-54.5, 2.2, -51.7, 5.7, 3],
  reunion: [55.22, -21.38, 55.83, -20.87, 3],
  mayotte: [45.03, -13.0, 45.3, -12.64, 3],
  spm: [-56.4, 46.74, -56.13, 47.14, 2],
};

/** The pairs checked, with the territory whose points feed them. Each pair is also run backwards. */
const PAIRS = [
  ...[2154, 3942, 3943, 3944, 3945, 3946, 3947, 3948, 3949, 3950, 3035, 3857].flatMap((code) => [
    [4326, code, 'metropole'],
    [4171, code, 'metropole'],
  ]),
  [4258, 3035, 'metropole'],
  [2154, 3035, 'metropole'],
  [2154, 3857, 'metropole'],
  [4171, 27572, 'ntf'],
  [4258, 27572, 'ntf'],
  [2154, 27572, 'ntf'],
  [4326, 27572, 'ntf'],
  [3857, 27572, 'ntf'],
  ...[
    [5490, 'antilles'],
    [32620, 'antilles'],
    [2972, 'guyane'],
    [32622, 'guyane'],
    [2975, 'reunion'],
    [32740, 'reunion'],
    [4471, 'mayotte'],
    [32738, 'mayotte'],
    [4467, 'spm'],
  ].flatMap(([code, area]) => [
    [4326, code, area],
    [4171, code, area],
    [4258, code, area],
    [3857, code, area],
  ]),
];

/** CRSs whose EPSG axis order is northing/latitude first (cs2cs follows it, Jumeau does not). */
const NORTH_FIRST = new Set([4326, 4171, 4258, 3035]);

function pointsOf(area) {
  const named = Object.values(PLACES[area === 'ntf' ? 'metropole' : area]);
  const [west, south, east, north, steps] = AREAS[area];
  const grid = [];
  for (let row = 0; row <= steps; row += 1)
    for (let column = 0; column <= steps; column += 1)
      grid.push([west + ((east - west) * column) / steps, south + ((north - south) * row) / steps]);
  const all = [...named, ...grid];
  // Corsica and the far west are outside the NTF grid area of PROJ's operation: keep mainland points there.
  return area === 'ntf' ? all.filter(([longitude, latitude]) => longitude < 8 && latitude > 42.4) : all;
}

function cs2cs(from, to, points) {
  const input = points.map(([x, y]) => (NORTH_FIRST.has(from) ? `${y} ${x}` : `${x} ${y}`)).join('\n');
  const output = execFileSync('cs2cs', ['-f', '%.12f', `EPSG:${from}`, `EPSG:${to}`], { input: `${input}\n` }).toString();
  return output
    .trim()
    .split('\n')
    .map((line) => {
      const [first, second] = line.split(/\s+/).map(Number);
      return NORTH_FIRST.has(to) ? [second, first] : [first, second];
    });
}

const cases = [];
for (const [geographicOrProjected, projected, area] of PAIRS) {
  const lonLat = pointsOf(area);
  // Points enter each CRS through PROJ itself, so the source side is exactly what PROJ would hold.
  for (const [from, to] of [
    [geographicOrProjected, projected],
    [projected, geographicOrProjected],
  ]) {
    const source = from === 4326 ? lonLat : cs2cs(4326, from, lonLat);
    const target = cs2cs(from, to, source);
    cases.push({ from, to, area, source, target });
  }
}
const version = `PROJ ${spawnSync('cs2cs', [], { encoding: 'utf8' }).stderr.split('\n')[0]?.trim() ?? ''}`;
const outputPath = fileURLToPath(new URL('./reference-reproject.txt', import.meta.url));
// 1e-10° is 11 µm; 1e-5 m is 10 µm: far below the 1 mm the tests check.
const format = (value) => String(Number(value.toFixed(Math.abs(value) > 1000 ? 5 : 10)));
const lines = [
  '# Reprojection reference values: generated by packages/convert/scripts/reference-reproject.mjs — do not edit.',
  `# ${version}, cs2cs with its default operation per point.`,
  '# "> from to area" opens a case; then one point per line: source x, source y, target x, target y',
  '# (x, y = longitude, latitude in degrees or easting, northing in metres, whatever the EPSG axis order).',
];
for (const entry of cases) {
  lines.push(`> ${entry.from} ${entry.to} ${entry.area}`);
  for (const [index, point] of entry.source.entries()) lines.push([...point, ...entry.target[index]].map(format).join(' '));
}
writeFileSync(outputPath, `${lines.join('\n')}\n`);
console.log(`${cases.length} cases written to ${outputPath}`);
