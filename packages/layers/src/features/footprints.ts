import { type FeatureTable, JumeauError, describeGeometryColumn, geometryBuffers, getCrs } from '@jumeau/core';
import { createCoordinateTransformer } from '../lib/project.js';
import { triangulateRings } from './triangulate.js';

/** The rings of a feature table's polygons, flattened for deck.gl's binary polygon attributes. */
export interface FlatRings {
  /** Interleaved longitude/latitude (degrees) of closed rings: outer rings counter-clockwise, holes clockwise. */
  readonly positions: Float64Array;
  /** Vertex index where ring k starts; `ringCount + 1` entries. */
  readonly startIndices: Int32Array;
  /** Table row of ring k (a MultiPolygon row gives several rings; a hole belongs to its polygon's row). */
  readonly ringRows: Int32Array;
  /** 1 where ring k is an interior ring (a hole) of the outer ring before it, else 0. */
  readonly ringIsHole?: Uint8Array;
  /**
   * Triangles of the polygons with their holes cut out (earcut), as absolute vertex indices into `positions`,
   * or null when no polygon has a hole (deck.gl then triangulates each ring itself).
   */
  readonly indices?: Uint32Array | null;
}

/** Options of {@link featureRings}. */
export interface FeatureRingsOptions {
  /** For point tables: the side of the square drawn for row r, in metres of a projected CRS. */
  readonly squareSideMetres?: (row: number) => number;
  /** Keep interior rings (holes) of polygons (default true); false keeps outer rings only. */
  readonly holes?: boolean;
}

interface RingSink {
  coordinates: number[];
  starts: number[];
  rows: number[];
  holes: number[];
}

function pushRing(sink: RingSink, source: Float64Array, stride: number, start: number, end: number, row: number, hole = false): boolean {
  if (end - start < 3) return false;
  sink.starts.push(sink.coordinates.length / 2);
  sink.rows.push(row);
  sink.holes.push(hole ? 1 : 0);
  for (let vertex = start; vertex < end; vertex += 1)
    sink.coordinates.push(source[vertex * stride] as number, source[vertex * stride + 1] as number);
  const first = start * stride;
  const last = (end - 1) * stride;
  if (source[first] !== source[last] || source[first + 1] !== source[last + 1])
    sink.coordinates.push(source[first] as number, source[first + 1] as number);
  return true;
}

/** The outer ring `firstRing` and, when `holes`, the interior rings up to `endRing` (a hole of a dropped outer ring is dropped). */
function pushPolygon(
  sink: RingSink,
  buffers: { coordinates: Float64Array; stride: number },
  ringOffsets: Int32Array,
  rings: [number, number],
  row: number,
  holes: boolean,
): void {
  const [firstRing, endRing] = rings;
  const { coordinates, stride } = buffers;
  if (!pushRing(sink, coordinates, stride, ringOffsets[firstRing] as number, ringOffsets[firstRing + 1] as number, row)) return;
  if (!holes) return;
  for (let ring = firstRing + 1; ring < endRing; ring += 1)
    pushRing(sink, coordinates, stride, ringOffsets[ring] as number, ringOffsets[ring + 1] as number, row, true);
}

/** Metres per degree of latitude, and of longitude at the equator (GRS80, mean values; for symbolic squares only). */
const METRES_PER_DEGREE_LATITUDE = 111_132;
const METRES_PER_DEGREE_LONGITUDE = 111_320;

function pushSquare(sink: RingSink, x: number, y: number, side: number, row: number, geographic: boolean): void {
  const halfX = geographic ? side / 2 / (METRES_PER_DEGREE_LONGITUDE * Math.cos((y * Math.PI) / 180)) : side / 2;
  const halfY = geographic ? side / 2 / METRES_PER_DEGREE_LATITUDE : side / 2;
  sink.starts.push(sink.coordinates.length / 2);
  sink.rows.push(row);
  sink.holes.push(0);
  sink.coordinates.push(x - halfX, y - halfY, x + halfX, y - halfY, x + halfX, y + halfY, x - halfX, y + halfY, x - halfX, y - halfY);
}

function collectRings(table: FeatureTable, options: FeatureRingsOptions, geographic: boolean): RingSink {
  const sink: RingSink = { coordinates: [], starts: [], rows: [], holes: [] };
  const holes = options.holes ?? true;
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
        const rings: [number, number] = [geometryOffsets[local] as number, geometryOffsets[local + 1] as number];
        pushPolygon(sink, buffers, ringOffsets, rings, row, holes);
      } else if (encoding === 'geoarrow.multipolygon') {
        const [geometryOffsets, polygonOffsets, ringOffsets] = offsets as [Int32Array, Int32Array, Int32Array];
        for (let polygon = geometryOffsets[local] as number; polygon < (geometryOffsets[local + 1] as number); polygon += 1) {
          const rings: [number, number] = [polygonOffsets[polygon] as number, polygonOffsets[polygon + 1] as number];
          pushPolygon(sink, buffers, ringOffsets, rings, row, holes);
        }
      } else {
        throw new JumeauError('input', `Footprints need polygons or points, got ${encoding}`, { details: { encoding } });
      }
    }
    rowBase += buffers.length;
  }
  return sink;
}

/** Reverses, in place, rings so that outer rings are counter-clockwise and holes clockwise (deck.gl's wall normals). */
function orientRings(positions: Float64Array, starts: Int32Array, isHole: Uint8Array): void {
  for (let ring = 0; ring < starts.length - 1; ring += 1) {
    const start = starts[ring] as number;
    const end = starts[ring + 1] as number;
    let area = 0;
    for (let vertex = start; vertex < end - 1; vertex += 1) {
      area +=
        (positions[vertex * 2] as number) * (positions[vertex * 2 + 3] as number) -
        (positions[vertex * 2 + 2] as number) * (positions[vertex * 2 + 1] as number);
    }
    if (isHole[ring] === 1 ? area <= 0 : area >= 0) continue;
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
 * The rings of every polygon of a feature table (every part of a MultiPolygon, with its holes unless
 * `holes: false`; `indices` then triangulates the polygons with the holes cut out), or a square around every point (side `squareSideMetres(row)` metres; in a geographic CRS the square is
 * sized with mean metres per degree, fine for symbols), reprojected to
 * longitude/latitude and oriented (outer rings counter-clockwise, holes clockwise): the input of deck.gl's binary SolidPolygonLayer.
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
  const ringIsHole = Uint8Array.from(sink.holes);
  orientRings(positions, startIndices, ringIsHole);
  const indices = ringIsHole.includes(1) ? triangulateRings(positions, startIndices, ringIsHole) : null;
  return { positions, startIndices, ringRows: Int32Array.from(sink.rows), ringIsHole, indices };
}
