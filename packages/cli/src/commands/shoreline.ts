import { resolve } from 'node:path';
import { featureTableToGeoJSON } from '@jumeau/core';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import { computeShorelineExposure, computeShorelineRates, projectShoreline, readMobiTCIntersections } from '@jumeau/simulate';
import type { Command } from '../command.js';
import { readInputText, writeOutput } from '../io.js';
import { numberOption, requireOption } from '../program.js';
import { EXPOSURE_LAYER_OPTIONS, formatTotals, readExposureLayers, tableToCsv } from './exposure.js';

const METHODS = { epr: 'end-point', ols: 'ordinary-least-squares', wls: 'weighted-least-squares' } as const;

/** `jumeau shoreline`: projects a shoreline to a horizon from MobiTC transect intersections. */
export const shorelineCommand: Command = {
  path: ['shoreline'],
  summary: 'project the shoreline to a horizon from dated shorelines on transects (MobiTC rates)',
  help: `Usage: jumeau shoreline --intersections FILE --horizon YEAR [--rate epr|ols|wls] [--lmax METRES]
                       [--keep-accretion] [--crs EPSG:2154] [--out shoreline.geojson] [--band band.geojson]
                       [--exposure exposure.csv --grid DEM.tif --communes c.geojson --id-field CODE [--name-field NAME]
                        [--population pop.tif|cells.csv] [--buildings b.geojson [--use-field F]]
                        [--equipment e.geojson --category-field F]]

Computes shoreline-change rates per transect as Cerema's MobiTC does (EPR, OLS, WLS, m/yr) from its
transect × shoreline intersection table (…-IntersTDC-v1.txt: NAxe, NTrace, Xsque, Ysque, U, V, Distance,
date1, date2, incert), then moves each transect's newest shoreline by rate × years to the horizon, accretion
held at zero unless --keep-accretion, plus --lmax metres of retreat for a major event (PPRL practice).

  --intersections FILE  MobiTC intersection table (tab-separated)
  --horizon YEAR        horizon year, e.g. 2100
  --rate METHOD         epr (default), ols or wls
  --lmax METRES         extra retreat for a major event (default 0)
  --keep-accretion      let accreting transects advance
  --crs CRS             CRS of the transect coordinates (default EPSG:2154)
  --out FILE            current and projected shorelines as GeoJSON in that CRS (default: stdout)
  --band FILE           the eroded band as GeoJSON polygons with their area (m²)
  --exposure FILE       who and what stands in the band, per commune (CSV, as jumeau exposure): the band is
                        burnt on --grid (cells whose centre is inside), then counted as a flood is
Prints a summary (transects, eroding transects, area lost in m² and ha, and the exposure totals) on stderr.`,
  options: {
    intersections: { type: 'string' },
    horizon: { type: 'string' },
    rate: { type: 'string', default: 'epr' },
    lmax: { type: 'string' },
    'keep-accretion': { type: 'boolean', default: false },
    crs: { type: 'string', default: 'EPSG:2154' },
    out: { type: 'string', default: '-' },
    band: { type: 'string' },
    exposure: { type: 'string' },
    grid: { type: 'string' },
    ...EXPOSURE_LAYER_OPTIONS,
  },
  async run({ values }, io) {
    const rateName = String(values.rate) as keyof typeof METHODS;
    if (!(rateName in METHODS)) throw new Error(`--rate must be epr, ols or wls, got "${rateName}"`);
    const observations = readMobiTCIntersections(await readInputText(io, requireOption(values, 'intersections')));
    const rates = computeShorelineRates(observations);
    const projection = projectShoreline(rates, {
      horizonYear: numberOption(values, 'horizon'),
      method: METHODS[rateName],
      majorEventRetreatMetres: numberOption(values, 'lmax', 0),
      accretion: values['keep-accretion'] ? 'keep' : 'zero',
      crs: String(values.crs),
    });
    await writeOutput(io, String(values.out), `${JSON.stringify(featureTableToGeoJSON(projection.shorelines))}\n`);
    if (typeof values.band === 'string')
      await writeOutput(io, values.band, `${JSON.stringify(featureTableToGeoJSON(projection.erosionBand))}\n`);
    const eroding = projection.transects.filter((transect) => transect.retreatMetres > 0).length;
    io.stderr.write(
      `${rates.length} transects rated, ${eroding} retreating; area lost by ${values.horizon}: ` +
        `${Math.round(projection.areaLostSquareMetres)} m² (${(projection.areaLostSquareMetres / 10_000).toFixed(2)} ha)\n`,
    );
    if (typeof values.exposure === 'string') {
      const grid = await readGeoTIFFFile(resolve(io.cwd, requireOption(values, 'grid')));
      const exposure = computeShorelineExposure({ projection, grid, ...(await readExposureLayers(values, io)) });
      await writeOutput(io, values.exposure, tableToCsv(exposure.byCommune));
      io.stderr.write(formatTotals(exposure.totals));
    }
  },
};
