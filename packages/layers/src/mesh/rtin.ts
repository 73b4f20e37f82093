/**
 * Right-triangulated irregular network (RTIN) over a (2^k + 1)² grid of heights: the hierarchy of Evans, Kirkpatrick
 * & Townsend (2001, "Right-Triangulated Irregular Networks", Algorithmica 30:264–286), with the error measure and
 * mesh extraction of Mapbox's Martini (the vertical error at a triangle's hypotenuse midpoint, raised to its
 * descendants' errors). Same errors, vertices and triangles as Martini 0.2 (tested bit for bit), without Martini's
 * table of every triangle's coordinates: that table (2 × 1024² triangles at 1025²) took 250 ms to build before each
 * first mesh, longer than the mesh itself.
 *
 * The hierarchy, level by level from the finest: the midpoints of the axis-aligned edges of length `s` (the two
 * triangles on either side of an edge share it as hypotenuse), then the centres of the squares of side `s` (the two
 * halves of a square share the diagonal that runs from its lower-left corner when the square's column + row is even,
 * from its upper-left corner when it is odd), for s = 2, 4, …, size − 1. Each midpoint's error is the largest of its
 * hypotenuse's interpolation error and its children's errors (the midpoints of the triangles' legs).
 */

/** The per-vertex errors of an RTIN (metres; 0 at vertices that are no midpoint), Martini's `tile.errors`. */
export function rtinErrors(heights: Float32Array, size: number, maximumHypotenuseCells = Number.POSITIVE_INFINITY): Float32Array {
  const tileSize = size - 1;
  if (size < 3 || (tileSize & (tileSize - 1)) !== 0 || heights.length !== size * size) {
    throw new RangeError(`An RTIN needs (2^k + 1)² heights, got ${heights.length} for a side of ${size}`);
  }
  const errors = new Float32Array(size * size);
  for (let side = 2; side <= tileSize; side *= 2) {
    const half = side >> 1;
    const quarter = side >> 2;
    const forceEdges = side > maximumHypotenuseCells;
    const forceDiagonals = Math.hypot(side, side) > maximumHypotenuseCells;
    edgeErrors(heights, errors, size, side, half, quarter, forceEdges);
    centreErrors(heights, errors, size, side, half, forceDiagonals);
  }
  return errors;
}

/** Midpoints of the axis-aligned edges of length `side`; children (side ≥ 4) are the centres of the adjacent half-size squares. */
function edgeErrors(
  heights: Float32Array,
  errors: Float32Array,
  size: number,
  side: number,
  half: number,
  quarter: number,
  force: boolean,
): void {
  const last = size - 1;
  for (let y = 0; y <= last; y += half) {
    const onHorizontalLine = y % side === 0;
    // On a horizontal grid line the midpoints are at odd multiples of `half` in x; between lines, on vertical ones.
    for (let x = onHorizontalLine ? half : 0; x <= last; x += side) {
      const middle = y * size + x;
      let interpolated: number;
      let error: number;
      if (onHorizontalLine) {
        interpolated = ((heights[middle - half] as number) + (heights[middle + half] as number)) / 2;
        error = Math.abs(interpolated - (heights[middle] as number));
        if (quarter > 0) {
          if (y > 0) {
            const above = (y - quarter) * size + x;
            error = Math.max(error, errors[above - quarter] as number, errors[above + quarter] as number);
          }
          if (y < last) {
            const below = (y + quarter) * size + x;
            error = Math.max(error, errors[below - quarter] as number, errors[below + quarter] as number);
          }
        }
      } else {
        interpolated = ((heights[middle - half * size] as number) + (heights[middle + half * size] as number)) / 2;
        error = Math.abs(interpolated - (heights[middle] as number));
        if (quarter > 0) {
          if (x > 0) {
            const left = middle - quarter;
            error = Math.max(error, errors[left - quarter * size] as number, errors[left + quarter * size] as number);
          }
          if (x < last) {
            const right = middle + quarter;
            error = Math.max(error, errors[right - quarter * size] as number, errors[right + quarter * size] as number);
          }
        }
      }
      errors[middle] = force ? Number.POSITIVE_INFINITY : error;
    }
  }
}

/** Centres of the squares of side `side`; children are the midpoints of the square's four edges. */
function centreErrors(heights: Float32Array, errors: Float32Array, size: number, side: number, half: number, force: boolean): void {
  const last = size - 1;
  for (let row = 0, y = half; y < last; row += 1, y += side) {
    for (let column = 0, x = half; x < last; column += 1, x += side) {
      const middle = y * size + x;
      const lowerLeft = middle - half * size - half;
      const upperRight = middle + half * size + half;
      const upperLeft = middle + half * size - half;
      const lowerRight = middle - half * size + half;
      const interpolated =
        ((column + row) & 1) === 0
          ? ((heights[lowerLeft] as number) + (heights[upperRight] as number)) / 2
          : ((heights[upperLeft] as number) + (heights[lowerRight] as number)) / 2;
      const error = Math.max(
        Math.abs(interpolated - (heights[middle] as number)),
        errors[middle - half] as number,
        errors[middle + half] as number,
        errors[middle - half * size] as number,
        errors[middle + half * size] as number,
      );
      errors[middle] = force ? Number.POSITIVE_INFINITY : error;
    }
  }
}

/**
 * The mesh of an RTIN at a vertical error bound: a triangle is split while its hypotenuse midpoint's error exceeds
 * `maximumError` and its legs are longer than one cell. Vertices are (column, row) pairs in the order they are first
 * used, triangles index them; the same output as Martini's `tile.getMesh(maximumError)`.
 */
export function rtinMesh(errors: Float32Array, size: number, maximumError: number): { vertices: Uint16Array; triangles: Uint32Array } {
  const last = size - 1;
  /** Calls `leaf` on every triangle of the mesh: a triangle is split in two while it is coarser than the bound. */
  const walk = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number, leaf: Leaf): void => {
    const mx = (ax + bx) >> 1;
    const my = (ay + by) >> 1;
    if (Math.abs(ax - cx) + Math.abs(ay - cy) > 1 && (errors[my * size + mx] as number) > maximumError) {
      walk(cx, cy, ax, ay, mx, my, leaf);
      walk(bx, by, cx, cy, mx, my, leaf);
    } else leaf(ax, ay, bx, by, cx, cy);
  };
  const walkAll = (leaf: Leaf): void => {
    walk(0, 0, last, last, last, 0, leaf);
    walk(last, last, 0, 0, 0, last, leaf);
  };
  // First pass: number the vertices in the order they are first used, and count the triangles.
  const vertexOf = new Uint32Array(size * size);
  let vertexCount = 0;
  let triangleCount = 0;
  const numberVertex = (cell: number): void => {
    if (vertexOf[cell] === 0) {
      vertexCount += 1;
      vertexOf[cell] = vertexCount;
    }
  };
  walkAll((ax, ay, bx, by, cx, cy) => {
    numberVertex(ay * size + ax);
    numberVertex(by * size + bx);
    numberVertex(cy * size + cx);
    triangleCount += 1;
  });
  // Second pass: fill the arrays.
  const vertices = new Uint16Array(vertexCount * 2);
  const triangles = new Uint32Array(triangleCount * 3);
  let next = 0;
  const place = (x: number, y: number): void => {
    const vertex = (vertexOf[y * size + x] as number) - 1;
    vertices[2 * vertex] = x;
    vertices[2 * vertex + 1] = y;
    triangles[next] = vertex;
    next += 1;
  };
  walkAll((ax, ay, bx, by, cx, cy) => {
    place(ax, ay);
    place(bx, by);
    place(cx, cy);
  });
  return { vertices, triangles };
}

/** A visitor of one mesh triangle: its hypotenuse's ends a and b, its right-angle corner c (columns, rows). */
type Leaf = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => void;
