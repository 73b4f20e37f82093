import { z } from 'zod';
import { createGrid, geometryBuffers, validate, type FeatureTable, type Grid, type GridDataType } from '@jumeau/core';
import { burnValues } from './lib/burn-values.js';
import { FeatureScratch } from './lib/feature-scratch.js';
import { traceLineCells, traceTouchedCells } from './lib/line-cells.js';
import { invertGeoTransform } from './lib/pixel-space.js';
import { fillPolygonSpans } from './lib/scanline.js';
import { checkFrame, type GridFrame } from './target-grid.js';

/** Which cells a geometry burns: `centre` (GDAL's default) or `all-touched` (GDAL `-at`). */
export type RasterizeRule = 'centre' | 'all-touched';
/** How a cell burnt by several features combines them (`sum` is GDAL `-add`). */
export type RasterizeMerge = 'last' | 'max' | 'min' | 'sum';

/** Options of {@link rasterize}. */
export interface RasterizeOptions {
  /** A constant, or the name of a numeric column (default 1). Rows whose value is null are skipped. */
  readonly burn?: number | string;
  /** Default `centre`. */
  readonly rule?: RasterizeRule;
  /** Default `last` (row order, like GDAL). */
  readonly merge?: RasterizeMerge;
  /** Default `float32`. */
  readonly dataType?: GridDataType;
  /** Value of the cells no feature burns, also declared as the grid's nodata (default 0, GDAL's `-init 0`). */
  readonly nodata?: number;
  /** Units of the burnt values, e.g. "inhabitants". */
  readonly units?: string | null;
}

const optionsSchema = z.object({
  burn: z.union([z.number().finite(), z.string().min(1)]).default(1),
  rule: z.enum(['centre', 'all-touched']).default('centre'),
  merge: z.enum(['last', 'max', 'min', 'sum']).default('last'),
  dataType: z.enum(['float32', 'float64', 'int16', 'int32', 'uint8', 'uint16']).default('float32'),
  nodata: z.number().default(0),
  units: z.string().nullable().default(null),
});

/**
 * Burns points, lines or polygons onto a grid. Centre rule: a polygon takes the cells whose centre is inside
 * (even-odd over all its rings, holes excluded), a line the cells of GDAL's Bresenham walk, a point its cell —
 * cell-for-cell what `gdal_rasterize` gives. All-touched: every cell the geometry touches (`gdal_rasterize -at`).
 * A feature burns a cell at most once, then `merge` combines features.
 *
 * @example
 * ```ts
 * const codes = rasterize(communes, dem, { burn: 'population', rule: 'centre', dataType: 'float64' })
 * const defences = rasterize(lines, { width: 631, height: 906, transform, crs: 2154 }, { rule: 'all-touched' })
 * ```
 */
export function rasterize(table: FeatureTable, like: Grid | GridFrame, options: RasterizeOptions = {}): Grid {
  const parsed = validate(optionsSchema, options, 'rasterize options');
  const frame = checkFrame(like, table, 'target grid');
  const grid = createGrid({ ...frame, dataType: parsed.dataType, nodata: parsed.nodata, units: parsed.units });
  const data = grid.data;
  if (parsed.nodata !== 0) data.fill(parsed.nodata);
  const values = burnValues(table, parsed.burn);
  const burnt = new Uint8Array(frame.width * frame.height);
  const merge = parsed.merge;
  forEachFeatureCell(
    table,
    frame,
    (row, cell) => {
      const value = typeof values === 'number' ? values : (values[row] as number);
      if (burnt[cell] === 0) {
        burnt[cell] = 1;
        data[cell] = value;
      } else if (merge === 'last') data[cell] = value;
      else if (merge === 'sum') data[cell] = (data[cell] as number) + value;
      else if (merge === 'max') data[cell] = Math.max(data[cell] as number, value);
      else data[cell] = Math.min(data[cell] as number, value);
    },
    { rule: parsed.rule, skipRow: (row) => typeof values !== 'number' && Number.isNaN(values[row] as number) },
  );
  return grid;
}

/**
 * Visits every cell each feature covers, once per feature, in row order: `visit(row, cellIndex)` with the table row and
 * the row-major cell index. The cells are exactly those {@link rasterize} burns (centre rule: GDAL's polygon fill,
 * Bresenham lines, the cell under a point; all-touched: every cell touched). Kernels that need per-feature cells
 * (exposure of overlapping buildings, zonal sums) use it instead of rasterising one grid per feature.
 *
 * @example
 * ```ts
 * forEachFeatureCell(buildings, depth, (row, cell) => { maximum[row] = Math.max(maximum[row], depth.data[cell]) })
 * ```
 */
export function forEachFeatureCell(
  table: FeatureTable,
  like: Grid | GridFrame,
  visit: (row: number, cell: number) => void,
  options: { readonly rule?: RasterizeRule; readonly skipRow?: (row: number) => boolean } = {},
): void {
  const frame = checkFrame(like, table, 'target grid');
  const rule = options.rule ?? 'centre';
  const lastFeature = new Int32Array(frame.width * frame.height);
  let featureStamp = 0;
  let featureRow = 0;
  const visitCell = (column: number, row: number): void => {
    const cell = row * frame.width + column;
    if (lastFeature[cell] === featureStamp) return;
    lastFeature[cell] = featureStamp;
    visit(featureRow, cell);
  };
  const visitSpan = (row: number, first: number, last: number): void => {
    for (let column = first; column <= last; column += 1) visitCell(column, row);
  };
  const inverse = invertGeoTransform(frame.transform);
  const shape = new FeatureScratch();
  let rowOffset = 0;
  for (const buffers of geometryBuffers(table)) {
    const kind = buffers.encoding.includes('polygon') ? 'polygon' : buffers.encoding.includes('line') ? 'line' : 'point';
    for (let row = 0; row < buffers.length; row += 1) {
      featureRow = rowOffset + row;
      if (options.skipRow?.(featureRow) || !shape.load(buffers, row, inverse)) continue;
      featureStamp += 1;
      burnShape(shape, kind, rule, frame.width, frame.height, visitCell, visitSpan);
    }
    rowOffset += buffers.length;
  }
}

function burnShape(
  shape: FeatureScratch,
  kind: 'polygon' | 'line' | 'point',
  rule: RasterizeRule,
  width: number,
  height: number,
  burnCell: (column: number, row: number) => void,
  burnSpan: (row: number, first: number, last: number) => void,
): void {
  if (kind === 'polygon') {
    fillPolygonSpans(shape, width, height, burnSpan);
    if (rule === 'all-touched') traceTouchedCells(shape, true, width, height, burnCell);
  } else if (kind === 'line') {
    if (rule === 'all-touched') traceTouchedCells(shape, false, width, height, burnCell);
    else traceLineCells(shape, width, height, burnCell);
  } else {
    for (let vertex = 0; vertex < shape.vertexCount; vertex += 1) {
      const column = Math.floor(shape.columns[vertex] as number);
      const row = Math.floor(shape.rows[vertex] as number);
      if (column >= 0 && column < width && row >= 0 && row < height) burnCell(column, row);
    }
  }
}
