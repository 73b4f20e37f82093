import { parse } from '@loaders.gl/core';
import { FlatGeobufLoader } from '@loaders.gl/flatgeobuf';
import { JumeauError, featureTableFromGeoJSON, parseCrs, throwIfAborted, type FeatureTable } from '@jumeau/core';
import * as flatbuffers from 'flatbuffers';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ByteSource } from '../raster/byte-source.js';
import { INDEX_NODE_BYTES, levelRanges } from './flatgeobuf-index.js';
import { type FlatGeobufSource, openFlatGeobufSource, readFeaturesInBoxFromSource, readWholeFile } from './flatgeobuf-remote.js';

/** Options of {@link readFlatGeobuf}. */
export interface ReadFlatGeobufOptions {
  /** CRS when the header has none (default WGS84). */
  readonly crs?: number;
  /**
   * Only the features whose bounding box intersects [minX, minY, maxX, maxY] (in the file's CRS): found through the
   * packed R-tree when the file has one (only their bytes are decoded), else by testing every feature's box.
   */
  readonly bbox?: readonly [number, number, number, number];
  /** Cancels the reads of a URL or a {@link ByteSource} with an `aborted` error. */
  readonly signal?: AbortSignal;
  /** For URLs: extra request headers (an API key…). */
  readonly headers?: Readonly<Record<string, string>>;
  /** For URLs: abort each request after this many milliseconds (default 30 000) with a `network` error. */
  readonly timeoutMilliseconds?: number;
  /** For URLs: the `fetch` to use (default `globalThis.fetch`). */
  readonly fetch?: typeof fetch;
  /** For URLs: retries after 429, 502, 503, 504 or a dropped connection (default 2; see `openHttpSource`). */
  readonly retries?: number;
}

/** A feature as flatgeobuf's `fromFeature` decodes it. */
export type GeoJsonFeature = { type: 'Feature'; geometry?: { type?: string; coordinates?: unknown } | null; properties?: unknown };

/**
 * Reads a FlatGeobuf file with loaders.gl (as GeoJSON features, then into GeoArrow buffers), taking the CRS from
 * the FlatGeobuf header (EPSG organisation), else `crs`, else WGS84.
 *
 * The file can be bytes, an http(s) URL or any {@link ByteSource}. A URL or a source with `bbox` is read by ranges:
 * the header, the R-tree level by level from the root (only the nodes under those that meet the box), then only
 * the features found, close ranges merged into one request; the features are the ones `bbox` selects in memory.
 * Without `bbox`, or when the file has no index, the whole file is read (one request), then boxes are tested
 * feature by feature.
 *
 * @example
 * ```ts
 * const districts = await readFlatGeobuf(bytes) // EPSG:2154 from the header
 * const buildings = await readFlatGeobuf('https://example.org/batiments.fgb', { bbox: [370000, 6540000, 372000, 6542000] })
 * ```
 */
export async function readFlatGeobuf(source: FlatGeobufSource, options: ReadFlatGeobufOptions = {}): Promise<FeatureTable> {
  throwIfAborted(options.signal);
  if (source instanceof Uint8Array) return readFlatGeobufBytes(source, options);
  const { signal, headers, timeoutMilliseconds, fetch, retries } = options;
  const byteSource = await openFlatGeobufSource(source, { signal, headers, timeoutMilliseconds, fetch, retries }, !options.bbox);
  return readFlatGeobufSource(byteSource, options);
}

async function readFlatGeobufSource(source: ByteSource, options: ReadFlatGeobufOptions): Promise<FeatureTable> {
  const found = options.bbox ? await readFeaturesInBoxFromSource(source, options.bbox, options.signal) : null;
  if (found) return featuresToTable(found.features, headerCrs(JSON.stringify(found.header.crs ?? null)), options.crs);
  return readFlatGeobufBytes(await readWholeFile(source, options.signal), options);
}

async function readFlatGeobufBytes(bytes: Uint8Array, options: ReadFlatGeobufOptions): Promise<FeatureTable> {
  if (options.bbox) return featuresToTable(...readFeaturesInBox(bytes, options.bbox), options.crs);
  let table: { features?: unknown[]; schema?: { metadata?: Record<string, string> } };
  try {
    table = (await parse(bytes, FlatGeobufLoader, { flatgeobuf: { shape: 'geojson-table' } } as never)) as typeof table;
  } catch (cause) {
    throw new JumeauError('format', 'Not a readable FlatGeobuf file', { cause });
  }
  return featuresToTable((table.features ?? []) as GeoJsonFeature[], headerCrs(table.schema?.metadata?.crs), options.crs);
}

const MAGIC_PREFIX = [0x66, 0x67, 0x62];

/** The features of `bytes` whose box meets `bbox`, in file order, and the header's EPSG code. */
function readFeaturesInBox(bytes: Uint8Array, bbox: readonly [number, number, number, number]): [GeoJsonFeature[], number | null] {
  if (bytes.length < 12 || !MAGIC_PREFIX.every((value, index) => bytes[index] === value)) {
    throw new JumeauError('format', 'Not a readable FlatGeobuf file (no FlatGeobuf magic bytes)');
  }
  const buffer = new flatbuffers.ByteBuffer(bytes);
  const headerLength = buffer.readUint32(8);
  let header: ReturnType<typeof fromByteBuffer>;
  try {
    buffer.setPosition(12);
    header = fromByteBuffer(buffer);
  } catch (cause) {
    throw new JumeauError('format', 'Not a readable FlatGeobuf file (bad header)', { cause });
  }
  const indexStart = 12 + headerLength;
  const { indexNodeSize, featuresCount } = header;
  const levels = featuresCount > 0 && indexNodeSize > 1 ? levelRanges(featuresCount, indexNodeSize) : null;
  const nodeCount = levels ? levels.reduce((sum, [start, end]) => sum + end - start, 0) : 0;
  const featuresStart = indexStart + nodeCount * INDEX_NODE_BYTES;
  if (featuresStart > bytes.length) {
    throw new JumeauError('format', `FlatGeobuf file truncated: its index ends at byte ${featuresStart} of ${bytes.length}`);
  }
  const decode = (offset: number): GeoJsonFeature => {
    if (offset + 4 > bytes.length) throw new JumeauError('format', `FlatGeobuf feature at byte ${offset} is past the end of the file`);
    buffer.setPosition(offset + 4);
    return fromFeature(Feature.getRootAsFeature(buffer), header) as GeoJsonFeature;
  };
  const [minimumX, minimumY, maximumX, maximumY] = bbox;
  const features: GeoJsonFeature[] = [];
  if (levels) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + indexStart, nodeCount * INDEX_NODE_BYTES);
    const leafStart = (levels[0] as [number, number])[0];
    const offsets: number[] = [];
    // Depth-first over the tree: a node whose box misses the query prunes its whole subtree.
    const stack: Array<[node: number, level: number]> = [[0, levels.length - 1]];
    while (stack.length > 0) {
      const [first, level] = stack.pop() as [number, number];
      const end = Math.min(first + indexNodeSize, (levels[level] as [number, number])[1]);
      for (let node = first; node < (level === levels.length - 1 ? 1 : end); node += 1) {
        const at = node * INDEX_NODE_BYTES;
        if (
          view.getFloat64(at, true) > maximumX ||
          view.getFloat64(at + 8, true) > maximumY ||
          view.getFloat64(at + 16, true) < minimumX ||
          view.getFloat64(at + 24, true) < minimumY
        )
          continue;
        const offset = Number(view.getBigUint64(at + 32, true));
        if (node >= leafStart) offsets.push(offset);
        else stack.push([offset, level - 1]);
      }
    }
    offsets.sort((left, right) => left - right);
    for (const offset of offsets) features.push(decode(featuresStart + offset));
    return [features, headerCrs(JSON.stringify(header.crs ?? null))];
  }
  for (let offset = featuresStart; offset < bytes.length; offset += 4 + buffer.readUint32(offset)) {
    const feature = decode(offset);
    if (boxMeets(feature.geometry?.coordinates, bbox)) features.push(feature);
  }
  return [features, headerCrs(JSON.stringify(header.crs ?? null))];
}

/** True when the coordinates' bounding box meets `bbox`. */
function boxMeets(coordinates: unknown, bbox: readonly [number, number, number, number]): boolean {
  const box = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number') {
      box[0] = Math.min(box[0] as number, value[0]);
      box[1] = Math.min(box[1] as number, value[1] as number);
      box[2] = Math.max(box[2] as number, value[0]);
      box[3] = Math.max(box[3] as number, value[1] as number);
      return;
    }
    for (const item of value) visit(item);
  };
  visit(coordinates);
  return !((box[0] as number) > bbox[2] || (box[1] as number) > bbox[3] || (box[2] as number) < bbox[0] || (box[3] as number) < bbox[1]);
}

function featuresToTable(features: GeoJsonFeature[], fileCrs: number | null, fallbackCrs: number | undefined): FeatureTable {
  const crs = fileCrs ?? fallbackCrs ?? 4326;
  const polygons = features.some((feature) => feature.geometry?.type?.includes('Polygon'));
  const lines = features.some((feature) => feature.geometry?.type?.includes('LineString'));
  return featureTableFromGeoJSON(
    { type: 'FeatureCollection', features },
    { crs: parseCrs(crs), ...(polygons ? { encoding: 'geoarrow.multipolygon' } : lines ? { encoding: 'geoarrow.multilinestring' } : {}) },
  );
}

function headerCrs(text: string | undefined): number | null {
  if (!text) return null;
  try {
    const crs = JSON.parse(text) as { org?: string; code?: number };
    return crs.org?.toUpperCase() === 'EPSG' && typeof crs.code === 'number' && crs.code > 0 ? crs.code : null;
  } catch {
    return null;
  }
}
