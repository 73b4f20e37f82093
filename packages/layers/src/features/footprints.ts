import { type FeatureTable, JumeauError, describeGeometryColumn, geometryBuffers, getCrs } from '@jumeau/core';
import { createCoordinateTransformer } from '../lib/project.js';

/** Outer rings of a feature table's polygons, flattened for deck.gl's binary polygon attributes. */
export interface FlatRings {
  /** Interleaved longitude/latitude (degrees) of closed, counter-clockwise rings. */
  readonly positions: Float64Array;
  /** Vertex index where ring k starts; `ringCount + 1` entries. */
  readonly startIndices: Int32Array;
  /** Table row of ring k (a MultiPolygon row gives several rings). */
  readonly ringRows: Int32Array;
}

/** Options of {@link featureRings}. */
export interface FeatureRingsOptions {
  /** For point tables: the side of the square drawn for row r, in metres of a projected CRS. */
  readonly squareSideMetres?: (row: number) => number;
}

interface RingSink {
  coordinates: number[];
  starts: number[];
  rows: number[];
}

function pushRing(sink: RingSink, source: Float64Array, stride: number, start: number, end: number, row: number): void {
  if (end - start < 3) return;
  sink.starts.push(sink.coordinates.length / 2);
  sink.rows.push(row);
  for (let vertex = start; vertex < end; vertex += 1)
    sink.coordinates.push(source[vertex * stride] as number, source[vertex * stride + 1] as number);
  const first = start * stride;
  const last = (end - 1) * stride;
  if (source[first] !== source[last] || source[first + 1] !== source[last + 1])
    sink.coordinates.push(source[first] as number, source[first + 1] as number);
}

/** Metres per degree of latitude, and of longitude at the equator (GRS80, mean values; for symbolic squares only). */
const METRES_PER_DEGREE_LATITUDE = 111_132;
const METRES_PER_DEGREE_LONGITUDE = 111_320;

function pushSquare(sink: RingSink, x: number, y: number, side: number, row: number, geographic: boolean): void {
  const halfX = geographic ? side / 2 / (METRES_PER_DEGREE_LONGITUDE * Math.cos((y * Math.PI) / 180)) : side / 2;
  const halfY = geographic ? side / 2 / METRES_PER_DEGREE_LATITUDE : side / 2;
  sink.starts.push(sink.coordinates.length / 2);
  sink.rows.push(row);
  sink.coordinates.push(x - halfX, y - halfY, x + halfX, y - halfY, x + halfX, y + halfY, x - halfX, y + halfY, x - halfX, y - halfY);
}

function collectRings(table: FeatureTable, options: FeatureRingsOptions, geographic: boolean): RingSink {
  const sink: RingSink = { coordinates: [], starts: [], rows: [] };
  let rowBase = 0;
  for (const buffers of geometryBuffers(table)) {
    const { encoding, stride, coordinates, offsets } = buffers;
    for (let local = 0; local < buffers.length; local += 1) {
      const row = rowBase + local;
      if (!buffers.isValid(local)) continue;
      if (encoding === 'geoarrow.point') {
        const side = options.squareSideMetres?.(row) ?? 10;
        pushSquare(sink, coordinates[local * stride] as number, coordinates[local * stride + 1] as number, side, row, geographic);
      } else if (encoding === 'geoarrow.polygon') {
        const [geometryOffsets, ringOffsets] = offsets as [Int32Array, Int32Array];
        const ring = geometryOffsets[local] as number;
        pushRing(sink, coordinates, stride, ringOffsets[ring] as number, ringOffsets[ring + 1] as number, row);
      } else if (encoding === 'geoarrow.multipolygon') {
        const [geometryOffsets, polygonOffsets, ringOffsets] = offsets as [Int32Array, Int32Array, Int32Array];
        for (let polygon = geometryOffsets[local] as number; polygon < (geometryOffsets[local + 1] as number); polygon += 1) {
          const ring = polygonOffsets[polygon] as number;
          pushRing(sink, coordinates, stride, ringOffsets[ring] as number, ringOffsets[ring + 1] as number, row);
        }
      } else {
        throw new JumeauError('input', `Footprints need polygons or points, got ${encoding}`, { details: { encoding } });
      }
    }
    rowBase += buffers.length;
  }
  return sink;
}

/** Reverses, in place, every ring whose signed area is negative (clockwise), so all rings are counter-clockwise. */
function orientCounterClockwise(positions: Float64Array, starts: Int32Array): void {
  for (let ring = 0; ring < starts.length - 1; ring += 1) {
    const start = starts[ring] as number;
    const end = starts[ring + 1] as number;
    let area = 0;
    for (let vertex = start; vertex < end - 1; vertex += 1) {
      area +=
        (positions[vertex * 2] as number) * (positions[vertex * 2 + 3] as number) -
        (positions[vertex * 2 + 2] as number) * (positions[vertex * 2 + 1] as number);
    }
    if (area >= 0) continue;
    for (let low = start, high = end - 1; low < high; low += 1, high -= 1) {
      for (let axis = 0; axis < 2; axis += 1) {
        const swap = positions[low * 2 + axis] as number;
        positions[low * 2 + axis] = positions[high * 2 + axis] as number;
        positions[high * 2 + axis] = swap;
      }
    }
  }
}

/**
 * The outer ring of every polygon of a feature table (every part of a MultiPolygon; holes are not drawn),
 * or a square around every point (side `squareSideMetres(row)` metres; in a geographic CRS the square is
 * sized with mean metres per degree, fine for symbols), reprojected to
 * longitude/latitude and oriented counter-clockwise: the input of deck.gl's binary SolidPolygonLayer.
 *
 * @example
 * const rings = featureRings(buildings); // rings.ringRows maps a picked ring back to its table row
 */
export function featureRings(table: FeatureTable, options: FeatureRingsOptions = {}): FlatRings {
  const info = describeGeometryColumn(table);
  const crs = info.crs ?? 4326;
  const sink = collectRings(table, options, getCrs(crs).kind === 'geographic');
  const positions = createCoordinateTransformer(crs, 4326)(Float64Array.from(sink.coordinates));
  const startIndices = Int32Array.from([...sink.starts, positions.length / 2]);
  orientCounterClockwise(positions, startIndices);
  return { positions, startIndices, ringRows: Int32Array.from(sink.rows) };
}
