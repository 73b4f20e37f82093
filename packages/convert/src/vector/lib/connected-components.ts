/**
 * Labels the connected regions of equal value (4- or 8-connectivity) with union–find in one raster scan.
 * `classOf[cell]` is the cell's class index, or -1 for a cell left out (nodata, masked, not a wanted class).
 * Returns the component of every cell (-1 when left out) and the number of components (numbered 0…n−1 in scan order).
 */
export function labelComponents(
  classOf: Int32Array,
  width: number,
  height: number,
  connectivity: 4 | 8,
): { labels: Int32Array; count: number } {
  const parent = new Int32Array(width * height).fill(-1);
  const find = (cell: number): number => {
    let root = cell;
    while (parent[root] !== root) root = parent[root] as number;
    let current = cell;
    while (parent[current] !== root) {
      const next = parent[current] as number;
      parent[current] = root;
      current = next;
    }
    return root;
  };
  const union = (a: number, b: number): void => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  for (let row = 0; row < height; row += 1) {
    for (let column = 0; column < width; column += 1) {
      const cell = row * width + column;
      const value = classOf[cell] as number;
      if (value < 0) continue;
      parent[cell] = cell;
      if (column > 0 && classOf[cell - 1] === value) union(cell, cell - 1);
      if (row > 0 && classOf[cell - width] === value) union(cell, cell - width);
      if (connectivity === 8 && row > 0) {
        if (column > 0 && classOf[cell - width - 1] === value) union(cell, cell - width - 1);
        if (column < width - 1 && classOf[cell - width + 1] === value) union(cell, cell - width + 1);
      }
    }
  }
  const labels = new Int32Array(width * height).fill(-1);
  const numberOfRoot = new Map<number, number>();
  for (let cell = 0; cell < width * height; cell += 1) {
    if (parent[cell] === -1) continue;
    const root = find(cell);
    let label = numberOfRoot.get(root);
    if (label === undefined) {
      label = numberOfRoot.size;
      numberOfRoot.set(root, label);
    }
    labels[cell] = label;
  }
  return { labels, count: numberOfRoot.size };
}
