/**
 * What does not depend on the water level, computed once per territory: the commune of every DEM cell, the
 * population cell under every DEM cell centre, and the cells each building (and equipment) covers. With it, a new
 * level costs one submersion plus linear sums ({@link computeLevelExposure}) instead of a full `computeExposure`
 * (which re-rasterises communes, reprojects the flooded cell centres and the buildings on every call).
 *
 * The rules are exactly `computeExposure`'s (@jumeau/simulate): commune = the last commune whose polygon covers
 * the cell centre (GDAL's centre rule); population cell = INSEE cell containing the reprojected cell centre;
 * building cells = `forEachFeatureCell` (centre rule) plus the cell under the feature's centroid.
 */
import { type FeatureTable, type Grid, JumeauError, cellAt, featureTableCrs, geometryBuffers } from '@jumeau/core';
import { forEachFeatureCell, reproject, reprojectTable } from '@jumeau/convert';
import { type PopulationCells, featureCentroid } from '@jumeau/simulate';

/** Cells of each feature in CSR form: the cells of row `r` are `cells[offsets[r] … offsets[r + 1])`. */
export interface FeatureCells {
  readonly offsets: Int32Array;
  readonly cells: Int32Array;
  /** Cell under each feature's centroid (−1 outside the grid). */
  readonly centroidCells: Int32Array;
}

/** The level-independent part of the exposure of one territory on one DEM grid. */
export interface TerritoryIndex {
  readonly cellCount: number;
  readonly cellAreaSquareMetres: number;
  readonly communeIds: readonly string[];
  readonly communeNames: readonly string[];
  /** Commune row of each DEM cell, −1 outside every commune. */
  readonly communeOfCell: Int32Array;
  /** Population cell of each DEM cell centre, −1 outside the population cells. */
  readonly populationCellOfCell: Int32Array;
  readonly populationCellCount: number;
  readonly populationCellAreaSquareMetres: number;
  /** Quantities per population cell, e.g. `{ people }`. */
  readonly populationValues: Readonly<Record<string, Float64Array>>;
  readonly buildings: FeatureCells | null;
  readonly equipment: (FeatureCells & { readonly categories: readonly string[]; readonly categoryOfRow: Int32Array }) | null;
}

/** What {@link buildTerritoryIndex} needs. Tables in any CRS of the registry. */
export interface TerritoryIndexInput {
  readonly dem: Grid;
  readonly communes: FeatureTable;
  readonly communeIdColumn: string;
  readonly communeNameColumn?: string;
  readonly population?: PopulationCells;
  readonly buildings?: FeatureTable;
  readonly equipment?: FeatureTable;
  readonly equipmentCategoryColumn?: string;
}

function inCrs(table: FeatureTable, crs: number): FeatureTable {
  return featureTableCrs(table) === crs ? table : reprojectTable(table, crs);
}

function textValues(table: FeatureTable, column: string | undefined, fallback: (row: number) => string): string[] {
  const vector = column === undefined ? null : table.getChild(column);
  if (column !== undefined && !vector) {
    const names = table.schema.fields.map((field) => field.name).join(', ');
    throw new JumeauError('input', `The table has no column "${column}" (columns: ${names})`, { details: { column } });
  }
  return Array.from({ length: table.numRows }, (_, row) => {
    const value = vector?.get(row);
    return vector ? (value === null || value === undefined ? 'unknown' : String(value)) : fallback(row);
  });
}

function indexCommunes(dem: Grid, communes: FeatureTable): Int32Array {
  const communeOfCell = new Int32Array(dem.width * dem.height).fill(-1);
  forEachFeatureCell(communes, dem, (row, cell) => {
    communeOfCell[cell] = row;
  });
  return communeOfCell;
}

/** INSEE cell under each DEM cell centre (centres computed with computeExposure's arithmetic, bit for bit). */
function indexPopulationCells(dem: Grid, population: PopulationCells): Int32Array {
  const size = population.cellSizeMetres;
  const key = (column: number, row: number) => (column + 16_777_216) * 33_554_432 + (row + 16_777_216);
  const byKey = new Map<number, number>();
  for (let cell = 0; cell < population.lowerLeftX.length; cell += 1) {
    byKey.set(
      key(Math.round((population.lowerLeftX[cell] as number) / size), Math.round((population.lowerLeftY[cell] as number) / size)),
      cell,
    );
  }
  const count = dem.width * dem.height;
  const centres = new Float64Array(count * 2);
  for (let cell = 0; cell < count; cell += 1) {
    centres[cell * 2] = dem.transform[0] + ((cell % dem.width) + 0.5) * dem.transform[1];
    centres[cell * 2 + 1] = dem.transform[3] + (Math.floor(cell / dem.width) + 0.5) * dem.transform[5];
  }
  const projected = population.crs === dem.crs ? centres : reproject(centres, dem.crs, population.crs, { inPlace: true });
  const populationCellOfCell = new Int32Array(count);
  for (let cell = 0; cell < count; cell += 1) {
    const x = projected[cell * 2] as number;
    const y = projected[cell * 2 + 1] as number;
    populationCellOfCell[cell] = byKey.get(key(Math.floor(x / size), Math.floor(y / size))) ?? -1;
  }
  return populationCellOfCell;
}

/**
 * The cells each feature covers (visit order kept) and the cell under its centroid, on the DEM's grid.
 *
 * @example
 * ```ts
 * const { offsets, cells, centroidCells } = indexFeatureCells(dem, buildings)
 * ```
 */
export function indexFeatureCells(dem: Grid, table: FeatureTable): FeatureCells {
  const projected = inCrs(table, dem.crs);
  const counts = new Int32Array(projected.numRows + 1);
  const visited: number[] = [];
  const rows: number[] = [];
  forEachFeatureCell(projected, dem, (row, cell) => {
    rows.push(row);
    visited.push(cell);
  });
  for (const row of rows) counts[row + 1] = (counts[row + 1] as number) + 1;
  for (let row = 0; row < projected.numRows; row += 1) counts[row + 1] = (counts[row + 1] as number) + (counts[row] as number);
  // forEachFeatureCell visits rows in order, so the visit list is already grouped by row.
  const centroidCells = new Int32Array(projected.numRows).fill(-1);
  let rowBase = 0;
  for (const buffers of geometryBuffers(projected)) {
    for (let row = 0; row < buffers.length; row += 1) {
      if (!buffers.isValid(row)) continue;
      const centroid = featureCentroid(buffers, row);
      const position = centroid ? cellAt(dem, centroid[0], centroid[1]) : null;
      if (position) centroidCells[rowBase + row] = position[1] * dem.width + position[0];
    }
    rowBase += buffers.length;
  }
  return { offsets: counts, cells: Int32Array.from(visited), centroidCells };
}

function indexEquipment(input: TerritoryIndexInput): TerritoryIndex['equipment'] {
  if (!input.equipment) return null;
  const cells = indexFeatureCells(input.dem, input.equipment);
  const labels = textValues(input.equipment, input.equipmentCategoryColumn, () => 'équipement');
  const categories = [...new Set(labels)];
  const categoryOfRow = Int32Array.from(labels, (label) => categories.indexOf(label));
  return { ...cells, categories, categoryOfRow };
}

/**
 * Computes the {@link TerritoryIndex} of a territory on its DEM grid (≈ 1 s for Oléron's 571 k cells, once).
 *
 * @example
 * ```ts
 * const index = buildTerritoryIndex({ dem, communes, communeIdColumn: 'dist_code', population, buildings })
 * const exposure = computeLevelExposure(index, depth)
 * ```
 */
export function buildTerritoryIndex(input: TerritoryIndexInput): TerritoryIndex {
  const { dem } = input;
  const communes = inCrs(input.communes, dem.crs);
  const population = input.population;
  if (population && !population.values.people) throw new JumeauError('input', 'Population cells need a "people" quantity');
  return {
    cellCount: dem.width * dem.height,
    cellAreaSquareMetres: Math.abs(dem.transform[1] * dem.transform[5] - dem.transform[2] * dem.transform[4]),
    communeIds: textValues(communes, input.communeIdColumn, String),
    communeNames: textValues(communes, input.communeNameColumn ?? input.communeIdColumn, String),
    communeOfCell: indexCommunes(dem, communes),
    populationCellOfCell: population ? indexPopulationCells(dem, population) : new Int32Array(dem.width * dem.height).fill(-1),
    populationCellCount: population ? population.lowerLeftX.length : 0,
    populationCellAreaSquareMetres: population ? population.cellSizeMetres * population.cellSizeMetres : 1,
    populationValues: population ? { ...population.values } : {},
    buildings: input.buildings ? indexFeatureCells(dem, input.buildings) : null,
    equipment: indexEquipment(input),
  };
}
