/**
 * A monotone priority queue of cells keyed by Float32 elevation: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan
 * 1990) over the order-preserving unsigned form of the Float32 bits. Priority-Flood only pushes keys ≥ the last
 * popped one (a cell enters Open only when higher than the level being processed), which is all a radix heap
 * needs: O(1) push, amortised O(32) pop, no comparisons between keys of different buckets. Each bucket stores its
 * cells with their keys interleaved, so that redistributing a bucket reads it sequentially instead of re-reading
 * every key from the DEM at random.
 */

/** Order-preserving map of Float32 bits to an unsigned 32-bit key (negatives flipped, positives offset). */
export function sortableKey(bits: number): number {
  return bits >= 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/**
 * Radix heap of cells keyed by {@link sortableKey} of their Float32 elevation. Bucket 0 (`current`) holds the cells
 * whose key equals the last popped key, cells only, popped last in first out; bucket i ≥ 1 the cells whose key
 * first differs from it at bit i − 1, as (key, cell) pairs in push order.
 *
 * @example
 * ```ts
 * const open = new Float32RadixHeap()
 * open.push(cell, sortableKey(bits[cell]))
 * const lowest = open.pop()
 * ```
 */
export class Float32RadixHeap {
  /** Buckets 1…32 (index 0 unused: bucket 0 is `current`). */
  private readonly buckets: Uint32Array[] = Array.from({ length: 33 }, (_, index) => new Uint32Array(index === 0 ? 0 : 256));
  /** Number of Uint32 slots used in each bucket (two per cell). */
  private readonly used = new Int32Array(33);
  private current = new Uint32Array(1024);
  private currentSize = 0;
  private last = 0;
  size = 0;

  /** Pushes `cell` with `key` (≥ the last popped key). */
  push(cell: number, key: number): void {
    this.size += 1;
    if (key === this.last) {
      if (this.currentSize === this.current.length) this.growCurrent();
      this.current[this.currentSize++] = cell;
      return;
    }
    const index = 32 - Math.clz32(key ^ this.last);
    const used = this.used[index] as number;
    let bucket = this.buckets[index] as Uint32Array;
    if (used === bucket.length) bucket = this.grow(index);
    bucket[used] = key;
    bucket[used + 1] = cell;
    this.used[index] = used + 2;
  }

  /** Removes and returns a cell of smallest key (call only when not empty). */
  pop(): number {
    if (this.currentSize === 0) this.refill();
    this.size -= 1;
    return this.current[--this.currentSize] as number;
  }

  private growCurrent(): void {
    const larger = new Uint32Array(this.current.length * 2);
    larger.set(this.current);
    this.current = larger;
  }

  /** Doubles bucket `index`; returns the new array. */
  private grow(index: number): Uint32Array {
    const bucket = this.buckets[index] as Uint32Array;
    const larger = new Uint32Array(bucket.length * 2);
    larger.set(bucket);
    this.buckets[index] = larger;
    return larger;
  }

  /** Empties the first non-empty bucket into lower ones around its smallest key, which becomes `last`. */
  private refill(): void {
    let index = 1;
    while (this.used[index] === 0) index += 1;
    const bucket = this.buckets[index] as Uint32Array;
    const used = this.used[index] as number;
    let minimum = 0xffffffff;
    for (let slot = 0; slot < used; slot += 2) {
      const key = bucket[slot] as number;
      if (key < minimum) minimum = key;
    }
    this.last = minimum;
    this.used[index] = 0;
    for (let slot = 0; slot < used; slot += 2) {
      const key = bucket[slot] as number;
      const cell = bucket[slot + 1] as number;
      if (key === minimum) {
        if (this.currentSize === this.current.length) this.growCurrent();
        this.current[this.currentSize++] = cell;
        continue;
      }
      const target = 32 - Math.clz32(key ^ minimum);
      const targetUsed = this.used[target] as number;
      let targetBucket = this.buckets[target] as Uint32Array;
      if (targetUsed === targetBucket.length) targetBucket = this.grow(target);
      targetBucket[targetUsed] = key;
      targetBucket[targetUsed + 1] = cell;
      this.used[target] = targetUsed + 2;
    }
  }
}
