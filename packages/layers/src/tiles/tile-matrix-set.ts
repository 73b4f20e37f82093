import { type Bounds, JumeauError, parseCrs } from '@jumeau/core';
import { z } from 'zod';

/** One level of a WMTS TileMatrixSet, as in the capabilities (same shape as @jumeau/catalog's `TileMatrix`). */
export interface WmtsTileMatrix {
  readonly identifier: string;
  /** OGC scale denominator: one pixel is `scaleDenominator × 0.28 mm` on the ground (CRS units for projected CRSs). */
  readonly scaleDenominator: number;
  /** [x, y] of the matrix's top-left corner in the set's CRS (easting, northing for Lambert-93 and Web Mercator). */
  readonly topLeftCorner: readonly [number, number];
  readonly tileWidthPixels: number;
  readonly tileHeightPixels: number;
  readonly matrixWidthTiles: number;
  readonly matrixHeightTiles: number;
}

/** A WMTS TileMatrixSet in a projected CRS (`PM`, `LAMB93_5cm`…); @jumeau/catalog's `TileMatrixSet` fits as is. */
export interface WmtsTileMatrixSet {
  readonly identifier: string;
  /** The CRS as the capabilities write it: `EPSG:3857`, `IGNF:LAMB93`, `urn:ogc:def:crs:EPSG::2154`… */
  readonly supportedCrs: string;
  readonly tileMatrices: readonly WmtsTileMatrix[];
}

/** A tile of a set: column and row in the matrix of level `level` (index into `tileMatrices`). */
export interface WmtsTileIndex {
  readonly column: number;
  readonly row: number;
  readonly level: number;
}

/** Size of the OGC standardized rendering pixel, metres (WMTS 1.0.0 §6.1). */
export const STANDARD_PIXEL_SIZE_METRES = 0.00028;

const positive = z.number().positive().refine(Number.isFinite, 'must be finite');
const tileMatrixSchema = z.object({
  identifier: z.string().min(1),
  scaleDenominator: positive,
  topLeftCorner: z.tuple([z.number().refine(Number.isFinite), z.number().refine(Number.isFinite)]),
  tileWidthPixels: z.number().int().positive(),
  tileHeightPixels: z.number().int().positive(),
  matrixWidthTiles: z.number().int().positive(),
  matrixHeightTiles: z.number().int().positive(),
});
/** zod schema of {@link WmtsTileMatrixSet} (checked when a layer receives one). */
export const wmtsTileMatrixSetSchema = z.object({
  identifier: z.string().min(1),
  supportedCrs: z.string().min(1),
  tileMatrices: z.array(tileMatrixSchema).min(1),
});

/**
 * EPSG code of a set's CRS; IGN's `IGNF:LAMB93` is Lambert-93 (EPSG:2154).
 *
 * @example
 * tileMatrixSetCrs({ identifier: 'LAMB93_5cm', supportedCrs: 'IGNF:LAMB93', tileMatrices }); // 2154
 */
export function tileMatrixSetCrs(set: Pick<WmtsTileMatrixSet, 'supportedCrs'>): number {
  if (/^IGNF:LAMB93$/i.test(set.supportedCrs.trim())) return 2154;
  return parseCrs(set.supportedCrs);
}

/**
 * Ground size of one pixel of a level, CRS units (metres for a projected CRS): scale denominator × 0.28 mm.
 *
 * @example
 * tileMatrixResolution({ scaleDenominator: 559082264.0287178, ... }); // 156543.03 m, Web Mercator level 0
 */
export function tileMatrixResolution(matrix: Pick<WmtsTileMatrix, 'scaleDenominator'>): number {
  return matrix.scaleDenominator * STANDARD_PIXEL_SIZE_METRES;
}

/**
 * [minX, minY, maxX, maxY] of a tile in the set's CRS: columns grow eastwards and rows southwards from the
 * top-left corner.
 *
 * @example
 * tileBounds(set.tileMatrices[16], 452, 6660); // a 819.2 m Lambert-93 tile of LAMB93_5cm
 */
export function tileBounds(matrix: WmtsTileMatrix, column: number, row: number): Bounds {
  const resolution = tileMatrixResolution(matrix);
  const width = matrix.tileWidthPixels * resolution;
  const height = matrix.tileHeightPixels * resolution;
  const [left, top] = matrix.topLeftCorner;
  return [left + column * width, top - (row + 1) * height, left + (column + 1) * width, top - row * height];
}

/**
 * The columns and rows of the tiles of a level that cover `bounds` (in the set's CRS), clipped to the matrix:
 * `[firstColumn, firstRow, lastColumn, lastRow]` inclusive, or null when nothing of the matrix is covered.
 *
 * @example
 * tileRange(set.tileMatrices[16], [364900, 6531900, 377600, 6550100]); // [445, 6652, 460, 6674]
 */
export function tileRange(matrix: WmtsTileMatrix, bounds: Bounds): [number, number, number, number] | null {
  const resolution = tileMatrixResolution(matrix);
  const width = matrix.tileWidthPixels * resolution;
  const height = matrix.tileHeightPixels * resolution;
  const [left, top] = matrix.topLeftCorner;
  const firstColumn = Math.max(0, Math.floor((bounds[0] - left) / width));
  const lastColumn = Math.min(matrix.matrixWidthTiles - 1, Math.ceil((bounds[2] - left) / width) - 1);
  const firstRow = Math.max(0, Math.floor((top - bounds[3]) / height));
  const lastRow = Math.min(matrix.matrixHeightTiles - 1, Math.ceil((top - bounds[1]) / height) - 1);
  if (firstColumn > lastColumn || firstRow > lastRow) return null;
  return [firstColumn, firstRow, lastColumn, lastRow];
}

/**
 * The level to draw at `unitsPerPixel` (CRS units per screen pixel): the one whose resolution is nearest in
 * log scale (one texel per screen pixel), shifted by `levelOffset` (+1: one level finer).
 *
 * @example
 * selectTileMatrix(lamb93, 3.0); // 16 (3.2 m per texel)
 */
export function selectTileMatrix(set: WmtsTileMatrixSet, unitsPerPixel: number, levelOffset = 0): number {
  if (!(unitsPerPixel > 0))
    throw new JumeauError('input', `Screen resolution must be > 0 CRS units per pixel, got ${unitsPerPixel}`, {
      details: { unitsPerPixel },
    });
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  set.tileMatrices.forEach((matrix, level) => {
    const distance = Math.abs(Math.log2(tileMatrixResolution(matrix) / unitsPerPixel));
    if (distance < bestDistance) [best, bestDistance] = [level, distance];
  });
  return Math.min(set.tileMatrices.length - 1, Math.max(0, best + Math.round(levelOffset)));
}

/**
 * The URL of a tile from a template: WMTS REST/KVP placeholders `{TileMatrixSet}`, `{TileMatrix}`, `{TileCol}`,
 * `{TileRow}` (any case) or the XYZ `{z}`, `{x}`, `{y}`; `{TileMatrix}`/`{z}` get the level's identifier.
 *
 * @example
 * tileUrl('https://data.geopf.fr/wmts?…&TILEMATRIX={TileMatrix}&TILECOL={TileCol}&TILEROW={TileRow}', set, { column: 452, row: 6660, level: 16 });
 */
export function tileUrl(template: string, set: WmtsTileMatrixSet, index: WmtsTileIndex): string {
  const matrix = set.tileMatrices[index.level];
  if (!matrix) throw new JumeauError('input', `No level ${index.level} in TileMatrixSet ${set.identifier}`, { details: { ...index } });
  const values: Record<string, string> = {
    tilematrixset: set.identifier,
    tilematrix: matrix.identifier,
    tilecol: String(index.column),
    tilerow: String(index.row),
    z: matrix.identifier,
    x: String(index.column),
    y: String(index.row),
  };
  return template.replace(
    /\{(TileMatrixSet|TileMatrix|TileCol|TileRow|z|x|y)\}/gi,
    (match, name: string) => values[name.toLowerCase()] ?? match,
  );
}
