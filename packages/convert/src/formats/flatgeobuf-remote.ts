/**
 * Reading the features of a FlatGeobuf file that meet a box by ranges, without fetching the file: the 12-byte
 * preamble (magic, header length), the header, then the packed R-tree level by level from the root (only the child
 * runs of the nodes that meet the box, one request per group of close runs), then the features those leaves point
 * to (one request per group of close features). Over HTTP, `openHttpSource`'s first request (64 KiB) usually holds
 * the header and the upper levels of the index, so a small box costs that request, one or two for the leaf level
 * and one or two for the features.
 */
import { JumeauError, throwIfAborted } from '@jumeau/core';
import * as flatbuffers from 'flatbuffers';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { fromFeature } from 'flatgeobuf/lib/mjs/geojson/feature.js';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ByteSource } from '../raster/byte-source.js';
import { type HttpSourceOptions, openHttpSource } from '../raster/http-source.js';
import type { GeoJsonFeature } from './flatgeobuf.js';
import { INDEX_NODE_BYTES, levelRanges } from './flatgeobuf-index.js';

/** Where a FlatGeobuf file can come from: its bytes, an http(s) URL (read with range requests) or any {@link ByteSource}. */
export type FlatGeobufSource = Uint8Array | string | URL | ByteSource;

type Header = ReturnType<typeof fromByteBuffer>;
type Box = readonly [number, number, number, number];
/** Node indices [first, end) of one level of the index. */
type NodeRun = [first: number, end: number];

/** What the preamble and the header tell: where the index starts, and the file size every range is checked against. */
interface FileLayout {
  readonly header: Header;
  readonly indexStart: number;
  readonly sizeBytes: number;
  readonly name: string;
}

/** One read in progress: the source, its layout and the caller's signal. */
interface Reading {
  readonly source: ByteSource;
  readonly layout: FileLayout;
  readonly signal: AbortSignal | undefined;
}

/** A leaf that meets the box: its feature's offset in the feature section, and the next leaf's (null for the last). */
interface LeafHit {
  readonly offset: number;
  readonly nextOffset: number | null;
}

/** Nodes read from the index: `view` starts at node `first`; only [first, end) are candidates. */
interface NodeBlock {
  readonly first: number;
  readonly end: number;
  readonly view: DataView;
}

const MAGIC_PREFIX = [0x66, 0x67, 0x62];
/** Magic bytes (8) and the header's length (uint32). */
const PREAMBLE_BYTES = 12;
const SIZE_PREFIX_BYTES = 4;
/**
 * Ranges closer than this are fetched by one request: at 10 Mbit/s a 50 ms round trip takes as long as 64 KiB. On
 * the Oléron buildings (400-byte features), a 4 KiB gap split a box of 3.6 % of the features into 15 requests.
 */
const MERGE_GAP_BYTES = 65_536;
/** As many requests in flight as a browser opens to one host. */
const MAXIMUM_PARALLEL_REQUESTS = 6;
/** A first range this long makes the opening request fetch the whole file (servers clamp it, RFC 9110 §14.1.2). */
const WHOLE_FILE_BYTES = Number.MAX_SAFE_INTEGER;

function formatError(message: string, details: Record<string, unknown> = {}, cause?: unknown): JumeauError {
  return new JumeauError('format', message, cause === undefined ? { details } : { details, cause });
}

/**
 * Opens a URL (range requests) or passes a {@link ByteSource} through. With `wholeFile`, the opening request asks
 * for the whole file, so a read without a box costs one request.
 */
export async function openFlatGeobufSource(
  source: string | URL | ByteSource,
  options: HttpSourceOptions,
  wholeFile: boolean,
): Promise<ByteSource> {
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    if (!/^https?:\/\//i.test(url)) {
      throw new JumeauError('input', `A FlatGeobuf URL must start with http:// or https://, got "${url}" (pass a local file's bytes)`, {
        details: { url },
      });
    }
    return openHttpSource(url, wholeFile ? { ...options, headerBytes: WHOLE_FILE_BYTES } : options);
  }
  if (typeof source === 'object' && source !== null && typeof (source as ByteSource).read === 'function') return source;
  throw new JumeauError('input', `Cannot read a FlatGeobuf file from ${Object.prototype.toString.call(source)}`);
}

function knownSize(source: ByteSource): number {
  if (source.sizeBytes === null) {
    throw new JumeauError('input', `Cannot read the FlatGeobuf file ${source.name}: its source does not know its size`);
  }
  return source.sizeBytes;
}

/** Every byte of the source (the path of a read without a box, or of a file without an index). */
export async function readWholeFile(source: ByteSource, signal?: AbortSignal): Promise<Uint8Array> {
  const sizeBytes = knownSize(source);
  return sizeBytes === 0 ? new Uint8Array(0) : source.read(0, sizeBytes, signal);
}

/**
 * The features of `source` whose box meets `bbox`, in file order, decoded as the in-memory reader decodes them,
 * with the header; null when the file has no index (the caller then reads it whole and tests every feature).
 */
export async function readFeaturesInBoxFromSource(
  source: ByteSource,
  bbox: Box,
  signal?: AbortSignal,
): Promise<{ features: GeoJsonFeature[]; header: Header } | null> {
  throwIfAborted(signal);
  const layout = await readLayout(source, signal);
  const { featuresCount, indexNodeSize } = layout.header;
  if (indexNodeSize <= 1) return null;
  if (featuresCount === 0) return { features: [], header: layout.header };
  if (!Number.isSafeInteger(featuresCount) || featuresCount < 0 || featuresCount * INDEX_NODE_BYTES > layout.sizeBytes) {
    const message = `FlatGeobuf header of ${layout.name} declares ${featuresCount} features: their index alone would exceed the file`;
    throw formatError(`${message} (${layout.sizeBytes} bytes)`, { featuresCount, sizeBytes: layout.sizeBytes });
  }
  const levels = levelRanges(featuresCount, indexNodeSize);
  // Levels are stored root first: the leaf level, listed first, ends at the node count.
  const nodeCount = (levels[0] as NodeRun)[1];
  const featuresStart = layout.indexStart + nodeCount * INDEX_NODE_BYTES;
  if (featuresStart > layout.sizeBytes) {
    const message = `FlatGeobuf file truncated: its index ends at byte ${featuresStart} of ${layout.sizeBytes}`;
    throw formatError(message, { featuresStart, sizeBytes: layout.sizeBytes });
  }
  const reading: Reading = { source, layout, signal };
  const hits = await searchIndex(reading, levels, bbox);
  return { features: await readFeatures(reading, featuresStart, hits), header: layout.header };
}

/** Reads and checks the preamble and the header. */
async function readLayout(source: ByteSource, signal: AbortSignal | undefined): Promise<FileLayout> {
  const sizeBytes = knownSize(source);
  if (sizeBytes < PREAMBLE_BYTES) throw formatError(`Not a readable FlatGeobuf file: ${source.name} has ${sizeBytes} bytes`, { sizeBytes });
  const preamble = await source.read(0, PREAMBLE_BYTES, signal);
  if (!MAGIC_PREFIX.every((value, index) => preamble[index] === value)) {
    throw formatError('Not a readable FlatGeobuf file (no FlatGeobuf magic bytes)', { name: source.name });
  }
  const headerBytes = new DataView(preamble.buffer, preamble.byteOffset, PREAMBLE_BYTES).getUint32(8, true);
  const indexStart = PREAMBLE_BYTES + headerBytes;
  if (indexStart > sizeBytes) {
    throw formatError(`FlatGeobuf file truncated: its header ends at byte ${indexStart} of ${sizeBytes}`, { headerBytes, sizeBytes });
  }
  const bytes = await source.read(PREAMBLE_BYTES, headerBytes, signal);
  try {
    return { header: fromByteBuffer(new flatbuffers.ByteBuffer(bytes)), indexStart, sizeBytes, name: source.name };
  } catch (cause) {
    throw formatError('Not a readable FlatGeobuf file (bad header)', { name: source.name }, cause);
  }
}

/** Walks the tree from the root, one level at a time, and returns the leaves that meet the box. */
async function searchIndex(reading: Reading, levels: NodeRun[], bbox: Box): Promise<LeafHit[]> {
  const nodeSize = reading.layout.header.indexNodeSize;
  let runs: NodeRun[] = [[0, 1]];
  for (let level = levels.length - 1; level > 0 && runs.length > 0; level -= 1) {
    const blocks = await readNodes(reading, runs, 0);
    runs = mergeRuns(selectChildren(blocks, bbox, nodeSize, levels[level - 1] as NodeRun));
  }
  if (runs.length === 0) return [];
  const leafEnd = (levels[0] as NodeRun)[1];
  // One node more than the run: its offset bounds the last wanted feature of the run.
  return selectLeaves(await readNodes(reading, runs, leafEnd), bbox, leafEnd);
}

/** Reads runs of nodes; with `leafEnd` > 0, each run with the node after it (when there is one). */
async function readNodes(reading: Reading, runs: NodeRun[], leafEnd: number): Promise<NodeBlock[]> {
  const { indexStart } = reading.layout;
  const ranges = runs.map(
    ([first, end]): ByteRange => ({
      start: indexStart + first * INDEX_NODE_BYTES,
      end: indexStart + (leafEnd > 0 ? Math.min(end + 1, leafEnd) : end) * INDEX_NODE_BYTES,
    }),
  );
  const bytes = await readRanges(reading, ranges, 'index nodes');
  return bytes.map((block, index) => ({
    first: (runs[index] as NodeRun)[0],
    end: (runs[index] as NodeRun)[1],
    view: new DataView(block.buffer, block.byteOffset, block.byteLength),
  }));
}

/** The same test as the in-memory walk: a node is skipped when its box lies entirely on one side of the query. */
function nodeMeets(view: DataView, at: number, [minimumX, minimumY, maximumX, maximumY]: Box): boolean {
  return !(
    view.getFloat64(at, true) > maximumX ||
    view.getFloat64(at + 8, true) > maximumY ||
    view.getFloat64(at + 16, true) < minimumX ||
    view.getFloat64(at + 24, true) < minimumY
  );
}

function nodeOffset(view: DataView, at: number): number {
  return Number(view.getBigUint64(at + 32, true));
}

/** Child runs of the nodes that meet the box; a pointer outside the child level is a corrupt index. */
function selectChildren(blocks: NodeBlock[], bbox: Box, nodeSize: number, [childStart, childEnd]: NodeRun): NodeRun[] {
  const children: NodeRun[] = [];
  for (const { first, end, view } of blocks) {
    for (let node = first; node < end; node += 1) {
      const at = (node - first) * INDEX_NODE_BYTES;
      if (!nodeMeets(view, at, bbox)) continue;
      const child = nodeOffset(view, at);
      if (child < childStart || child >= childEnd) {
        throw formatError(`FlatGeobuf index node ${node} points to node ${child}, outside its child level [${childStart}, ${childEnd})`, {
          node,
          child,
        });
      }
      children.push([child, Math.min(child + nodeSize, childEnd)]);
    }
  }
  return children;
}

function selectLeaves(blocks: NodeBlock[], bbox: Box, leafEnd: number): LeafHit[] {
  const hits: LeafHit[] = [];
  for (const { first, end, view } of blocks) {
    for (let node = first; node < end; node += 1) {
      const at = (node - first) * INDEX_NODE_BYTES;
      if (!nodeMeets(view, at, bbox)) continue;
      const nextOffset = node + 1 < leafEnd ? nodeOffset(view, at + INDEX_NODE_BYTES) : null;
      hits.push({ offset: nodeOffset(view, at), nextOffset });
    }
  }
  return hits;
}

/** Sorted runs with overlapping or touching ones joined (a corrupt tree pointing twice at a run reads it once). */
function mergeRuns(runs: NodeRun[]): NodeRun[] {
  runs.sort((left, right) => left[0] - right[0]);
  const merged: NodeRun[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && run[0] <= last[1]) last[1] = Math.max(last[1], run[1]);
    else merged.push([run[0], run[1]]);
  }
  return merged;
}

/**
 * Reads the features of the hits in file order. A feature ends at the next leaf's offset when that offset is
 * larger (features never overlap, and the writers sort features as leaves), at the end of the file for the last
 * leaf; otherwise its 4-byte size prefix is read first.
 */
async function readFeatures(reading: Reading, featuresStart: number, hits: LeafHit[]): Promise<GeoJsonFeature[]> {
  const { layout } = reading;
  const sorted = [...hits].sort((left, right) => left.offset - right.offset);
  const ranges = sorted.map(({ offset, nextOffset }): ByteRange & { bounded: boolean } => {
    const start = featuresStart + offset;
    if (start + SIZE_PREFIX_BYTES > layout.sizeBytes) {
      throw formatError(`FlatGeobuf feature at byte ${start} is past the end of the file`, { offset: start });
    }
    const bounded = nextOffset === null || nextOffset > offset;
    const end = nextOffset === null ? layout.sizeBytes : Math.min(featuresStart + nextOffset, layout.sizeBytes);
    return { start, end: bounded ? end : start + SIZE_PREFIX_BYTES, bounded };
  });
  await boundBySizePrefix(reading, ranges);
  const bytes = await readRanges(reading, ranges, 'features');
  return bytes.map((featureBytes, index) => decodeFeature(featureBytes, (ranges[index] as ByteRange).start, layout));
}

/** Ends the ranges not bounded by the index at their feature's declared size. */
async function boundBySizePrefix(reading: Reading, ranges: Array<ByteRange & { bounded: boolean }>): Promise<void> {
  const unbounded = ranges.filter((range) => !range.bounded);
  if (unbounded.length === 0) return;
  const prefixes = await readRanges(reading, unbounded, 'feature sizes');
  unbounded.forEach((range, index) => {
    const prefix = prefixes[index] as Uint8Array;
    const sizeBytes = new DataView(prefix.buffer, prefix.byteOffset, SIZE_PREFIX_BYTES).getUint32(0, true);
    range.end = Math.min(range.start + SIZE_PREFIX_BYTES + sizeBytes, reading.layout.sizeBytes);
  });
}

/** Decodes one size-prefixed feature with flatgeobuf's `fromFeature`, copied to offset 0 when its vectors would be misaligned. */
function decodeFeature(bytes: Uint8Array, fileOffset: number, layout: FileLayout): GeoJsonFeature {
  const sizeBytes = new DataView(bytes.buffer, bytes.byteOffset, SIZE_PREFIX_BYTES).getUint32(0, true);
  if (sizeBytes > layout.sizeBytes || SIZE_PREFIX_BYTES + sizeBytes > bytes.byteLength) {
    throw formatError(
      `FlatGeobuf feature at byte ${fileOffset} declares ${sizeBytes} bytes, more than the ${bytes.byteLength - SIZE_PREFIX_BYTES} left before the next feature or the end of the file (${layout.sizeBytes} bytes)`,
      { offset: fileOffset, featureBytes: sizeBytes, sizeBytes: layout.sizeBytes },
    );
  }
  const feature = bytes.subarray(0, SIZE_PREFIX_BYTES + sizeBytes);
  // flatgeobuf views coordinates as Float64Array(buffer, byteOffset + position): they must be 8-byte aligned.
  const buffer = new flatbuffers.ByteBuffer(feature.byteOffset % 8 === 0 ? feature : feature.slice());
  buffer.setPosition(SIZE_PREFIX_BYTES);
  try {
    return fromFeature(Feature.getRootAsFeature(buffer), layout.header) as GeoJsonFeature;
  } catch (cause) {
    throw formatError(`FlatGeobuf feature at byte ${fileOffset} of ${layout.name} cannot be decoded`, { offset: fileOffset }, cause);
  }
}

/** A byte range [start, end) of the file. */
interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads ranges (any order), one request per group of ranges less than {@link MERGE_GAP_BYTES} apart, at most
 * {@link MAXIMUM_PARALLEL_REQUESTS} at a time; returns each range's bytes in the order given.
 */
async function readRanges(reading: Reading, ranges: readonly ByteRange[], what: string): Promise<Uint8Array[]> {
  const { source, signal } = reading;
  const { sizeBytes } = reading.layout;
  const order = ranges.map((_, position) => position);
  order.sort((left, right) => (ranges[left] as ByteRange).start - (ranges[right] as ByteRange).start);
  const groups: Array<ByteRange & { members: number[] }> = [];
  for (const index of order) {
    const { start, end } = ranges[index] as ByteRange;
    if (end > sizeBytes) {
      const message = `FlatGeobuf file truncated or corrupt: ${what} at bytes ${start}–${end} run past the end of the file (${sizeBytes} bytes)`;
      throw formatError(message, { start, end, sizeBytes });
    }
    const last = groups.at(-1);
    if (last && start - last.end < MERGE_GAP_BYTES) {
      last.end = Math.max(last.end, end);
      last.members.push(index);
    } else groups.push({ start, end, members: [index] });
  }
  const result: Uint8Array[] = new Array(ranges.length);
  const queue = [...groups];
  const readNext = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      throwIfAborted(signal); // a ByteSource in memory ignores the signal
      const bytes = await source.read(group.start, group.end - group.start, signal);
      for (const member of group.members) {
        const { start, end } = ranges[member] as ByteRange;
        result[member] = bytes.subarray(start - group.start, end - group.start);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAXIMUM_PARALLEL_REQUESTS, groups.length) }, readNext));
  return result;
}
