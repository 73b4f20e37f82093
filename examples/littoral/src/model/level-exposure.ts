/**
 * Exposure of one depth grid from a {@link TerritoryIndex}: linear sums over the flooded cells, in the same order
 * and with the same expressions as `computeExposure` of @jumeau/simulate, so the numbers are identical (bit for
 * bit on Oléron: see test/level-exposure.test.ts) at a fraction of the cost.
 */
import type { TerritoryIndex } from './territory-index.js';

/** Indicators per commune; each array has one slot per commune plus a last slot for "outside every commune". */
export interface LevelExposure {
  readonly floodedAreaSquareMetres: Float64Array;
  /** Per population quantity (`people`, …), area-weighted by the flooded share of each population cell. */
  readonly population: Readonly<Record<string, Float64Array>>;
  readonly buildings: Float64Array;
  /** Per equipment category. */
  readonly equipment: Readonly<Record<string, Float64Array>>;
  /** Maximum water depth at each building (m), 0 when not exposed. */
  readonly buildingMaximumDepthMetres: Float32Array;
}

/** Flooded cells in ascending order: depth > 0 (NaN compares false, so NaN nodata is dry) and not nodata. */
function floodedCellsOf(depth: Float32Array, nodata: number | null): Int32Array {
  let count = 0;
  for (let cell = 0; cell < depth.length; cell += 1) {
    const value = depth[cell] as number;
    if (value > 0 && value !== nodata) count += 1;
  }
  const cells = new Int32Array(count);
  let next = 0;
  for (let cell = 0; cell < depth.length; cell += 1) {
    const value = depth[cell] as number;
    if (value > 0 && value !== nodata) cells[next++] = cell;
  }
  return cells;
}

/** Population per commune, pairs (commune, population cell) summed in first-seen order as computeExposure's Map does. */
function sumPopulation(index: TerritoryIndex, flooded: Int32Array, slots: number): Record<string, Float64Array> {
  const quantities = Object.keys(index.populationValues);
  const result: Record<string, Float64Array> = {};
  if (quantities.length === 0) return result;
  const cellCount = index.populationCellCount;
  const floodedCount = new Int32Array(cellCount);
  const pairCount = new Int32Array(slots * cellCount);
  const pairOrder: number[] = [];
  for (const cell of flooded) {
    const populationCell = index.populationCellOfCell[cell] as number;
    if (populationCell < 0) continue;
    floodedCount[populationCell] = (floodedCount[populationCell] as number) + 1;
    const pair = ((index.communeOfCell[cell] as number) + 1) * cellCount + populationCell;
    if (pairCount[pair] === 0) pairOrder.push(pair);
    pairCount[pair] = (pairCount[pair] as number) + 1;
  }
  const communeCount = slots - 1;
  for (const pair of pairOrder) {
    const populationCell = pair % cellCount;
    const commune = Math.floor(pair / cellCount) - 1;
    const total = floodedCount[populationCell] as number;
    const count = pairCount[pair] as number;
    const share = Math.min(1, (total * index.cellAreaSquareMetres) / index.populationCellAreaSquareMetres);
    const slot = commune < 0 ? communeCount : commune;
    for (const quantity of quantities) {
      const column = (result[quantity] ??= new Float64Array(slots));
      const value = (index.populationValues[quantity] as Float64Array)[populationCell] as number;
      column[slot] = (column[slot] as number) + value * share * (count / total);
    }
  }
  return result;
}

function sumBuildings(index: TerritoryIndex, depth: Float32Array, nodata: number | null, slots: number) {
  const buildings = index.buildings;
  const counts = new Float64Array(slots);
  if (!buildings) return { counts, maximum: new Float32Array(0) };
  const rows = buildings.centroidCells.length;
  const maximum = new Float32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    let highest = 0;
    const centroid = buildings.centroidCells[row] as number;
    for (let at = buildings.offsets[row] as number; at < (buildings.offsets[row + 1] as number); at += 1) {
      const value = depth[buildings.cells[at] as number] as number;
      if (value > highest && value !== nodata) highest = value;
    }
    if (centroid >= 0) {
      const value = depth[centroid] as number;
      if (value > highest && value !== nodata) highest = value;
    }
    if (!(highest > 0)) continue;
    maximum[row] = highest;
    const commune = centroid >= 0 ? (index.communeOfCell[centroid] as number) : -1;
    const slot = commune < 0 ? slots - 1 : commune;
    counts[slot] = (counts[slot] as number) + 1;
  }
  return { counts, maximum };
}

function sumEquipment(index: TerritoryIndex, depth: Float32Array, nodata: number | null, slots: number): Record<string, Float64Array> {
  const equipment = index.equipment;
  const result: Record<string, Float64Array> = {};
  if (!equipment) return result;
  for (let row = 0; row < equipment.centroidCells.length; row += 1) {
    for (let at = equipment.offsets[row] as number; at < (equipment.offsets[row + 1] as number); at += 1) {
      const cell = equipment.cells[at] as number;
      const value = depth[cell] as number;
      if (!(value > 0) || value === nodata) continue;
      const name = equipment.categories[equipment.categoryOfRow[row] as number] as string;
      const column = (result[name] ??= new Float64Array(slots));
      const commune = index.communeOfCell[cell] as number;
      const slot = commune < 0 ? slots - 1 : commune;
      column[slot] = (column[slot] as number) + 1;
      break;
    }
  }
  return result;
}

/**
 * Flooded area, population, buildings and equipment per commune for one depth grid on the index's DEM grid
 * (a cell is flooded when its depth is > 0 m and not nodata).
 *
 * @example
 * ```ts
 * const exposure = computeLevelExposure(index, depth.data, depth.nodata)
 * exposure.population.people // per commune, last slot = outside communes
 * ```
 */
export function computeLevelExposure(index: TerritoryIndex, depth: Float32Array, nodata: number | null): LevelExposure {
  const slots = index.communeIds.length + 1;
  const flooded = floodedCellsOf(depth, nodata);
  const floodedAreaSquareMetres = new Float64Array(slots);
  for (const cell of flooded) {
    const commune = index.communeOfCell[cell] as number;
    const slot = commune < 0 ? slots - 1 : commune;
    floodedAreaSquareMetres[slot] = (floodedAreaSquareMetres[slot] as number) + index.cellAreaSquareMetres;
  }
  const buildings = sumBuildings(index, depth, nodata, slots);
  return {
    floodedAreaSquareMetres,
    population: sumPopulation(index, flooded, slots),
    buildings: buildings.counts,
    equipment: sumEquipment(index, depth, nodata, slots),
    buildingMaximumDepthMetres: buildings.maximum,
  };
}

/**
 * Sum of an indicator over the communes, and with `includeOutside` over the whole grid (the last slot holds what
 * falls outside every commune: for the flooded area, mostly the sea). Summed in slot order, as computeExposure's
 * `totals`, so whole-grid totals are identical to `jumeau exposure`'s.
 *
 * @example
 * ```ts
 * totalOf(exposure.buildings, { includeOutside: true }) // = jumeau exposure's "buildings" total
 * ```
 */
export function totalOf(values: Float64Array | undefined, options: { includeOutside: boolean }): number {
  if (!values) return 0;
  const last = options.includeOutside ? values.length : values.length - 1;
  let sum = 0;
  for (let slot = 0; slot < last; slot += 1) sum += values[slot] as number;
  return sum;
}
