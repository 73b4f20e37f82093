import type { FeatureScratch } from './feature-scratch.js';

/** A window of the grid, in cells, over which a coverage is accumulated. */
export interface CoverageWindow {
  readonly column: number;
  readonly row: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Exact fraction of each cell of `window` covered by a polygon (all rings; outer rings add, holes subtract),
 * written row-major into `coverage` (length ≥ (width + 2) × height; the two spare columns per row are scratch).
 *
 * Method: signed-area accumulation (the exact line coverage of font rasterizers, R. Levien's font-rs): every edge
 * adds, to the cells it crosses and to the cell right of them, the signed area between itself and the cell's
 * left border; a prefix sum along each row then gives the covered area of every cell. Parts of edges left of the
 * window are clamped onto its left border (exact, as accumulation only flows rightwards), parts right of it are
 * dropped. Cost: O(cells crossed by edges + cells of the window).
 */
export function accumulateCoverage(shape: FeatureScratch, window: CoverageWindow, coverage: Float64Array): void {
  const stride = window.width + 2;
  coverage.fill(0, 0, stride * window.height);
  const { columns, rows, partStarts, partCount, isOuter } = shape;
  for (let part = 0; part < partCount; part += 1) {
    const start = partStarts[part] as number;
    const end = partStarts[part + 1] as number;
    if (end - start < 3) continue;
    let twiceArea = 0;
    for (let vertex = start; vertex < end; vertex += 1) {
      const next = vertex + 1 === end ? start : vertex + 1;
      twiceArea += (columns[vertex] as number) * (rows[next] as number) - (columns[next] as number) * (rows[vertex] as number);
    }
    if (twiceArea === 0) continue;
    // Pixel rows grow downwards: a ring with positive shoelace area here is clockwise on the map.
    const weight = (isOuter[part] === 1 ? 1 : -1) * (twiceArea > 0 ? -1 : 1);
    for (let vertex = start; vertex < end; vertex += 1) {
      const next = vertex + 1 === end ? start : vertex + 1;
      clipAndDraw(
        (columns[vertex] as number) - window.column,
        (rows[vertex] as number) - window.row,
        (columns[next] as number) - window.column,
        (rows[next] as number) - window.row,
        weight,
        window.width,
        window.height,
        coverage,
      );
    }
  }
  for (let row = 0; row < window.height; row += 1) {
    let sum = 0;
    const offset = row * stride;
    for (let column = 0; column < window.width; column += 1) {
      sum += coverage[offset + column] as number;
      coverage[offset + column] = sum;
    }
  }
}

function clipAndDraw(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  weight: number,
  width: number,
  height: number,
  coverage: Float64Array,
): void {
  if (y0 === y1) return;
  // Split at x = 0 and x = width so each piece lies on one side of the window's vertical borders.
  const cuts = [0];
  for (const border of [0, width]) {
    if ((x0 - border) * (x1 - border) < 0) cuts.push((border - x0) / (x1 - x0));
  }
  cuts.push(1);
  cuts.sort((a, b) => a - b);
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const t0 = cuts[index] as number;
    const t1 = cuts[index + 1] as number;
    let ax = x0 + (x1 - x0) * t0;
    let bx = x0 + (x1 - x0) * t1;
    const ay = y0 + (y1 - y0) * t0;
    const by = y0 + (y1 - y0) * t1;
    const middle = (ax + bx) / 2;
    if (middle >= width) continue;
    if (middle <= 0) {
      ax = 0;
      bx = 0;
    }
    drawEdge(Math.min(Math.max(ax, 0), width), ay, Math.min(Math.max(bx, 0), width), by, weight, width, height, coverage);
  }
}

// The font-rs line accumulation, in doubles. Kept in one piece: it is the inner loop of area-weighted statistics.
function drawEdge(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  weight: number,
  width: number,
  height: number,
  coverage: Float64Array,
): void {
  if (ay === by) return;
  const stride = width + 2;
  const direction = ay < by ? weight : -weight;
  const [x0, y0, x1, y1] = ay < by ? [ax, ay, bx, by] : [bx, by, ax, ay];
  const slope = (x1 - x0) / (y1 - y0);
  const firstRow = Math.max(0, Math.floor(y0));
  const lastRow = Math.min(height, Math.ceil(y1));
  let x = x0 + (Math.max(y0, firstRow) - y0) * slope;
  for (let row = firstRow; row < lastRow; row += 1) {
    const line = row * stride;
    const dy = Math.min(row + 1, y1) - Math.max(row, y0);
    if (dy <= 0) continue;
    const xNext = x + slope * dy;
    const d = dy * direction;
    const left = Math.min(x, xNext);
    const right = Math.max(x, xNext);
    const leftFloor = Math.floor(left);
    const leftIndex = leftFloor;
    const rightCeil = Math.ceil(right);
    if (rightCeil <= leftIndex + 1) {
      const middle = 0.5 * (x + xNext) - leftFloor;
      coverage[line + leftIndex] = (coverage[line + leftIndex] as number) + d - d * middle;
      coverage[line + leftIndex + 1] = (coverage[line + leftIndex + 1] as number) + d * middle;
    } else {
      const inverse = 1 / (right - left);
      const leftFraction = left - leftFloor;
      const firstArea = 0.5 * inverse * (1 - leftFraction) * (1 - leftFraction);
      const rightFraction = right - rightCeil + 1;
      const lastArea = 0.5 * inverse * rightFraction * rightFraction;
      coverage[line + leftIndex] = (coverage[line + leftIndex] as number) + d * firstArea;
      if (rightCeil === leftIndex + 2) {
        coverage[line + leftIndex + 1] = (coverage[line + leftIndex + 1] as number) + d * (1 - firstArea - lastArea);
      } else {
        const secondArea = inverse * (1.5 - leftFraction);
        coverage[line + leftIndex + 1] = (coverage[line + leftIndex + 1] as number) + d * (secondArea - firstArea);
        for (let column = leftIndex + 2; column < rightCeil - 1; column += 1)
          coverage[line + column] = (coverage[line + column] as number) + d * inverse;
        const beforeLast = secondArea + (rightCeil - leftIndex - 3) * inverse;
        coverage[line + rightCeil - 1] = (coverage[line + rightCeil - 1] as number) + d * (1 - beforeLast - lastArea);
      }
      coverage[line + rightCeil] = (coverage[line + rightCeil] as number) + d * lastArea;
    }
    x = xNext;
  }
}
