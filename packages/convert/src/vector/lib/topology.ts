import type { GeometryBuffers } from '@jumeau/core';

/**
 * Arc/node decomposition of a set of rings and lines (TopoJSON style). Vertices with identical coordinates become
 * one point; a point is a node when its neighbours differ between the parts that use it (three or more
 * polygons meet there, or a shared border starts or ends); each part is cut at its nodes into arcs, and an arc
 * shared by two parts (in either direction) is stored once. A ring with no node (an island, or an enclave whose
 * border is wholly shared) is cut at its lowest-x, then lowest-y point, which every ring with that border picks.
 */
export interface Topology {
  /** Point coordinates (x, y) and the global vertex each point was first seen at (to copy z). */
  readonly pointX: Float64Array;
  readonly pointY: Float64Array;
  /** Arcs: point ids of arc `a` are `arcPoints[arcStarts[a] … arcStarts[a + 1])`. */
  readonly arcPoints: Int32Array;
  readonly arcStarts: Int32Array;
  /** How many parts use each arc (2 = shared border). */
  readonly arcUses: Int32Array;
  /** Arc references of part `p`: `partArcs[partArcStarts[p] … partArcStarts[p + 1])`, each `arc × 2 + reversed`. */
  readonly partArcs: Int32Array;
  readonly partArcStarts: Int32Array;
  /** Whether part `p` is a closed ring. */
  readonly partClosed: Uint8Array;
}

/** The innermost parts (rings or lines) of every batch, in order, with their vertex ranges. */
export interface PartList {
  readonly vertexStart: Int32Array;
  readonly vertexEnd: Int32Array;
  readonly coordinates: Float64Array[];
  readonly batchOf: Int32Array;
  readonly stride: number;
  readonly closed: boolean;
}

/** Lists the innermost parts of the geometry buffers (rings for polygons, lines for linestrings). */
export function listParts(batches: readonly GeometryBuffers[], closed: boolean): PartList {
  const starts: number[] = [];
  const ends: number[] = [];
  const batchOf: number[] = [];
  batches.forEach((buffers, batch) => {
    const vertexOffsets = buffers.offsets[buffers.offsets.length - 1] as Int32Array;
    let first = 0;
    let last = buffers.length;
    for (let level = 0; level < buffers.offsets.length - 1; level += 1) {
      first = (buffers.offsets[level] as Int32Array)[first] as number;
      last = (buffers.offsets[level] as Int32Array)[last] as number;
    }
    for (let part = first; part < last; part += 1) {
      starts.push(vertexOffsets[part] as number);
      // A closed ring repeats its first vertex last: the topology works on the open sequence.
      const end = vertexOffsets[part + 1] as number;
      ends.push(closed && end - (vertexOffsets[part] as number) > 1 ? end - 1 : end);
      batchOf.push(batch);
    }
  });
  return {
    vertexStart: Int32Array.from(starts),
    vertexEnd: Int32Array.from(ends),
    coordinates: batches.map((buffers) => buffers.coordinates),
    batchOf: Int32Array.from(batchOf),
    stride: batches[0]?.stride ?? 2,
    closed,
  };
}

/** Builds the arc/node topology of a part list. */
export function buildTopology(parts: PartList): Topology {
  const { pointOf, pointX, pointY } = identifyPoints(parts);
  const isNode = findNodes(parts, pointOf, pointX.length);
  return cutArcs(parts, pointOf, isNode, pointX, pointY);
}

function identifyPoints(parts: PartList): { pointOf: Int32Array[]; pointX: Float64Array; pointY: Float64Array } {
  const ids = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const pointOf: Int32Array[] = [];
  for (let part = 0; part < parts.vertexStart.length; part += 1) {
    const coordinates = parts.coordinates[parts.batchOf[part] as number] as Float64Array;
    const start = parts.vertexStart[part] as number;
    const ring = new Int32Array((parts.vertexEnd[part] as number) - start);
    for (let index = 0; index < ring.length; index += 1) {
      const x = coordinates[(start + index) * parts.stride] as number;
      const y = coordinates[(start + index) * parts.stride + 1] as number;
      const key = `${x} ${y}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = xs.length;
        ids.set(key, id);
        xs.push(x);
        ys.push(y);
      }
      ring[index] = id;
    }
    pointOf.push(ring);
  }
  return { pointOf, pointX: Float64Array.from(xs), pointY: Float64Array.from(ys) };
}

function findNodes(parts: PartList, pointOf: readonly Int32Array[], pointCount: number): Uint8Array {
  const isNode = new Uint8Array(pointCount);
  const firstA = new Int32Array(pointCount).fill(-1);
  const firstB = new Int32Array(pointCount).fill(-1);
  for (const ring of pointOf) {
    const length = ring.length;
    for (let index = 0; index < length; index += 1) {
      const id = ring[index] as number;
      if (!parts.closed && (index === 0 || index === length - 1)) {
        isNode[id] = 1;
        continue;
      }
      const previous = ring[(index - 1 + length) % length] as number;
      const next = ring[(index + 1) % length] as number;
      if (firstA[id] === -1) {
        firstA[id] = previous;
        firstB[id] = next;
      } else if (!((firstA[id] === previous && firstB[id] === next) || (firstA[id] === next && firstB[id] === previous))) {
        isNode[id] = 1;
      }
    }
  }
  return isNode;
}

function cutArcs(
  parts: PartList,
  pointOf: readonly Int32Array[],
  isNode: Uint8Array,
  pointX: Float64Array,
  pointY: Float64Array,
): Topology {
  const arcPoints: number[] = [];
  const arcStarts: number[] = [0];
  const arcUses: number[] = [];
  const partArcs: number[] = [];
  const partArcStarts: number[] = [0];
  const arcByKey = new Map<string, number>();
  const addArc = (sequence: number[]): void => {
    const reversed = sequence.slice().reverse();
    const forwardKey = sequence.join(',');
    const backwardKey = reversed.join(',');
    const existing = arcByKey.get(forwardKey) ?? arcByKey.get(backwardKey);
    if (existing !== undefined) {
      arcUses[existing] = (arcUses[existing] as number) + 1;
      partArcs.push(existing * 2 + (arcByKey.get(forwardKey) === existing ? 0 : 1));
      return;
    }
    const arc = arcUses.length;
    arcByKey.set(forwardKey, arc);
    for (const id of sequence) arcPoints.push(id);
    arcStarts.push(arcPoints.length);
    arcUses.push(1);
    partArcs.push(arc * 2);
  };
  for (const ring of pointOf) {
    for (const sequence of splitAtNodes(ring, isNode, parts.closed, pointX, pointY)) addArc(sequence);
    partArcStarts.push(partArcs.length);
  }
  return {
    pointX,
    pointY,
    arcPoints: Int32Array.from(arcPoints),
    arcStarts: Int32Array.from(arcStarts),
    arcUses: Int32Array.from(arcUses),
    partArcs: Int32Array.from(partArcs),
    partArcStarts: Int32Array.from(partArcStarts),
    partClosed: new Uint8Array(pointOf.length).fill(parts.closed ? 1 : 0),
  };
}

/** Cuts one part's point ids at its nodes; a ring's arcs end where the next starts (first point repeated last). */
function splitAtNodes(ring: Int32Array, isNode: Uint8Array, closed: boolean, pointX: Float64Array, pointY: Float64Array): number[][] {
  const length = ring.length;
  if (length === 0) return [];
  if (!closed) {
    const arcs: number[][] = [];
    let current = [ring[0] as number];
    for (let index = 1; index < length; index += 1) {
      current.push(ring[index] as number);
      if (isNode[ring[index] as number] === 1 && index < length - 1) {
        arcs.push(current);
        current = [ring[index] as number];
      }
    }
    arcs.push(current);
    return arcs;
  }
  let start = -1;
  for (let index = 0; index < length; index += 1)
    if (isNode[ring[index] as number] === 1) {
      start = index;
      break;
    }
  if (start === -1) start = lowestPoint(ring, pointX, pointY);
  const arcs: number[][] = [];
  let current = [ring[start] as number];
  for (let step = 1; step <= length; step += 1) {
    const id = ring[(start + step) % length] as number;
    current.push(id);
    if (isNode[id] === 1 || step === length) {
      arcs.push(current);
      current = [id];
    }
  }
  return arcs;
}

function lowestPoint(ring: Int32Array, pointX: Float64Array, pointY: Float64Array): number {
  let best = 0;
  for (let index = 1; index < ring.length; index += 1) {
    const id = ring[index] as number;
    const bestId = ring[best] as number;
    if (
      (pointX[id] as number) < (pointX[bestId] as number) ||
      ((pointX[id] as number) === (pointX[bestId] as number) && (pointY[id] as number) < (pointY[bestId] as number))
    )
      best = index;
  }
  return best;
}
