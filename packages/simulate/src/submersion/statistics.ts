/** The indicators of a static submersion, computed in the same pass that finalises the depth grid. */
import type { GridArray } from '@jumeau/core';

/** Indicators of one static submersion. Areas in m², volumes in m³, depths and levels in metres. */
export interface SubmersionStatistics {
  /** The water level W = still-water level + sea-level rise, in the DEM's vertical datum (m). */
  readonly waterLevelMetres: number;
  /** Number of flooded cells. */
  readonly floodedCellCount: number;
  /** Flooded area (m²): flooded cells × cell area. */
  readonly floodedAreaSquareMetres: number;
  /** Water volume (m³): Σ depth × cell area over flooded cells. */
  readonly volumeCubicMetres: number;
  /** Largest depth (m), 0 when nothing floods. */
  readonly maximumDepthMetres: number;
  /** Mean depth over flooded cells (m), 0 when nothing floods. */
  readonly meanDepthMetres: number;
  /** Valid cells whose effective ground is below W but that no path below W connects to the sea. */
  readonly lowUnconnectedCellCount: number;
  /** Their area (m²): the "zones basses" behind a defence or a ridge. */
  readonly lowUnconnectedAreaSquareMetres: number;
  /** Area of one cell (m²). */
  readonly cellAreaSquareMetres: number;
}

/**
 * Finalises `depth` and returns the indicators: resets barrier-blocked cells (NaN on valid ground) to 0, writes NaN
 * where the DEM is NaN, and sums flooded and low-but-unconnected cells.
 */
export function summariseSubmersion(
  elevation: GridArray,
  nodata: number | null,
  depth: Float32Array,
  levelMetres: number,
  cellAreaSquareMetres: number,
): SubmersionStatistics {
  const nodataValue = nodata ?? Number.NaN;
  let floodedCellCount = 0;
  let depthSum = 0;
  let maximumDepthMetres = 0;
  let lowUnconnectedCellCount = 0;
  for (let cell = 0; cell < depth.length; cell += 1) {
    const ground = elevation[cell] as number;
    if (Number.isNaN(ground)) {
      depth[cell] = Number.NaN;
      continue;
    }
    if (ground === nodataValue) continue;
    const cellDepth = depth[cell] as number;
    if (cellDepth > 0) {
      floodedCellCount += 1;
      depthSum += cellDepth;
      if (cellDepth > maximumDepthMetres) maximumDepthMetres = cellDepth;
    } else if (Number.isNaN(cellDepth)) {
      depth[cell] = 0;
    } else if (ground < levelMetres) {
      lowUnconnectedCellCount += 1;
    }
  }
  return {
    waterLevelMetres: levelMetres,
    floodedCellCount,
    floodedAreaSquareMetres: floodedCellCount * cellAreaSquareMetres,
    volumeCubicMetres: depthSum * cellAreaSquareMetres,
    maximumDepthMetres,
    meanDepthMetres: floodedCellCount === 0 ? 0 : depthSum / floodedCellCount,
    lowUnconnectedCellCount,
    lowUnconnectedAreaSquareMetres: lowUnconnectedCellCount * cellAreaSquareMetres,
    cellAreaSquareMetres,
  };
}

/** What the flood gathered while writing the depths (no barrier: the depths are final as written). */
export interface FloodTotals {
  readonly floodedCellCount: number;
  readonly depthSum: number;
  readonly maximumDepth: number;
}

/**
 * The statistics pass of a submersion without barrier, fused with the nodata marking: one read of the DEM, writes
 * only on nodata cells (NaN where the DEM is NaN, `depthNodata` where it holds its nodata value). Low-but-unconnected
 * cells are the valid cells below W minus the flooded ones (every flooded cell is below W).
 */
export function finishSubmersion(
  elevation: GridArray,
  nodata: number | null,
  depth: Float32Array,
  depthNodata: number | null,
  levelMetres: number,
  cellAreaSquareMetres: number,
  totals: FloodTotals,
): SubmersionStatistics {
  const nodataValue = nodata ?? Number.NaN;
  const nodataDepth = depthNodata ?? Number.NaN;
  let lowCellCount = 0;
  for (let cell = 0; cell < depth.length; cell += 1) {
    const ground = elevation[cell] as number;
    if (ground < levelMetres && ground !== nodataValue) lowCellCount += 1;
    // biome-ignore lint/suspicious/noSelfCompare: NaN test without a function call in the hot loop
    else if (ground !== ground) depth[cell] = Number.NaN;
    else if (ground === nodataValue) depth[cell] = nodataDepth;
  }
  const { floodedCellCount, depthSum } = totals;
  const lowUnconnectedCellCount = lowCellCount - floodedCellCount;
  return {
    waterLevelMetres: levelMetres,
    floodedCellCount,
    floodedAreaSquareMetres: floodedCellCount * cellAreaSquareMetres,
    volumeCubicMetres: depthSum * cellAreaSquareMetres,
    maximumDepthMetres: totals.maximumDepth,
    meanDepthMetres: floodedCellCount === 0 ? 0 : depthSum / floodedCellCount,
    lowUnconnectedCellCount,
    lowUnconnectedAreaSquareMetres: lowUnconnectedCellCount * cellAreaSquareMetres,
    cellAreaSquareMetres,
  };
}
