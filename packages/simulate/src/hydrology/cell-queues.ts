/**
 * The two queues of Priority-Flood: a binary min-heap keyed by elevation ("Open") and a FIFO ring ("Pit"), both
 * over typed arrays that grow by doubling. Internals of the hydrology kernels.
 */

/**
 * Binary min-heap of cells keyed by their elevation in `elevations` (read at push time). Ties leave in an
 * unspecified but deterministic order. Used for DEMs that are not Float32 (see Float32RadixHeap).
 */
export class ElevationHeap {
  private keys = new Float64Array(1024);
  private cells = new Int32Array(1024);
  size = 0;

  constructor(private readonly elevations: ArrayLike<number>) {}

  /** A cell of smallest elevation, left in the heap (call only when not empty). */
  peek(): number {
    return this.cells[0] as number;
  }

  push(cell: number): void {
    const key = this.elevations[cell] as number;
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const cells = this.cells;
    let index = this.size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      keys[index] = parentKey;
      cells[index] = cells[parent] as number;
      index = parent;
    }
    keys[index] = key;
    cells[index] = cell;
  }

  /** Removes and returns the cell of smallest key. Hot loop: sift-down written out. */
  pop(): number {
    const keys = this.keys;
    const cells = this.cells;
    const top = cells[0] as number;
    const size = --this.size;
    const key = keys[size] as number;
    const cell = cells[size] as number;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && (keys[child + 1] as number) < (keys[child] as number)) child += 1;
      if ((keys[child] as number) >= key) break;
      keys[index] = keys[child] as number;
      cells[index] = cells[child] as number;
      index = child;
    }
    keys[index] = key;
    cells[index] = cell;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const cells = new Int32Array(this.cells.length * 2);
    cells.set(this.cells);
    this.keys = keys;
    this.cells = cells;
  }
}

/** FIFO of cells on a growable ring buffer. */
export class CellQueue {
  private cells = new Int32Array(1024);
  private head = 0;
  size = 0;

  /** The cell that `shift` would return (undefined behaviour when empty). */
  front(): number {
    return this.cells[this.head] as number;
  }

  push(cell: number): void {
    if (this.size === this.cells.length) this.grow();
    this.cells[(this.head + this.size) & (this.cells.length - 1)] = cell;
    this.size += 1;
  }

  shift(): number {
    const cell = this.cells[this.head] as number;
    this.head = (this.head + 1) & (this.cells.length - 1);
    this.size -= 1;
    return cell;
  }

  private grow(): void {
    const larger = new Int32Array(this.cells.length * 2);
    for (let index = 0; index < this.size; index += 1) larger[index] = this.cells[(this.head + index) & (this.cells.length - 1)] as number;
    this.cells = larger;
    this.head = 0;
  }
}
