import { JumeauError, type GeoArrowEncoding } from '@jumeau/core';
import type { GeometryBuilder } from '../vector/lib/feature-table-builder.js';

/** The GeoArrow encoding that holds a WKB geometry type (1…6, any Z/M flavour) with its multi sibling. */
export function encodingForWkbType(type: number): GeoArrowEncoding {
  const base = baseType(type);
  if (base === 1) return 'geoarrow.point';
  if (base === 4) return 'geoarrow.multipoint';
  if (base === 2 || base === 5) return 'geoarrow.multilinestring';
  if (base === 3 || base === 6) return 'geoarrow.multipolygon';
  throw new JumeauError('unsupported', `WKB geometry type ${type} is not supported (points, lines, polygons and their multi forms are)`);
}

function baseType(type: number): number {
  // ISO (1001 = Point Z, 2001 = M, 3001 = ZM) and EWKB (high flag bits) flavours.
  return (type & 0x0fffffff) % 1000;
}

function dimensionsOf(type: number): number {
  const iso = Math.floor((type & 0x0fffffff) / 1000);
  const hasZ = iso === 1 || iso === 3 || (type & 0x80000000) !== 0;
  const hasM = iso === 2 || iso === 3 || (type & 0x40000000) !== 0;
  return 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
}

/** A cursor over WKB bytes; each geometry carries its own byte order. */
class WkbReader {
  offset: number;
  private littleEndian = true;
  constructor(
    private readonly view: DataView,
    offset: number,
  ) {
    this.offset = offset;
  }
  header(): number {
    this.littleEndian = this.view.getUint8(this.offset) === 1;
    this.offset += 1;
    return this.count();
  }
  count(): number {
    const value = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return value;
  }
  /** Appends `n` positions (x, y kept, z/m skipped) to the builder. */
  positions(n: number, dimensions: number, coordinates: number[]): void {
    if (this.offset + n * dimensions * 8 > this.view.byteLength)
      throw new JumeauError('format', `Truncated WKB: ${n} positions announced at byte ${this.offset}`);
    for (let index = 0; index < n; index += 1) {
      coordinates.push(this.view.getFloat64(this.offset, this.littleEndian), this.view.getFloat64(this.offset + 8, this.littleEndian));
      this.offset += dimensions * 8;
    }
  }
}

/**
 * Appends one WKB geometry (starting at `offset` of `view`) as the next row of a builder of multi encoding
 * (or point). Coordinates are read straight into the flat buffers; z and m are dropped.
 */
export function appendWkb(view: DataView, offset: number, builder: GeometryBuilder): void {
  const reader = new WkbReader(view, offset);
  const type = reader.header();
  const base = baseType(type);
  const dimensions = dimensionsOf(type);
  const { offsets, coordinates, encoding } = builder;
  const expected = encodingForWkbType(type);
  if (expected !== encoding && !(encoding === 'geoarrow.multipoint' && base === 1)) {
    throw new JumeauError(
      'input',
      `A ${expected.slice(9)} geometry cannot go into a ${encoding.slice(9)} column: split the layer by geometry type`,
    );
  }
  if (encoding === 'geoarrow.point') {
    reader.positions(1, dimensions, coordinates);
    return;
  }
  if (encoding === 'geoarrow.multipoint') {
    const points = base === 1 ? 1 : reader.count();
    for (let point = 0; point < points; point += 1) {
      const pointDimensions = base === 1 ? dimensions : dimensionsOf(reader.header());
      reader.positions(1, pointDimensions, coordinates);
    }
    (offsets[0] as number[]).push(coordinates.length / 2);
    return;
  }
  const parts = base <= 3 ? 1 : reader.count();
  const top = offsets[0] as number[];
  top.push((top.at(-1) as number) + parts);
  for (let part = 0; part < parts; part += 1) {
    const partType = base <= 3 ? type : reader.header();
    const partDimensions = base <= 3 ? dimensions : dimensionsOf(partType);
    appendPart(reader, baseType(partType), partDimensions, builder);
  }
}

function appendPart(reader: WkbReader, base: number, dimensions: number, builder: GeometryBuilder): void {
  const { offsets, coordinates } = builder;
  const vertexLevel = offsets[offsets.length - 1] as number[];
  if (base === 2) {
    reader.positions(reader.count(), dimensions, coordinates);
    vertexLevel.push(coordinates.length / 2);
    return;
  }
  const rings = reader.count();
  const ringLevel = offsets[1] as number[];
  ringLevel.push((ringLevel.at(-1) as number) + rings);
  for (let ring = 0; ring < rings; ring += 1) {
    reader.positions(reader.count(), dimensions, coordinates);
    vertexLevel.push(coordinates.length / 2);
  }
}
