import { readGeoTIFFFile, writeCOGFile } from '@jumeau/convert/node';
import { computeFlowAccumulation, computeFlowDirections, fillDepressions } from '@jumeau/simulate';
import { JumeauError } from '@jumeau/core';
import type { Command } from '../command.js';
import { requireOption } from '../program.js';
import { createProgressBar } from '../progress.js';

/** `jumeau fill`: Priority-Flood depression filling. */
export const fillCommand: Command = {
  path: ['fill'],
  summary: 'fill the depressions of a DEM (Priority-Flood, Barnes et al. 2014)',
  help: `Usage: jumeau fill --dem DEM.tif --out filled.tif [--epsilon]

Raises every cell of a depression to its spill level so water can flow to an outlet (the border, or a cell next
to nodata). Exact by default (flat filled areas); --epsilon adds the smallest increment along the flow so the
filled DEM has no flat (Barnes, Lehman & Mulla 2014, Algorithms 2 and 3).`,
  options: { dem: { type: 'string' }, out: { type: 'string' }, epsilon: { type: 'boolean', default: false } },
  async run({ values }, io) {
    const dem = await readGeoTIFFFile(requireOption(values, 'dem'));
    const progress = createProgressBar('fill', io.stderr, io.env);
    const filled = fillDepressions(dem, {
      variant: values.epsilon ? 'epsilon' : 'exact',
      onProgress: (fraction) => progress.update(fraction),
    });
    progress.done();
    await writeCOGFile(filled, requireOption(values, 'out'));
  },
};

/** `jumeau flow`: D8 flow directions and accumulation. */
export const flowCommand: Command = {
  path: ['flow'],
  summary: 'D8 flow directions (ESRI codes) and flow accumulation of a (filled) DEM',
  help: `Usage: jumeau flow --dem DEM.tif [--dir d8.tif] [--acc acc.tif]

Flow directions use ESRI's D8 codes (1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE);
accumulation counts the cells draining through each cell, itself included. Fill the DEM first (jumeau fill) for
continuous flow paths.`,
  options: { dem: { type: 'string' }, dir: { type: 'string' }, acc: { type: 'string' } },
  async run({ values }, io) {
    if (values.dir === undefined && values.acc === undefined) throw new JumeauError('input', 'flow needs --dir and/or --acc');
    const dem = await readGeoTIFFFile(requireOption(values, 'dem'));
    const progress = createProgressBar('flow', io.stderr, io.env);
    const directions = computeFlowDirections(dem, { onProgress: (fraction) => progress.update(fraction / 2) });
    if (typeof values.dir === 'string') await writeCOGFile(directions, values.dir);
    if (typeof values.acc === 'string') {
      const accumulation = computeFlowAccumulation(directions, { onProgress: (fraction) => progress.update(0.5 + fraction / 2) });
      await writeCOGFile(accumulation, values.acc);
    }
    progress.done();
  },
};
