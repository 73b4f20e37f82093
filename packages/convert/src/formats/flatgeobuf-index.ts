/**
 * The spatial index of a FlatGeobuf file: a static packed Hilbert R-tree (FlatGeobuf specification, "Spatial
 * index"; the packing of Flatbush by V. Agafonkin). Features are sorted along a Hilbert curve of their bounding-box
 * centres, then every `nodeSize` consecutive boxes get a parent box, up to one root. Nodes are 40 bytes (minX, minY,
 * maxX, maxY as little-endian float64, then a uint64 offset) stored root first, level by level; a leaf's offset is
 * its feature's byte offset in the feature section, an inner node's the index of its first child node.
 */

/** Bytes of one node. */
export const INDEX_NODE_BYTES = 40;
/** GDAL's and the reference implementation's default node size. */
export const DEFAULT_INDEX_NODE_SIZE = 16;
const HILBERT_MAXIMUM = 0xffff;

/**
 * Position along the Hilbert curve of order 16 of the cell (x, y), both integers in [0, 65535]: nearby cells get
 * nearby positions. Iterative, branch-free quadrant rotation (the bit-interleaving form of the curve).
 *
 * @example
 * ```ts
 * hilbertIndex(0, 0) // 0
 * hilbertIndex(65535, 0) // 4294967295: the curve ends in the other bottom corner
 * ```
 */
export function hilbertIndex(x: number, y: number): number {
  let result = 0;
  let rotatedX = x;
  let rotatedY = y;
  for (let level = 1 << 15; level > 0; level >>>= 1) {
    const quadrantX = (rotatedX & level) > 0 ? 1 : 0;
    const quadrantY = (rotatedY & level) > 0 ? 1 : 0;
    result += level * level * ((3 * quadrantX) ^ quadrantY);
    if (quadrantY === 0) {
      if (quadrantX === 1) {
        rotatedX = level - 1 - rotatedX;
        rotatedY = level - 1 - rotatedY;
      }
      const swap = rotatedX;
      rotatedX = rotatedY;
      rotatedY = swap;
    }
    rotatedX &= level - 1;
    rotatedY &= level - 1;
  }
  return result;
}

/**
 * The order in which to write features so that the index is a Hilbert R-tree: row numbers sorted by the Hilbert
 * position of their box centre within `extent` (stable for equal positions).
 *
 * @example
 * ```ts
 * const order = hilbertOrder(boxes, [minX, minY, maxX, maxY]) // boxes: 4 numbers per feature
 * ```
 */
export function hilbertOrder(boxes: Float64Array, extent: readonly [number, number, number, number]): Uint32Array {
  const count = boxes.length / 4;
  const [minimumX, minimumY, maximumX, maximumY] = extent;
  const width = maximumX - minimumX || 1;
  const height = maximumY - minimumY || 1;
  const positions = new Float64Array(count);
  for (let item = 0; item < count; item += 1) {
    const centreX = ((boxes[4 * item] as number) + (boxes[4 * item + 2] as number)) / 2;
    const centreY = ((boxes[4 * item + 1] as number) + (boxes[4 * item + 3] as number)) / 2;
    const cellX = Math.floor((HILBERT_MAXIMUM * (centreX - minimumX)) / width);
    const cellY = Math.floor((HILBERT_MAXIMUM * (centreY - minimumY)) / height);
    positions[item] = hilbertIndex(cellX, cellY);
  }
  const order = Uint32Array.from({ length: count }, (_, item) => item);
  return order.sort((left, right) => (positions[left] as number) - (positions[right] as number) || left - right);
}

/** Node index ranges [start, end) of each level, leaves first (the root level, last, is [0, 1)). */
export function levelRanges(itemCount: number, nodeSize: number): Array<[number, number]> {
  const counts = [itemCount];
  let count = itemCount;
  do {
    count = Math.ceil(count / nodeSize);
    counts.push(count);
  } while (count > 1);
  let end = counts.reduce((sum, levelCount) => sum + levelCount, 0);
  return counts.map((levelCount) => {
    const range: [number, number] = [end - levelCount, end];
    end -= levelCount;
    return range;
  });
}

/**
 * Builds the index bytes for features already in Hilbert order: `boxes` (4 numbers per feature, in the written
 * order) and `featureOffsets` (byte offset of each feature in the feature section).
 *
 * @example
 * ```ts
 * const tree = packedRTree(sortedBoxes, offsets, 16) // goes between the header and the features
 * ```
 */
export function packedRTree(boxes: Float64Array, featureOffsets: readonly number[], nodeSize = DEFAULT_INDEX_NODE_SIZE): Uint8Array {
  const itemCount = featureOffsets.length;
  const levels = levelRanges(itemCount, nodeSize);
  const nodeCount = levels.reduce((sum, [start, end]) => sum + end - start, 0);
  const bytes = new Uint8Array(nodeCount * INDEX_NODE_BYTES);
  const view = new DataView(bytes.buffer);
  const nodeBoxes = new Float64Array(nodeCount * 4);
  const writeNode = (node: number, offset: number) => {
    const at = node * INDEX_NODE_BYTES;
    for (let side = 0; side < 4; side += 1) view.setFloat64(at + 8 * side, nodeBoxes[4 * node + side] as number, true);
    view.setBigUint64(at + 32, BigInt(offset), true);
  };
  const [leafStart] = levels[0] as [number, number];
  for (let item = 0; item < itemCount; item += 1) {
    nodeBoxes.set(boxes.subarray(4 * item, 4 * item + 4), 4 * (leafStart + item));
    writeNode(leafStart + item, featureOffsets[item] as number);
  }
  for (let level = 1; level < levels.length; level += 1) {
    const [childStart, childEnd] = levels[level - 1] as [number, number];
    const [parentStart] = levels[level] as [number, number];
    for (let firstChild = childStart, parent = parentStart; firstChild < childEnd; firstChild += nodeSize, parent += 1) {
      let minimumX = Number.POSITIVE_INFINITY;
      let minimumY = Number.POSITIVE_INFINITY;
      let maximumX = Number.NEGATIVE_INFINITY;
      let maximumY = Number.NEGATIVE_INFINITY;
      for (let child = firstChild; child < Math.min(firstChild + nodeSize, childEnd); child += 1) {
        minimumX = Math.min(minimumX, nodeBoxes[4 * child] as number);
        minimumY = Math.min(minimumY, nodeBoxes[4 * child + 1] as number);
        maximumX = Math.max(maximumX, nodeBoxes[4 * child + 2] as number);
        maximumY = Math.max(maximumY, nodeBoxes[4 * child + 3] as number);
      }
      nodeBoxes.set([minimumX, minimumY, maximumX, maximumY], 4 * parent);
      writeNode(parent, firstChild);
    }
  }
  return bytes;
}
