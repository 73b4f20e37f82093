import { RecordBatch, Schema, Struct, Table, makeData, type Data } from 'apache-arrow';
import { z } from 'zod';
import {
  JumeauError,
  describeGeometryColumn,
  geometryBuffers,
  geometryStorageType,
  validate,
  type FeatureTable,
  type GeometryBuffers,
} from '@jumeau/core';
import { buildGeometryData } from './lib/geometry-data.js';
import { simplifyArc, type SimplificationMethod } from './lib/line-simplification.js';
import { findIntersectingArcs } from './lib/segment-intersections.js';
import { buildTopology, listParts, type PartList, type Topology } from './lib/topology.js';

/** Options of {@link simplify}. */
export interface SimplifyOptions {
  /** Maximum displacement, in the CRS's units (metres in Lambert-93). */
  readonly tolerance: number;
  /** Default `douglas-peucker`. Visvalingam removes points whose triangle is smaller than `tolerance²`. */
  readonly method?: SimplificationMethod;
  /** Default true: shared borders are simplified once (arc/node topology). False simplifies each ring alone. */
  readonly preserveTopology?: boolean;
}

/** What {@link simplify} did, also stored as JSON in the result's schema metadata under `jumeau:simplify`. */
export interface SimplifyReport {
  readonly verticesBefore: number;
  readonly verticesAfter: number;
  readonly arcs: number;
  readonly sharedArcs: number;
  /** Arcs kept at a finer tolerance (or unsimplified) to avoid an intersection or a collapsed ring. */
  readonly refinedArcs: number;
  /** Arcs still crossing another after refinement: only possible when the input already crossed. */
  readonly unresolvedIntersections: number;
}

const optionsSchema = z.object({
  tolerance: z.number().finite().nonnegative(),
  method: z.enum(['douglas-peucker', 'visvalingam']).default('douglas-peucker'),
  preserveTopology: z.boolean().default(true),
});

/** Finer tolerances tried on an arc that crosses another, before it is left unsimplified. */
const REFINEMENT_STEPS = 4;

/**
 * Simplifies lines and polygons. With `preserveTopology` (the default), the arcs shared by neighbouring
 * polygons are found (arc/node decomposition, as TopoJSON does), each is simplified once and put back into both
 * polygons, so simplified communes keep no gap and no overlap. Rings never fall below 4 points (3 distinct);
 * an arc whose simplification would cross another arc is simplified again at half the tolerance, up to 4 times,
 * then kept as it was. Attributes are kept; the report is in `schema.metadata.get('jumeau:simplify')`.
 *
 * @example
 * ```ts
 * const light = simplify(communesL93, { tolerance: 200, method: 'douglas-peucker' })
 * JSON.parse(light.schema.metadata.get('jumeau:simplify') ?? '{}').verticesAfter
 * ```
 */
export function simplify(table: FeatureTable, options: SimplifyOptions): FeatureTable {
  const parsed = validate(optionsSchema, options, 'simplify options');
  const info = describeGeometryColumn(table);
  if (info.encoding === 'geoarrow.point' || info.encoding === 'geoarrow.multipoint') {
    throw new JumeauError('input', `simplify takes lines or polygons, not ${info.encoding}`);
  }
  const batches = geometryBuffers(table);
  const closed = info.encoding.includes('polygon');
  const parts = listParts(batches, closed);
  const topology = parsed.preserveTopology ? buildTopology(parts) : isolatedTopology(parts);
  const { simplified, refined, unresolved } = simplifyArcs(topology, parsed.tolerance, parsed.method, closed);
  const rings = assembleParts(topology, simplified);
  const report: SimplifyReport = {
    verticesBefore: batches.reduce((total, buffers) => total + buffers.coordinates.length / buffers.stride, 0),
    verticesAfter: rings.reduce((total, ring) => total + ring.length + (closed ? 1 : 0), 0),
    arcs: topology.arcUses.length,
    sharedArcs: topology.arcUses.filter((uses) => uses > 1).length,
    refinedArcs: refined,
    unresolvedIntersections: unresolved,
  };
  return rebuildTable(table, rings, topology, closed, report);
}

function isolatedTopology(parts: PartList): Topology {
  // Each part alone: the same machinery with no point shared between parts (a ring is one closed arc).
  const single: Topology[] = [];
  for (let part = 0; part < parts.vertexStart.length; part += 1) {
    single.push(
      buildTopology({
        ...parts,
        vertexStart: parts.vertexStart.subarray(part, part + 1),
        vertexEnd: parts.vertexEnd.subarray(part, part + 1),
        batchOf: parts.batchOf.subarray(part, part + 1),
      }),
    );
  }
  return mergeTopologies(single);
}

function mergeTopologies(list: readonly Topology[]): Topology {
  const pointX: number[] = [];
  const pointY: number[] = [];
  const arcPoints: number[] = [];
  const arcStarts: number[] = [0];
  const arcUses: number[] = [];
  const partArcs: number[] = [];
  const partArcStarts: number[] = [0];
  for (const topology of list) {
    const pointBase = pointX.length;
    const arcBase = arcUses.length;
    topology.pointX.forEach((x, index) => {
      pointX.push(x);
      pointY.push(topology.pointY[index] as number);
    });
    for (let arc = 0; arc < topology.arcUses.length; arc += 1) {
      for (let index = topology.arcStarts[arc] as number; index < (topology.arcStarts[arc + 1] as number); index += 1)
        arcPoints.push((topology.arcPoints[index] as number) + pointBase);
      arcStarts.push(arcPoints.length);
      arcUses.push(topology.arcUses[arc] as number);
    }
    for (const reference of topology.partArcs) partArcs.push(reference + arcBase * 2);
    partArcStarts.push(partArcs.length);
  }
  return {
    pointX: Float64Array.from(pointX),
    pointY: Float64Array.from(pointY),
    arcPoints: Int32Array.from(arcPoints),
    arcStarts: Int32Array.from(arcStarts),
    arcUses: Int32Array.from(arcUses),
    partArcs: Int32Array.from(partArcs),
    partArcStarts: Int32Array.from(partArcStarts),
    partClosed: new Uint8Array(list.length).fill(list[0]?.partClosed[0] ?? 0),
  };
}

function simplifyArcs(
  topology: Topology,
  tolerance: number,
  method: SimplificationMethod,
  closed: boolean,
): { simplified: Int32Array[]; refined: number; unresolved: number } {
  const arcCount = topology.arcUses.length;
  const original = Array.from({ length: arcCount }, (_, arc) =>
    topology.arcPoints.subarray(topology.arcStarts[arc], topology.arcStarts[arc + 1]),
  );
  const level = new Int32Array(arcCount);
  const run = (arc: number): Int32Array =>
    (level[arc] as number) > REFINEMENT_STEPS
      ? (original[arc] as Int32Array)
      : simplifyArc(original[arc] as Int32Array, topology.pointX, topology.pointY, tolerance / 2 ** (level[arc] as number), method);
  const simplified = original.map((_, arc) => run(arc));
  for (let iteration = 0; iteration <= REFINEMENT_STEPS + 1; iteration += 1) {
    const troubled = new Set<number>(closed ? collapsedRingArcs(topology, simplified) : []);
    for (const arc of findIntersectingArcs(simplified, topology.pointX, topology.pointY)) troubled.add(arc);
    const refinable = [...troubled].filter((arc) => (level[arc] as number) <= REFINEMENT_STEPS);
    if (refinable.length === 0) break;
    for (const arc of refinable) {
      level[arc] = (level[arc] as number) + 1;
      simplified[arc] = run(arc);
    }
  }
  const unresolved = findIntersectingArcs(simplified, topology.pointX, topology.pointY).size;
  return { simplified, refined: level.filter((value) => value > 0).length, unresolved };
}

function collapsedRingArcs(topology: Topology, simplified: readonly Int32Array[]): number[] {
  const arcs: number[] = [];
  for (let part = 0; part + 1 < topology.partArcStarts.length; part += 1) {
    let points = 0;
    for (let index = topology.partArcStarts[part] as number; index < (topology.partArcStarts[part + 1] as number); index += 1)
      points += (simplified[(topology.partArcs[index] as number) >> 1] as Int32Array).length - 1;
    if (points < 3)
      for (let index = topology.partArcStarts[part] as number; index < (topology.partArcStarts[part + 1] as number); index += 1)
        arcs.push((topology.partArcs[index] as number) >> 1);
  }
  return arcs;
}

/** Point ids of every part, arcs joined (each arc's first point dropped after the first arc; rings left open). */
function assembleParts(topology: Topology, simplified: readonly Int32Array[]): Int32Array[] {
  const result: Int32Array[] = [];
  for (let part = 0; part + 1 < topology.partArcStarts.length; part += 1) {
    const ids: number[] = [];
    const closed = topology.partClosed[part] === 1;
    for (let index = topology.partArcStarts[part] as number; index < (topology.partArcStarts[part + 1] as number); index += 1) {
      const reference = topology.partArcs[index] as number;
      const arc = simplified[reference >> 1] as Int32Array;
      const ordered = (reference & 1) === 1 ? Array.from(arc).reverse() : Array.from(arc);
      for (let point = ids.length === 0 ? 0 : 1; point < ordered.length; point += 1) ids.push(ordered[point] as number);
    }
    if (closed && ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop();
    result.push(Int32Array.from(ids));
  }
  return result;
}

function rebuildTable(
  table: FeatureTable,
  rings: readonly Int32Array[],
  topology: Topology,
  closed: boolean,
  report: SimplifyReport,
): FeatureTable {
  const info = describeGeometryColumn(table);
  const field = table.schema.fields[info.index];
  if (!field) throw new JumeauError('internal', 'Geometry field vanished');
  // Simplified vertices are planar: the output is xy even when the input carried z.
  const storageType = geometryStorageType(info.encoding, 'xy');
  const schema = new Schema(
    table.schema.fields.map((candidate, index) => (index === info.index ? candidate.clone({ type: storageType }) : candidate)),
    new Map([...table.schema.metadata, ['jumeau:simplify', JSON.stringify(report)]]),
  );
  const batches = geometryBuffers(table);
  let partIndex = 0;
  const newBatches = table.batches.map((batch, batchIndex) => {
    const buffers = batches[batchIndex] as GeometryBuffers;
    const levels = relativeOffsets(buffers);
    const partCount = levels.length > 1 ? ((levels[levels.length - 2] as Int32Array).at(-1) as number) : buffers.length;
    const vertexOffsets = new Int32Array(partCount + 1);
    const coordinates: number[] = [];
    for (let part = 0; part < partCount; part += 1) {
      const ids = rings[partIndex] as Int32Array;
      partIndex += 1;
      for (const id of ids) coordinates.push(topology.pointX[id] as number, topology.pointY[id] as number);
      if (closed && ids.length > 0)
        coordinates.push(topology.pointX[ids[0] as number] as number, topology.pointY[ids[0] as number] as number);
      vertexOffsets[part + 1] = coordinates.length / 2;
    }
    levels[levels.length - 1] = vertexOffsets;
    const geometry = buildGeometryData(storageType, levels, Float64Array.from(coordinates), 2, buffers.isValid, buffers.length);
    const children = batch.data.children.map((child, index) => (index === info.index ? geometry : child)) as Data[];
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
  });
  return new Table(schema, newBatches);
}

/** A batch's offsets made relative to their first entry (the innermost level is replaced by the caller). */
function relativeOffsets(buffers: GeometryBuffers): Int32Array[] {
  return buffers.offsets.map((offsets) => {
    const base = offsets[0] as number;
    return offsets.map((value) => value - base);
  });
}
