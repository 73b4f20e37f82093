import { JumeauError } from '@jumeau/core';
import { organiseRings, type Position } from './organise-rings.js';

/** A geometry read from a `.shp` record, GeoJSON-shaped (x, y[, z]). */
export type ShapeGeometry =
  | { readonly type: 'Point'; readonly coordinates: Position }
  | { readonly type: 'MultiPoint' | 'LineString'; readonly coordinates: Position[] }
  | { readonly type: 'MultiLineString' | 'Polygon'; readonly coordinates: Position[][] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: Position[][][] };

/** The shapes of a `.shp` file: its declared type, whether it carries z, and one geometry (or null) per record. */
export interface ShapeRecords {
  readonly shapeType: number;
  readonly hasZ: boolean;
  readonly geometries: (ShapeGeometry | null)[];
}

const BASE_TYPES: Readonly<Record<number, 'point' | 'poly-line' | 'polygon' | 'multi-point'>> = {
  1: 'point',
  3: 'poly-line',
  5: 'polygon',
  8: 'multi-point',
};
const FILE_CODE = 9994;

/**
 * Reads the records of an ESRI `.shp` file (1998 white paper) as GDAL's Shapefile driver does: one part → LineString
 * or Polygon, several → Multi…; polygon rings keep their file order and orientation (outer rings clockwise) and
 * holes (counter-clockwise rings) go to the outer ring that contains them; Z types keep z, M values are dropped;
 * null shapes give null. MultiPatch (31) is refused. With the `.shx` index, records are located through it as
 * shapelib does (some writers declare record lengths in the `.shp` that do not match the record).
 *
 * @example
 * ```ts
 * const { geometries } = readShp(shpBytes); geometries[0]?.type // 'Polygon'
 * ```
 */
export function readShp(bytes: Uint8Array, shx?: Uint8Array): ShapeRecords {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 100 || view.getInt32(0, false) !== FILE_CODE) {
    throw new JumeauError('format', `Not a Shapefile .shp: the file code is not ${FILE_CODE}`, { details: { byteLength: bytes.length } });
  }
  const shapeType = view.getInt32(32, true);
  const hasZ = shapeType >= 11 && shapeType <= 18;
  const geometries: (ShapeGeometry | null)[] = [];
  for (const [offset, contentBytes] of recordSpans(view, shx)) {
    const start = offset + 8;
    if (contentBytes < 4 || start + contentBytes > bytes.length) {
      throw new JumeauError('format', `Truncated .shp record ${geometries.length + 1} at byte ${offset}`, { details: { offset } });
    }
    geometries.push(readRecord(new DataView(bytes.buffer, bytes.byteOffset + start, contentBytes), hasZ));
  }
  return { shapeType, hasZ, geometries };
}

/** [offset, content length] of every record, from the `.shx` index when given, else walking the `.shp`. */
function* recordSpans(view: DataView, shx: Uint8Array | undefined): Generator<[number, number]> {
  if (shx && shx.length >= 100) {
    const index = new DataView(shx.buffer, shx.byteOffset, shx.byteLength);
    for (let entry = 100; entry + 8 <= shx.length; entry += 8)
      yield [index.getInt32(entry, false) * 2, index.getInt32(entry + 4, false) * 2];
    return;
  }
  for (let offset = 100; offset + 8 <= view.byteLength; ) {
    const contentBytes = view.getInt32(offset + 4, false) * 2;
    yield [offset, contentBytes];
    offset += 8 + Math.max(contentBytes, 0);
  }
}

function readRecord(view: DataView, fileHasZ: boolean): ShapeGeometry | null {
  const type = view.getInt32(0, true);
  if (type === 0) return null;
  const base = BASE_TYPES[type % 10 === 1 ? 1 : type % 10 === 3 ? 3 : type % 10 === 5 ? 5 : type % 10 === 8 ? 8 : -1];
  if (!base || type > 28)
    throw new JumeauError('unsupported', `Shape type ${type} is not read (MultiPatch and unknown types)`, { details: { type } });
  const withZ = fileHasZ && type >= 11 && type <= 18;
  if (base === 'point') {
    const point: Position = [view.getFloat64(4, true), view.getFloat64(12, true)];
    if (withZ) point.push(view.getFloat64(20, true));
    return { type: 'Point', coordinates: point };
  }
  const partCount = base === 'multi-point' ? 1 : view.getInt32(36, true);
  const pointCount = view.getInt32(base === 'multi-point' ? 36 : 40, true);
  const partsOffset = base === 'multi-point' ? 40 : 44;
  const pointsOffset = partsOffset + (base === 'multi-point' ? 0 : partCount * 4);
  const zOffset = pointsOffset + pointCount * 16 + 16;
  const readZ = withZ && zOffset + pointCount * 8 <= view.byteLength;
  const points: Position[] = [];
  for (let index = 0; index < pointCount; index += 1) {
    const point: Position = [view.getFloat64(pointsOffset + index * 16, true), view.getFloat64(pointsOffset + index * 16 + 8, true)];
    if (withZ) point.push(readZ ? view.getFloat64(zOffset + index * 8, true) : 0);
    points.push(point);
  }
  if (base === 'multi-point') return { type: 'MultiPoint', coordinates: points };
  const parts: Position[][] = [];
  for (let part = 0; part < partCount; part += 1) {
    const first = view.getInt32(partsOffset + part * 4, true);
    const end = part + 1 < partCount ? view.getInt32(partsOffset + (part + 1) * 4, true) : pointCount;
    parts.push(points.slice(first, end));
  }
  if (base === 'poly-line')
    return parts.length === 1
      ? { type: 'LineString', coordinates: parts[0] as Position[] }
      : { type: 'MultiLineString', coordinates: parts };
  const polygons = organiseRings(parts);
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] as Position[][] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
