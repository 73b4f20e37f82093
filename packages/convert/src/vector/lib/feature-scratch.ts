import type { GeometryBuffers } from '@jumeau/core';
import type { InverseTransform } from './pixel-space.js';

/**
 * Reusable typed buffers holding ONE feature in pixel space: vertices (`columns`, `rows`), the start of each part
 * (ring, line or point run) in `partStarts` (with a final sentinel) and, for polygons, whether a part is the outer
 * ring of its polygon. Kernels loop over many features with one scratch, so no per-feature object is allocated.
 */
export class FeatureScratch {
  columns = new Float64Array(1024);
  rows = new Float64Array(1024);
  partStarts = new Int32Array(65);
  isOuter = new Uint8Array(64);
  vertexCount = 0;
  partCount = 0;

  private ensure(vertices: number, parts: number): void {
    if (vertices > this.columns.length) {
      const size = Math.max(vertices, this.columns.length * 2);
      this.columns = new Float64Array(size);
      this.rows = new Float64Array(size);
    }
    if (parts + 1 > this.partStarts.length) {
      const size = Math.max(parts + 1, this.partStarts.length * 2);
      this.partStarts = new Int32Array(size);
      this.isOuter = new Uint8Array(size);
    }
  }

  /** Loads row `row` of a batch, transforming its vertices to pixel space. Returns false for a null geometry. */
  load(buffers: GeometryBuffers, row: number, inverse: InverseTransform): boolean {
    if (!buffers.isValid(row)) return false;
    const { offsets, coordinates, stride } = buffers;
    const depth = offsets.length;
    let first = row;
    let last = row + 1;
    let polygonOffsets: Int32Array | null = null;
    for (let level = 0; level < depth - 1; level += 1) {
      const levelOffsets = offsets[level] as Int32Array;
      if (level === depth - 2 && depth === 3) polygonOffsets = levelOffsets;
      first = levelOffsets[first] as number;
      last = levelOffsets[last] as number;
    }
    const vertexOffsets = depth === 0 ? null : (offsets[depth - 1] as Int32Array);
    const vertexStart = vertexOffsets ? (vertexOffsets[first] as number) : row;
    const vertexEnd = vertexOffsets ? (vertexOffsets[last] as number) : row + 1;
    this.ensure(vertexEnd - vertexStart, last - first);
    const [a0, a1, a2, b0, b1, b2] = inverse;
    for (let vertex = vertexStart; vertex < vertexEnd; vertex += 1) {
      const x = coordinates[vertex * stride] as number;
      const y = coordinates[vertex * stride + 1] as number;
      this.columns[vertex - vertexStart] = a0 + x * a1 + y * a2;
      this.rows[vertex - vertexStart] = b0 + x * b1 + y * b2;
    }
    this.vertexCount = vertexEnd - vertexStart;
    this.partCount = last - first;
    for (let part = first; part <= last; part += 1) {
      this.partStarts[part - first] = (vertexOffsets ? (vertexOffsets[part] as number) : part) - vertexStart;
    }
    this.markOuterRings(buffers, row, first, polygonOffsets);
    return true;
  }

  private markOuterRings(buffers: GeometryBuffers, row: number, firstPart: number, polygonOffsets: Int32Array | null): void {
    this.isOuter.fill(0, 0, this.partCount);
    if (buffers.encoding === 'geoarrow.polygon') {
      if (this.partCount > 0) this.isOuter[0] = 1;
    } else if (polygonOffsets) {
      const outerOffsets = buffers.offsets[0] as Int32Array;
      for (let polygon = outerOffsets[row] as number; polygon < (outerOffsets[row + 1] as number); polygon += 1) {
        const ring = (polygonOffsets[polygon] as number) - firstPart;
        if (ring < this.partCount && (polygonOffsets[polygon + 1] as number) > (polygonOffsets[polygon] as number)) this.isOuter[ring] = 1;
      }
    }
  }
}
