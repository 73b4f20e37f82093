import { JumeauError, type Grid, cellAt, isNodata, parseCrs, type CrsLike } from '@jumeau/core';

/**
 * A population given as square cells (INSEE "carroyage" style): lower-left corners in `crs`, one value array per
 * quantity (`people` at least; households, dwellings… as the source has them).
 */
export interface PopulationCells {
  readonly crs: number;
  /** Side of the square cells, in CRS units (metres): 200 for INSEE's Filosofi grid. */
  readonly cellSizeMetres: number;
  readonly lowerLeftX: Float64Array;
  readonly lowerLeftY: Float64Array;
  /** Quantities per cell, e.g. `{ people: …, households: … }`; `people` is required. */
  readonly values: Readonly<Record<string, Float64Array>>;
}

/** Population as square cells, or as a Grid of people per cell in any CRS. */
export type PopulationSource = PopulationCells | Grid;

/** Where a point falls in a population source: a cell number and the cell's area, or -1 outside. */
export interface PopulationIndex {
  readonly crs: number;
  readonly cellAreaSquareMetres: number;
  readonly quantities: readonly string[];
  readonly cellCount: number;
  cellAt(x: number, y: number): number;
  value(quantity: string, cell: number): number;
}

export function isPopulationCells(source: PopulationSource): source is PopulationCells {
  return 'lowerLeftX' in source;
}

function indexCells(cells: PopulationCells): PopulationIndex {
  const size = cells.cellSizeMetres;
  if (!cells.values.people) throw new JumeauError('input', 'Population cells need a "people" quantity');
  const byKey = new Map<number, number>();
  // Integer cell coordinates packed in one safe integer key (|index| < 2²⁴ for any national grid).
  const key = (column: number, row: number) => (column + 16_777_216) * 33_554_432 + (row + 16_777_216);
  for (let cell = 0; cell < cells.lowerLeftX.length; cell += 1) {
    byKey.set(key(Math.round((cells.lowerLeftX[cell] as number) / size), Math.round((cells.lowerLeftY[cell] as number) / size)), cell);
  }
  return {
    crs: cells.crs,
    cellAreaSquareMetres: size * size,
    quantities: Object.keys(cells.values),
    cellCount: cells.lowerLeftX.length,
    cellAt: (x, y) => byKey.get(key(Math.floor(x / size), Math.floor(y / size))) ?? -1,
    value: (quantity, cell) => (cells.values[quantity] as Float64Array)[cell] as number,
  };
}

function indexGrid(grid: Grid): PopulationIndex {
  const area = Math.abs(grid.transform[1] * grid.transform[5] - grid.transform[2] * grid.transform[4]);
  return {
    crs: grid.crs,
    cellAreaSquareMetres: area,
    quantities: ['people'],
    cellCount: grid.data.length,
    cellAt(x, y) {
      const position = cellAt(grid, x, y);
      const cell = position ? position[1] * grid.width + position[0] : -1;
      return cell < 0 || isNodata(grid.data[cell] as number, grid.nodata) ? -1 : cell;
    },
    value: (_quantity, cell) => grid.data[cell] as number,
  };
}

/** A lookup over any population source. */
export function indexPopulation(source: PopulationSource): PopulationIndex {
  return isPopulationCells(source) ? indexCells(source) : indexGrid(source);
}

/**
 * Reads INSEE 200 m grid cells from CSV (Filosofi "carroyage" files with `x_ll_3035,y_ll_3035,ind,…` or INSPIRE
 * `idcar_200m` ids `CRS3035RES200mN{Y}E{X}`). `quantities` maps Jumeau names to CSV columns (default
 * `{ people: 'ind' }`; add `households: 'men'`, `dwellings: 'log_soc'`… as the file has them).
 *
 * @example
 * ```ts
 * const population = readInseeGridCells(readFileSync('filosofi2021_200m_tile4_11_cells.csv', 'utf8'))
 * ```
 */
export function readInseeGridCells(
  text: string,
  options: { quantities?: Record<string, string>; cellSizeMetres?: number; crs?: CrsLike } = {},
): PopulationCells {
  const lines = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const header = (lines[0] ?? '').split(/[,;]/).map((name) => name.trim().replace(/^"|"$/g, ''));
  const quantities = options.quantities ?? { people: 'ind' };
  const column = (name: string) => header.indexOf(name);
  const idColumn = header.findIndex((name) => /^idcar_/i.test(name) || name === 'Idcar_200m');
  const xColumn = column('x_ll_3035');
  const yColumn = column('y_ll_3035');
  if ((xColumn < 0 || yColumn < 0) && idColumn < 0) {
    throw new JumeauError('format', `INSEE grid CSV needs x_ll_3035,y_ll_3035 or an idcar_200m column (header: ${header.join(', ')})`);
  }
  for (const [name, source] of Object.entries(quantities)) {
    if (column(source) < 0)
      throw new JumeauError('format', `INSEE grid CSV has no column "${source}" for ${name} (header: ${header.join(', ')})`);
  }
  const count = lines.length - 1;
  const lowerLeftX = new Float64Array(count);
  const lowerLeftY = new Float64Array(count);
  const values = Object.fromEntries(Object.keys(quantities).map((name) => [name, new Float64Array(count)]));
  for (let row = 0; row < count; row += 1) {
    const cells = (lines[row + 1] as string).split(/[,;]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
    let x = Number(cells[xColumn]);
    let y = Number(cells[yColumn]);
    if (xColumn < 0 || yColumn < 0) {
      const match = /N(\d+)E(\d+)/.exec(cells[idColumn] ?? '');
      y = Number(match?.[1]);
      x = Number(match?.[2]);
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new JumeauError('format', `INSEE grid CSV line ${row + 2}: no cell position`);
    lowerLeftX[row] = x;
    lowerLeftY[row] = y;
    for (const [name, source] of Object.entries(quantities)) {
      const value = Number(cells[column(source)]);
      if (!Number.isFinite(value))
        throw new JumeauError('format', `INSEE grid CSV line ${row + 2}: ${source} "${cells[column(source)]}" is not a number`);
      (values[name] as Float64Array)[row] = value;
    }
  }
  return { crs: parseCrs(options.crs ?? 3035), cellSizeMetres: options.cellSizeMetres ?? 200, lowerLeftX, lowerLeftY, values };
}
