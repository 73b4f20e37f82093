/** Directions on the grid, rows growing downwards: east, south, west, north. */
const STEP_COLUMN = [1, 0, -1, 0] as const;
const STEP_ROW = [0, 1, 0, -1] as const;

/** A traced ring: corner positions (column, row) of the grid, closed (first repeated last), and its component. */
export interface TracedRing {
  readonly component: number;
  /** Interleaved corner coordinates in cell units. */
  readonly corners: number[];
  /** Signed area in cells, positive for an outer ring (counter-clockwise on the map), negative for a hole. */
  readonly area: number;
  /** Bounding box in cell units. */
  readonly minimumColumn: number;
  readonly maximumColumn: number;
  readonly minimumRow: number;
  readonly maximumRow: number;
}

/**
 * Splits a traced outline at every corner it visits twice (two cells of a region touching by a corner), so no
 * ring touches itself: the OGC-valid form, and what gdal_polygonize writes. Returns closed loops.
 */
function splitAtRepeatedCorners(corners: readonly number[], vertexColumns: number): number[][] {
  const stack: number[] = [];
  const positionOf = new Map<number, number>();
  const loops: number[][] = [];
  for (let index = 0; index < corners.length; index += 2) {
    const column = corners[index] as number;
    const row = corners[index + 1] as number;
    const key = row * vertexColumns + column;
    const position = positionOf.get(key);
    if (position !== undefined) {
      const loop = stack.splice(position);
      for (let drop = 0; drop < loop.length; drop += 2)
        positionOf.delete((loop[drop + 1] as number) * vertexColumns + (loop[drop] as number));
      loop.push(column, row);
      if (loop.length >= 8) loops.push(loop);
    }
    positionOf.set(key, stack.length);
    stack.push(column, row);
  }
  return loops;
}

function boundsOf(loop: readonly number[]): { minimumColumn: number; maximumColumn: number; minimumRow: number; maximumRow: number } {
  let minimumColumn = Number.POSITIVE_INFINITY,
    maximumColumn = Number.NEGATIVE_INFINITY;
  let minimumRow = Number.POSITIVE_INFINITY,
    maximumRow = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < loop.length; index += 2) {
    minimumColumn = Math.min(minimumColumn, loop[index] as number);
    maximumColumn = Math.max(maximumColumn, loop[index] as number);
    minimumRow = Math.min(minimumRow, loop[index + 1] as number);
    maximumRow = Math.max(maximumRow, loop[index + 1] as number);
  }
  return { minimumColumn, maximumColumn, minimumRow, maximumRow };
}

function shoelace(loop: readonly number[]): number {
  let twice = 0;
  for (let index = 2; index < loop.length; index += 2)
    twice += (loop[index - 2] as number) * (loop[index + 1] as number) - (loop[index] as number) * (loop[index - 1] as number);
  return twice;
}

function reversePairs(corners: number[]): number[] {
  const reversed: number[] = [];
  for (let index = corners.length - 2; index >= 0; index -= 2) reversed.push(corners[index] as number, corners[index + 1] as number);
  return reversed;
}

/**
 * Traces the boundaries of every component along cell edges. Each cell edge between two different labels is a
 * directed edge with its own component on the right; rings are then reversed so outer rings run counter-clockwise
 * on the map and holes clockwise (GeoJSON's rule). Where two cells of one component touch only by a corner, 8-connectivity turns
 * left (one ring goes through the corner, joining them) and 4-connectivity turns right (the rings stay apart).
 * Collinear corners are dropped.
 */
export function traceRings(labels: Int32Array, width: number, height: number, connectivity: 4 | 8): TracedRing[] {
  const vertexColumns = width + 1;
  // outgoing[(vertex × 4 + direction)] = label of the component whose edge leaves `vertex` that way, or -1.
  const outgoing = new Int32Array((width + 1) * (height + 1) * 4).fill(-1);
  const labelAt = (column: number, row: number): number =>
    column < 0 || row < 0 || column >= width || row >= height ? -1 : (labels[row * width + column] as number);
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      const label = labels[row * width + column] as number;
      if (label < 0) continue;
      if (labelAt(column, row - 1) !== label) outgoing[(row * vertexColumns + column) * 4 + 0] = label;
      if (labelAt(column + 1, row) !== label) outgoing[(row * vertexColumns + column + 1) * 4 + 1] = label;
      if (labelAt(column, row + 1) !== label) outgoing[((row + 1) * vertexColumns + column + 1) * 4 + 2] = label;
      if (labelAt(column - 1, row) !== label) outgoing[((row + 1) * vertexColumns + column) * 4 + 3] = label;
    }
  }
  const turns = connectivity === 8 ? [3, 0, 1] : [1, 0, 3];
  const rings: TracedRing[] = [];
  const used = new Uint8Array(outgoing.length);
  for (let start = 0; start < outgoing.length; start += 1) {
    const component = outgoing[start] as number;
    if (component < 0 || used[start] === 1) continue;
    const corners: number[] = [];
    let vertex = start >> 2;
    let direction = start & 3;
    let previousDirection = -1;
    for (;;) {
      used[vertex * 4 + direction] = 1;
      const column = vertex % vertexColumns;
      const row = (vertex - column) / vertexColumns;
      if (direction !== previousDirection) corners.push(column, row);
      const nextColumn = column + STEP_COLUMN[direction as 0];
      const nextRow = row + STEP_ROW[direction as 0];
      vertex = nextRow * vertexColumns + nextColumn;
      previousDirection = direction;
      // The turn is chosen among all edges of the component, used or not: meeting a used one closes the ring.
      const turn = turns.find((candidate) => outgoing[vertex * 4 + ((direction + candidate) & 3)] === component);
      if (turn === undefined || used[vertex * 4 + ((direction + turn) & 3)] === 1) break;
      direction = (direction + turn) & 3;
    }
    corners.push(corners[0] as number, corners[1] as number);
    // Traced with the component on the right, outer rings run clockwise (positive shoelace in column/row):
    // reversed, they come out counter-clockwise on the map, holes clockwise.
    for (const loop of splitAtRepeatedCorners(corners, vertexColumns))
      rings.push({ component, corners: reversePairs(loop), area: shoelace(loop) / 2, ...boundsOf(loop) });
  }
  return rings;
}
