import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { JumeauError } from '@jumeau/core';
import { readGeoTIFFFile } from '@jumeau/convert/node';
import { computeExposure, readInseeGridCells, type ExposureInput, type PopulationSource } from '@jumeau/simulate';
import type { Table } from 'apache-arrow';
import type { Command, CommandIo } from '../command.js';
import { formatCsvField } from '../csv.js';
import { writeOutput } from '../io.js';
import { numberOption, requireOption } from '../program.js';
import { readVectorFile } from './vector-input.js';

/** Reads a population: a GeoTIFF of people per cell, or INSEE 200 m cells as CSV. */
export async function readPopulation(io: CommandIo, path: string): Promise<PopulationSource> {
  if (/\.csv$/i.test(path)) return readInseeGridCells(await readFile(resolve(io.cwd, path), 'utf8'));
  if (/\.tiff?$/i.test(path)) return readGeoTIFFFile(resolve(io.cwd, path));
  throw new JumeauError('input', `--population must be a .tif grid or an INSEE .csv of cells, got "${path}"`);
}

/** An Arrow table as CSV text (numbers rounded to 3 decimals). */
export function tableToCsv(table: Table): string {
  const names = table.schema.fields.map((field) => field.name);
  const lines = [names.map((name) => formatCsvField(name, ',')).join(',')];
  for (let row = 0; row < table.numRows; row += 1) {
    lines.push(
      names
        .map((name) => {
          const value = table.getChild(name)?.get(row);
          if (value === null || value === undefined) return '';
          if (typeof value === 'number') return String(Math.round(value * 1000) / 1000);
          return formatCsvField(String(value), ',');
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The options naming what can be exposed, shared by `jumeau exposure` and `jumeau shoreline`. */
export const EXPOSURE_LAYER_OPTIONS = {
  communes: { type: 'string' },
  'id-field': { type: 'string' },
  'name-field': { type: 'string' },
  population: { type: 'string' },
  buildings: { type: 'string' },
  'use-field': { type: 'string' },
  equipment: { type: 'string' },
  'category-field': { type: 'string' },
} as const;

/** Reads the communes (required), population, buildings and equipment named by {@link EXPOSURE_LAYER_OPTIONS}. */
export async function readExposureLayers(
  values: Record<string, string | boolean | string[] | boolean[] | undefined>,
  io: CommandIo,
): Promise<Omit<ExposureInput, 'depth' | 'minimumDepthMetres'>> {
  const communes = await readVectorFile(io, requireOption(values, 'communes'));
  return {
    communes: {
      table: communes,
      idColumn: requireOption(values, 'id-field'),
      ...(typeof values['name-field'] === 'string' ? { nameColumn: values['name-field'] } : {}),
    },
    ...(typeof values.population === 'string' ? { population: await readPopulation(io, values.population) } : {}),
    ...(typeof values.buildings === 'string'
      ? {
          buildings: {
            table: await readVectorFile(io, values.buildings),
            ...(typeof values['use-field'] === 'string' ? { useColumn: values['use-field'] } : {}),
          },
        }
      : {}),
    ...(typeof values.equipment === 'string'
      ? { equipment: { table: await readVectorFile(io, values.equipment), categoryColumn: requireOption(values, 'category-field') } }
      : {}),
  };
}

/** The totals line printed on stderr (communes or not, rounded to 0.1). */
export function formatTotals(totals: Readonly<Record<string, number>>): string {
  const shown = Object.entries(totals).filter(([name]) => !name.startsWith('outsideCommunes:'));
  return `${shown.map(([name, value]) => `${name}: ${Math.round(value * 10) / 10}`).join(', ')}\n`;
}

/** `jumeau exposure`: people, buildings and equipment reached by a flood, per commune. */
export const exposureCommand: Command = {
  path: ['exposure'],
  summary: 'people, buildings and equipment reached by a flood depth grid, per commune (CSV)',
  help: `Usage: jumeau exposure --depth depth.tif --communes c.geojson --id-field CODE [--name-field NAME]
                       [--population pop.tif|cells.csv] [--buildings b.gpkg#layer|b.geojson [--use-field F]]
                       [--equipment e.geojson --category-field F] [--minimum-depth M] --out exposure.csv

A cell is flooded when its depth is above --minimum-depth (default 0 m). People are counted area-weighted by the
flooded share of each population cell (any CRS: INSEE 200 m cells are EPSG:3035). A building is exposed when the
cell under its centroid, or any cell whose centre lies inside its footprint, is flooded. Every layer is
reprojected to the depth grid's CRS. Prints the totals (whole grid, communes or not) on stderr.`,
  options: {
    depth: { type: 'string' },
    ...EXPOSURE_LAYER_OPTIONS,
    'minimum-depth': { type: 'string' },
    out: { type: 'string', default: '-' },
  },
  async run({ values }, io) {
    const depth = await readGeoTIFFFile(resolve(io.cwd, requireOption(values, 'depth')));
    const result = computeExposure({
      depth,
      ...(await readExposureLayers(values, io)),
      minimumDepthMetres: numberOption(values, 'minimum-depth', 0),
    });
    await writeOutput(io, String(values.out), tableToCsv(result.byCommune));
    io.stderr.write(formatTotals(result.totals));
  },
};
