import {
  type FeatureTable,
  type Grid,
  JumeauError,
  cellArea,
  cellAt,
  describeGeometryColumn,
  featureTableCrs,
  geometryBuffers,
  isAxisAligned,
  isNodata,
  throwIfAborted,
} from '@jumeau/core';
import { forEachFeatureCell, reproject, reprojectTable } from '@jumeau/convert';
import { type Table, type Vector, Utf8, makeVector, vectorFromArray, Table as ArrowTable } from 'apache-arrow';
import { indexPopulation, type PopulationSource } from './population.js';
import { featureCentroid } from './feature-centroid.js';

/** What {@link computeExposure} takes. Every table may be in any CRS: it is reprojected to the depth grid's. */
export interface ExposureInput {
  /** Water depth, metres (0 = dry), from a submersion kernel; nodata cells are ignored. */
  readonly depth: Grid;
  /** Communes (polygons) and the column holding their id (INSEE code). Results are per commune. */
  readonly communes: { readonly table: FeatureTable; readonly idColumn: string; readonly nameColumn?: string };
  /** Population cells or grid (any CRS), counted area-weighted by the flooded share of each cell. */
  readonly population?: PopulationSource;
  /** Buildings (polygons or points); `useColumn` splits counts by use (e.g. BD TOPO `usage1`). */
  readonly buildings?: { readonly table: FeatureTable; readonly useColumn?: string };
  /** Equipment points (schools, hospitals…) and the column of their category. */
  readonly equipment?: { readonly table: FeatureTable; readonly categoryColumn: string };
  /** A cell is flooded when its depth is strictly above this, metres (default 0). */
  readonly minimumDepthMetres?: number;
  readonly signal?: AbortSignal;
}

/** What {@link computeExposure} returns. */
export interface ExposureResult {
  /** One row per commune: `communeId`, `communeName`, `floodedAreaSquareMetres`, one column per population quantity, `buildings`, `buildings:<use>`, `equipment:<category>`. */
  readonly byCommune: Table;
  /** The indicators over the whole grid; `outsideCommunes:<name>` holds the part that falls outside every commune. */
  readonly totals: Readonly<Record<string, number>>;
  /** Per building (row order of the input): its maximum water depth in metres, 0 when not exposed. */
  readonly buildingMaximumDepthMetres: Float32Array;
}

interface Accumulator {
  readonly values: Map<string, Float64Array>;
  add(name: string, commune: number, amount: number): void;
}

function createAccumulator(communeCount: number): Accumulator {
  const values = new Map<string, Float64Array>();
  return {
    values,
    add(name, commune, amount) {
      let column = values.get(name);
      if (!column) {
        column = new Float64Array(communeCount + 1);
        values.set(name, column);
      }
      // Slot `communeCount` gathers what lies outside every commune.
      column[commune < 0 ? communeCount : commune] = (column[commune < 0 ? communeCount : commune] as number) + amount;
    },
  };
}

function inCrs(table: FeatureTable, crs: number): FeatureTable {
  return featureTableCrs(table) === crs ? table : reprojectTable(table, crs);
}

/** Visits, for each feature row, the cells of `depth` its geometry covers (GDAL's centre rule; a point's cell). */
function forEachFeatureCells(depth: Grid, table: FeatureTable, visit: (row: number, cell: number) => void): void {
  forEachFeatureCell(table, depth, visit, { rule: 'centre' });
}

function cellIndexAt(grid: Grid, x: number, y: number): number {
  const cell = cellAt(grid, x, y);
  return cell ? cell[1] * grid.width + cell[0] : -1;
}

/** The cell under each feature's centroid (outer ring of its first polygon, or its first point), -1 outside. */
function centroidCells(depth: Grid, table: FeatureTable): Int32Array {
  const cells = new Int32Array(table.numRows).fill(-1);
  let rowBase = 0;
  for (const buffers of geometryBuffers(table)) {
    for (let row = 0; row < buffers.length; row += 1) {
      if (!buffers.isValid(row)) continue;
      const centroid = featureCentroid(buffers, row);
      if (centroid === null) continue;
      const [x, y] = centroid;
      cells[rowBase + row] = cellIndexAt(depth, x, y);
    }
    rowBase += buffers.length;
  }
  return cells;
}

function textColumn(table: FeatureTable, name: string | undefined): ((row: number) => string) | null {
  if (name === undefined) return null;
  const vector = table.getChild(name);
  if (!vector) {
    const names = table.schema.fields.map((field) => field.name).join(', ');
    throw new JumeauError('input', `The table has no column "${name}" (columns: ${names})`);
  }
  return (row) => {
    const value = vector.get(row);
    return value === null || value === undefined ? 'unknown' : String(value);
  };
}

function communeIndexGrid(depth: Grid, communes: FeatureTable): Int32Array {
  const index = new Int32Array(depth.width * depth.height).fill(-1);
  forEachFeatureCells(depth, communes, (row, cell) => {
    index[cell] = row;
  });
  return index;
}

function floodedCells(depth: Grid, minimumDepth: number): Int32Array {
  let count = 0;
  const { data, nodata } = depth;
  for (let cell = 0; cell < data.length; cell += 1) {
    const value = data[cell] as number;
    if (value > minimumDepth && !isNodata(value, nodata)) count += 1;
  }
  const cells = new Int32Array(count);
  let next = 0;
  for (let cell = 0; cell < data.length; cell += 1) {
    const value = data[cell] as number;
    if (value > minimumDepth && !isNodata(value, nodata)) cells[next++] = cell;
  }
  return cells;
}

/** People (and other quantities) per commune: each population cell weighted by the flooded share of its area. */
function countPopulation(input: ExposureInput, flooded: Int32Array, communeOf: Int32Array, accumulator: Accumulator): void {
  if (!input.population) return;
  const population = indexPopulation(input.population);
  const { depth } = input;
  const centres = new Float64Array(flooded.length * 2);
  for (let index = 0; index < flooded.length; index += 1) {
    const cell = flooded[index] as number;
    centres[index * 2] = depth.transform[0] + ((cell % depth.width) + 0.5) * depth.transform[1];
    centres[index * 2 + 1] = depth.transform[3] + (Math.floor(cell / depth.width) + 0.5) * depth.transform[5];
  }
  const inPopulationCrs = population.crs === depth.crs ? centres : reproject(centres, depth.crs, population.crs);
  // Flooded area per population cell, and per (commune, population cell) pair for the attribution.
  const floodedCount = new Map<number, number>();
  const pairCount = new Map<number, number>();
  for (let index = 0; index < flooded.length; index += 1) {
    const cell = population.cellAt(inPopulationCrs[index * 2] as number, inPopulationCrs[index * 2 + 1] as number);
    if (cell < 0) continue;
    floodedCount.set(cell, (floodedCount.get(cell) ?? 0) + 1);
    const commune = communeOf[flooded[index] as number] as number;
    const pair = (commune + 1) * population.cellCount + cell;
    pairCount.set(pair, (pairCount.get(pair) ?? 0) + 1);
  }
  const depthCellArea = cellArea(depth.transform);
  for (const [pair, count] of pairCount) {
    const cell = pair % population.cellCount;
    const commune = Math.floor(pair / population.cellCount) - 1;
    const total = floodedCount.get(cell) as number;
    const share = Math.min(1, (total * depthCellArea) / population.cellAreaSquareMetres);
    for (const quantity of population.quantities) {
      accumulator.add(quantity, commune, population.value(quantity, cell) * share * (count / total));
    }
  }
}

function countBuildings(input: ExposureInput, minimumDepth: number, communeOf: Int32Array, accumulator: Accumulator): Float32Array {
  if (!input.buildings) return new Float32Array(0);
  const { depth } = input;
  const table = inCrs(input.buildings.table, depth.crs);
  const useOf = textColumn(table, input.buildings.useColumn);
  const maximum = new Float32Array(table.numRows);
  const visit = (row: number, cell: number) => {
    const value = depth.data[cell] as number;
    if (value > (maximum[row] as number) && !isNodata(value, depth.nodata)) maximum[row] = value;
  };
  forEachFeatureCells(depth, table, visit);
  const centroids = centroidCells(depth, table);
  for (let row = 0; row < table.numRows; row += 1) {
    const cell = centroids[row] as number;
    if (cell >= 0) visit(row, cell);
    if ((maximum[row] as number) <= minimumDepth) {
      maximum[row] = 0;
      continue;
    }
    const commune = cell >= 0 ? (communeOf[cell] as number) : -1;
    accumulator.add('buildings', commune, 1);
    if (useOf) accumulator.add(`buildings:${useOf(row)}`, commune, 1);
  }
  return maximum;
}

function countEquipment(input: ExposureInput, minimumDepth: number, communeOf: Int32Array, accumulator: Accumulator): void {
  if (!input.equipment) return;
  const { depth } = input;
  const table = inCrs(input.equipment.table, depth.crs);
  const categoryOf = textColumn(table, input.equipment.categoryColumn) as (row: number) => string;
  const counted = new Set<number>();
  forEachFeatureCells(depth, table, (row, cell) => {
    const value = depth.data[cell] as number;
    if (counted.has(row) || !(value > minimumDepth) || isNodata(value, depth.nodata)) return;
    counted.add(row);
    accumulator.add(`equipment:${categoryOf(row)}`, communeOf[cell] as number, 1);
  });
}

/**
 * Who and what a flood reaches, per commune: flooded area, people (and any other population quantity) counted
 * area-weighted by the flooded share of each population cell, buildings exposed (a building is exposed when the
 * cell under its centroid, or any cell whose centre lies inside its footprint, is flooded; its maximum depth is
 * kept), buildings by use and equipment by category.
 *
 * @example
 * ```ts
 * const { byCommune, totals } = computeExposure({ depth, communes: { table: communes, idColumn: 'code' }, population, buildings: { table: buildings } })
 * totals.people // inhabitants in flooded areas
 * ```
 */
export function computeExposure(input: ExposureInput): ExposureResult {
  const { depth } = input;
  if (!isAxisAligned(depth.transform)) throw new JumeauError('unsupported', 'Exposure needs a north-up depth grid (no rotation terms)');
  const minimumDepth = input.minimumDepthMetres ?? 0;
  if (!Number.isFinite(minimumDepth) || minimumDepth < 0) {
    throw new JumeauError('input', `minimumDepthMetres must be a finite number ≥ 0, got ${minimumDepth}`);
  }
  describeGeometryColumn(input.communes.table);
  const communes = inCrs(input.communes.table, depth.crs);
  const idOf = textColumn(communes, input.communes.idColumn) as (row: number) => string;
  const nameOf = textColumn(communes, input.communes.nameColumn);
  const accumulator = createAccumulator(communes.numRows);
  const communeOf = communeIndexGrid(depth, communes);
  throwIfAborted(input.signal);
  const flooded = floodedCells(depth, minimumDepth);
  const area = cellArea(depth.transform);
  accumulator.add('floodedAreaSquareMetres', -1, 0);
  for (const cell of flooded) accumulator.add('floodedAreaSquareMetres', communeOf[cell] as number, area);
  throwIfAborted(input.signal);
  countPopulation(input, flooded, communeOf, accumulator);
  throwIfAborted(input.signal);
  const buildingMaximumDepthMetres = countBuildings(input, minimumDepth, communeOf, accumulator);
  if (input.buildings) accumulator.add('buildings', -1, 0);
  countEquipment(input, minimumDepth, communeOf, accumulator);
  const names = [...accumulator.values.keys()];
  const totals: Record<string, number> = {};
  const columns: Record<string, Vector> = {
    communeId: vectorFromArray(
      Array.from({ length: communes.numRows }, (_, row) => idOf(row)),
      new Utf8(),
    ),
  };
  if (nameOf)
    columns.communeName = vectorFromArray(
      Array.from({ length: communes.numRows }, (_, row) => nameOf(row)),
      new Utf8(),
    );
  for (const name of names) {
    const values = accumulator.values.get(name) as Float64Array;
    columns[name] = makeVector(values.slice(0, communes.numRows));
    totals[name] = values.reduce((sum, value) => sum + value, 0);
    totals[`outsideCommunes:${name}`] = values[communes.numRows] as number;
  }
  return { byCommune: new ArrowTable(columns), totals, buildingMaximumDepthMetres };
}
