/**
 * A monotone priority queue of cells keyed by Float32 elevation: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan
 * 1990) over the order-preserving unsigned form of the Float32 bits. Priority-Flood only pushes keys ≥ the last
 * popped one (a cell enters Open only when higher than the level being processed), which is all a radix heap
 * needs: O(1) push, amortised O(32) pop, no comparisons between keys of different buckets. Keys are not stored:
 * a cell's elevation does not change while it waits in Open, so its key is re-read from the DEM's bits.
 */

/** Order-preserving map of Float32 bits to an unsigned 32-bit key (negatives flipped, positives offset). */
function sortableKey(bits: number): number {
  return bits >= 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/** Bucket of a key: 0 when equal to the last popped key, else 1 + the index of the highest differing bit. */
function bucketOf(key: number, last: number): number {
  return key === last ? 0 : 32 - Math.clz32(key ^ last);
}

/** Radix heap of cells of a Float32 grid; `bits` is a Uint32Array view of the grid's values. */
export class Float32RadixHeap {
  private readonly buckets: Int32Array[] = Array.from({ length: 33 }, () => new Int32Array(64));
  private readonly sizes = new Int32Array(33);
  private last = 0;
  size = 0;

  constructor(private readonly bits: Uint32Array) {}

  push(cell: number): void {
    const index = bucketOf(sortableKey(this.bits[cell] as number), this.last);
    let bucket = this.buckets[index] as Int32Array;
    const size = this.sizes[index] as number;
    if (size === bucket.length) {
      const larger = new Int32Array(size * 2);
      larger.set(bucket);
      this.buckets[index] = larger;
      bucket = larger;
    }
    bucket[size] = cell;
    this.sizes[index] = size + 1;
    this.size += 1;
  }

  /** A cell of smallest elevation, left in the heap (call only when not empty). */
  peek(): number {
    if (this.sizes[0] === 0) this.refill();
    return (this.buckets[0] as Int32Array)[(this.sizes[0] as number) - 1] as number;
  }

  /** Removes and returns a cell of smallest elevation (call only when not empty). */
  pop(): number {
    if (this.sizes[0] === 0) this.refill();
    const size = (this.sizes[0] as number) - 1;
    this.sizes[0] = size;
    this.size -= 1;
    return (this.buckets[0] as Int32Array)[size] as number;
  }

  /** Empties the first non-empty bucket into lower ones around its smallest key, which becomes `last`. */
  private refill(): void {
    let index = 1;
    while (this.sizes[index] === 0) index += 1;
    const bucket = this.buckets[index] as Int32Array;
    const count = this.sizes[index] as number;
    let minimum = 0xffffffff;
    for (let slot = 0; slot < count; slot += 1) {
      const key = sortableKey(this.bits[bucket[slot] as number] as number);
      if (key < minimum) minimum = key;
    }
    this.last = minimum;
    this.sizes[index] = 0;
    this.size -= count;
    for (let slot = 0; slot < count; slot += 1) this.push(bucket[slot] as number);
  }
}
