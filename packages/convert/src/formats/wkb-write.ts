import type { GeoArrowEncoding, GeometryBuffers } from '@jumeau/core';

/** WKB type codes of each GeoArrow encoding (ISO: + 1000 for Z). */
const WKB_TYPE: Readonly<Record<GeoArrowEncoding, number>> = {
  'geoarrow.point': 1,
  'geoarrow.linestring': 2,
  'geoarrow.polygon': 3,
  'geoarrow.multipoint': 4,
  'geoarrow.multilinestring': 5,
  'geoarrow.multipolygon': 6,
};

/** The Simple Features name of an encoding, as GeoParquet's `geometry_types` lists it (`"MultiPolygon Z"`). */
export function geometryTypeName(encoding: GeoArrowEncoding, stride: number): string {
  const names = ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'];
  return `${names[WKB_TYPE[encoding] - 1]}${stride === 3 ? ' Z' : ''}`;
}

/** Little-endian WKB writer over one pre-sized buffer. */
class WkbWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  header(type: number, stride: number): void {
    this.view.setUint8(this.offset, 1);
    this.view.setUint32(this.offset + 1, type + (stride === 3 ? 1000 : 0), true);
    this.offset += 5;
  }
  count(value: number): void {
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }
  positions(coordinates: Float64Array, stride: number, first: number, last: number): void {
    for (let index = first * stride; index < last * stride; index += 1) {
      this.view.setFloat64(this.offset, coordinates[index] as number, true);
      this.offset += 8;
    }
  }
}

/**
 * The WKB (ISO, little-endian; Z kept for xyz columns) of row `row` of a batch's geometry buffers, or null for a
 * null geometry. Offsets are GeoArrow's: from features down to vertices.
 *
 * @example
 * ```ts
 * const [batch] = geometryBuffers(communes); const wkb = geometryToWkb(batch, 0) // Uint8Array, MultiPolygon
 * ```
 */
export function geometryToWkb(buffers: GeometryBuffers, row: number): Uint8Array | null {
  if (!buffers.isValid(row)) return null;
  const { encoding, stride, coordinates, offsets } = buffers;
  const at = (level: number, index: number): number => (offsets[level] as Int32Array)[index] as number;
  const positionBytes = 8 * stride;
  if (encoding === 'geoarrow.point') {
    const writer = new WkbWriter(5 + positionBytes);
    writer.header(1, stride);
    writer.positions(coordinates, stride, row, row + 1);
    return writer.bytes;
  }
  const [first, last] = [at(0, row), at(0, row + 1)];
  const ringBytes = (ring: number, level: number): number => 4 + (at(level, ring + 1) - at(level, ring)) * positionBytes;
  const polygonBytes = (polygon: number, level: number): number => {
    let size = 9;
    for (let ring = at(level, polygon); ring < at(level, polygon + 1); ring += 1) size += ringBytes(ring, level + 1);
    return size;
  };
  let size = 5;
  if (encoding === 'geoarrow.linestring') size += 4 + (last - first) * positionBytes;
  else if (encoding === 'geoarrow.multipoint') size += 4 + (last - first) * (5 + positionBytes);
  else if (encoding === 'geoarrow.polygon')
    size += 4 + Array.from({ length: last - first }, (_, ring) => ringBytes(first + ring, 1)).reduce((a, b) => a + b, 0);
  else if (encoding === 'geoarrow.multilinestring') for (let line = first; line < last; line += 1) size += 5 + ringBytes(line, 1);
  else for (let polygon = first; polygon < last; polygon += 1) size += polygonBytes(polygon, 1);
  if (encoding === 'geoarrow.multilinestring' || encoding === 'geoarrow.multipolygon') size += 4;
  const writer = new WkbWriter(size);
  writer.header(WKB_TYPE[encoding], stride);
  const writeRing = (ring: number, level: number): void => {
    writer.count(at(level, ring + 1) - at(level, ring));
    writer.positions(coordinates, stride, at(level, ring), at(level, ring + 1));
  };
  const writePolygonRings = (polygon: number, level: number): void => {
    writer.count(at(level, polygon + 1) - at(level, polygon));
    for (let ring = at(level, polygon); ring < at(level, polygon + 1); ring += 1) writeRing(ring, level + 1);
  };
  switch (encoding) {
    case 'geoarrow.linestring':
      writer.count(last - first);
      writer.positions(coordinates, stride, first, last);
      break;
    case 'geoarrow.multipoint':
      writer.count(last - first);
      for (let point = first; point < last; point += 1) {
        writer.header(1, stride);
        writer.positions(coordinates, stride, point, point + 1);
      }
      break;
    case 'geoarrow.polygon':
      writePolygonRings(row, 0);
      break;
    case 'geoarrow.multilinestring':
      writer.count(last - first);
      for (let line = first; line < last; line += 1) {
        writer.header(2, stride);
        writeRing(line, 1);
      }
      break;
    case 'geoarrow.multipolygon':
      writer.count(last - first);
      for (let polygon = first; polygon < last; polygon += 1) {
        writer.header(3, stride);
        writePolygonRings(polygon, 1);
      }
      break;
  }
  return writer.bytes;
}
