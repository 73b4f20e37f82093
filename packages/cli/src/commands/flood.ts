import { JumeauError, featureTableCrs } from '@jumeau/core';
import { readGeoTIFFFile, writeCOGFile } from '@jumeau/convert/node';
import { computeStaticSubmersion, rasterizeDefences } from '@jumeau/simulate';
import type { Command } from '../command.js';
import { writeOutput } from '../io.js';
import { numberOption, requireOption } from '../program.js';
import { createProgressBar } from '../progress.js';
import { readVectorFile } from './vector-input.js';

function parseSeed(text: string): { x: number; y: number } {
  const [x, y, extra] = text.split(',').map(Number);
  if (extra !== undefined || !Number.isFinite(x) || !Number.isFinite(y))
    throw new JumeauError('input', `--seed must be x,y in the DEM's CRS, got "${text}"`);
  return { x: x as number, y: y as number };
}

/** `jumeau flood`: static submersion with hydraulic connectivity. */
export const floodCommand: Command = {
  path: ['flood'],
  summary: 'static coastal submersion with hydraulic connectivity: depth grid and statistics',
  help: `Usage: jumeau flood --dem DEM.tif --level W [--slr S] [--connectivity 8|4] [--seed x,y]… [--sea mask.tif]
                    [--nodata-is-sea] [--defences lines.geojson --crest-field alt [--breach ROW]…]
                    [--out depth.tif] [--summary summary.json]

A cell floods when its ground (raised to the crest of any defence crossing it) is strictly below
W = level + slr and a path of such cells (8- or 4-connected) links it to the sea: by default every border
cell below W, or the --seed points, or the non-zero cells of --sea. Heights in the DEM's vertical datum
(m NGF-IGN69 for French DEMs).

  --dem FILE            elevation GeoTIFF in a projected CRS (metres)
  --level W             still-water level, m (Xynthia at Oléron ≈ 4.5 m NGF)
  --slr S               sea-level rise added to W, m (default 0)
  --connectivity 8|4    default 8 (as GRASS r.lake)
  --seed x,y            a sea entry point in the DEM's CRS (repeatable)
  --sea FILE            sea mask GeoTIFF on the DEM's grid
  --nodata-is-sea       nodata cells are sea
  --defences FILE       defence lines (GeoJSON…), burnt all-touched with their crest altitude
  --crest-field NAME    crest altitude column of the defences, m (required with --defences)
  --breach ROW          0-based row of a defence segment to breach (repeatable)
  --out FILE            depth COG (m; 0 = dry)
  --summary FILE        statistics as JSON (default: printed on stdout)`,
  options: {
    dem: { type: 'string' },
    level: { type: 'string' },
    slr: { type: 'string' },
    connectivity: { type: 'string', default: '8' },
    seed: { type: 'string', multiple: true },
    sea: { type: 'string' },
    'nodata-is-sea': { type: 'boolean', default: false },
    defences: { type: 'string' },
    'crest-field': { type: 'string' },
    breach: { type: 'string', multiple: true },
    out: { type: 'string' },
    summary: { type: 'string' },
  },
  async run({ values }, io) {
    const dem = await readGeoTIFFFile(requireOption(values, 'dem'));
    const connectivity = Number(values.connectivity);
    if (connectivity !== 4 && connectivity !== 8)
      throw new JumeauError('input', `--connectivity must be 4 or 8, got "${values.connectivity}"`);
    let barrier: Awaited<ReturnType<typeof rasterizeDefences>> | undefined;
    if (typeof values.defences === 'string') {
      const defences = await readVectorFile(io, values.defences);
      featureTableCrs(defences);
      const breachedRows = ((values.breach as string[] | undefined) ?? []).map((row) => {
        const number = Number(row);
        if (!Number.isSafeInteger(number) || number < 0) throw new JumeauError('input', `--breach must be a row number ≥ 0, got "${row}"`);
        return number;
      });
      barrier = rasterizeDefences(dem, defences, { crestColumn: requireOption(values, 'crest-field'), breachedRows });
    }
    const progress = createProgressBar('flood', io.stderr, io.env);
    const result = computeStaticSubmersion(dem, {
      stillWaterLevelMetres: numberOption(values, 'level'),
      seaLevelRiseMetres: numberOption(values, 'slr', 0),
      connectivity,
      ...(values.seed ? { seeds: (values.seed as string[]).map(parseSeed) } : {}),
      ...(typeof values.sea === 'string' ? { seaMask: await readGeoTIFFFile(values.sea) } : {}),
      nodataIsSea: values['nodata-is-sea'] === true,
      ...(barrier ? { barrier: barrier.barrier, ...(barrier.breaches ? { breaches: barrier.breaches } : {}) } : {}),
      onProgress: (fraction) => progress.update(fraction),
    });
    progress.done();
    if (typeof values.out === 'string') await writeCOGFile(result.depth, values.out);
    const summary = `${JSON.stringify(result.statistics, null, 2)}\n`;
    await writeOutput(io, typeof values.summary === 'string' ? values.summary : '-', summary);
  },
};
