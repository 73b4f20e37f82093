import { type Grid, JumeauError, createGrid, featureTableCrs, parseCrs } from '@jumeau/core';
import { type GridFrame, rasterize, reprojectTable } from '@jumeau/convert';
import type { Table } from 'apache-arrow';
import { computeExposure, type ExposureInput } from '../exposure/exposure.js';
import type { ShorelineProjection } from './project.js';

/** What {@link computeShorelineExposure} takes: a projection, the grid to count on, and what can be exposed. */
export interface ShorelineExposureInput extends Omit<ExposureInput, 'depth' | 'minimumDepthMetres'> {
  /** The projected shoreline, from {@link projectShoreline}: its erosion band is what is lost. */
  readonly projection: ShorelineProjection;
  /**
   * The grid the band is counted on, usually the territory's DEM (only its size, transform and CRS are used): a cell
   * is lost when its centre lies inside the band. A finer grid follows the band more closely.
   */
  readonly grid: Grid | GridFrame;
}

/** What {@link computeShorelineExposure} returns. */
export interface ShorelineExposureResult {
  /**
   * One row per commune, as {@link computeExposure} gives it; `floodedAreaSquareMetres` is here the area of the band
   * on the grid (cells whose centre is inside), people are counted area-weighted by the lost share of each cell.
   */
  readonly byCommune: Table;
  /** The same indicators over the whole grid (`outsideCommunes:<name>` for the part outside every commune). */
  readonly totals: Readonly<Record<string, number>>;
  /** Per building (row order of the input): 1 when it stands in the band, else 0. */
  readonly buildingsInBand: Uint8Array;
  /** The band burnt on the grid: 1 lost, 0 kept (uint8, no nodata). */
  readonly band: Grid<Uint8Array>;
  /** The band's exact area (m², the polygons' area), to compare with its area on the grid. */
  readonly bandAreaSquareMetres: number;
}

/**
 * The band a projected shoreline takes, burnt on a grid with the centre rule (GDAL's polygon fill): 1 where a cell's
 * centre lies in the band, 0 elsewhere, no nodata. The band is reprojected to the grid's CRS when they differ. This is
 * the grid {@link computeShorelineExposure} counts; an app that keeps its own per-cell index counts the same cells.
 *
 * @example
 * ```ts
 * const band = burnErosionBand(projectShoreline(rates, { horizonYear: 2100 }), dem)
 * band.data.reduce((sum, lost) => sum + lost, 0) // cells lost
 * ```
 */
export function burnErosionBand(projection: ShorelineProjection, grid: Grid | GridFrame): Grid<Uint8Array> {
  const gridCrs = parseCrs(grid.crs);
  const bandTable =
    featureTableCrs(projection.erosionBand) === gridCrs ? projection.erosionBand : reprojectTable(projection.erosionBand, gridCrs);
  const burnt = rasterize(bandTable, grid, { burn: 1, rule: 'centre', dataType: 'uint8', nodata: 0 });
  // Every cell of the grid is land that is kept (0) or lost (1): no nodata.
  return createGrid<Uint8Array>({
    width: grid.width,
    height: grid.height,
    transform: grid.transform,
    crs: gridCrs,
    data: burnt.data as Uint8Array,
    nodata: null,
    units: null,
  });
}

/**
 * Who and what stands in the band a retreating shoreline takes (issue #4, kernel 4): the band of
 * {@link projectShoreline} is burnt on a grid with the centre rule, then counted exactly as a flood is by
 * {@link computeExposure} — people area-weighted by the lost share of each population cell, a building when the cell
 * under its centroid or any cell whose centre lies in its footprint is lost, equipment by category, per commune.
 *
 * @example
 * ```ts
 * const projection = projectShoreline(rates, { horizonYear: 2100, majorEventRetreatMetres: 20 })
 * const { totals } = computeShorelineExposure({ projection, grid: dem, communes: { table: communes, idColumn: 'code' }, buildings: { table: buildings } })
 * totals.buildings // buildings standing in the eroded band in 2100
 * ```
 */
export function computeShorelineExposure(input: ShorelineExposureInput): ShorelineExposureResult {
  const { projection, grid } = input;
  if (!projection?.erosionBand) {
    throw new JumeauError('input', 'computeShorelineExposure needs the result of projectShoreline as `projection`');
  }
  const band = burnErosionBand(projection, grid);
  const exposure = computeExposure({ ...input, depth: band, minimumDepthMetres: 0 });
  const buildingsInBand = new Uint8Array(exposure.buildingMaximumDepthMetres.length);
  for (let row = 0; row < buildingsInBand.length; row += 1) buildingsInBand[row] = exposure.buildingMaximumDepthMetres[row]! > 0 ? 1 : 0;
  return {
    byCommune: exposure.byCommune,
    totals: exposure.totals,
    buildingsInBand,
    band,
    bandAreaSquareMetres: projection.areaLostSquareMetres,
  };
}
