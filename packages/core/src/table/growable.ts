/** A Float64 buffer that grows by doubling; `toArray` returns a view of the filled part (no copy). */
export class GrowableFloat64Array {
  private buffer = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Float64Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length] = value;
    this.length += 1;
  }

  toArray(): Float64Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** An Int32 buffer that grows by doubling; `toArray` returns a view of the filled part (no copy). */
export class GrowableInt32Array {
  private buffer = new Int32Array(256);
  length = 0;

  static of(...values: number[]): GrowableInt32Array {
    const array = new GrowableInt32Array();
    for (const value of values) array.push(value);
    return array;
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Int32Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length] = value;
    this.length += 1;
  }

  toArray(): Int32Array {
    return this.buffer.subarray(0, this.length);
  }
}
