import { Float64, vectorFromArray } from 'apache-arrow';
import { z } from 'zod';
import { JumeauError, cellToWorld, isNodata, validate, type FeatureTable, type Grid } from '@jumeau/core';
import { labelComponents } from './lib/connected-components.js';
import { createGeometryBuilder, featureTableFromBuilder } from './lib/feature-table-builder.js';
import { traceRings, type TracedRing } from './lib/trace-rings.js';

/** Options of {@link polygonize}. */
export interface PolygonizeOptions {
  /** Only these values become polygons (default: every value). */
  readonly classes?: readonly number[];
  /** Cells where the mask is 0 (or nodata/NaN) are left out; same size as the grid. */
  readonly mask?: Grid;
  /** Default 4 (GDAL's default); 8 joins cells touching by a corner (`gdal_polygonize -8`). */
  readonly connectivity?: 4 | 8;
}

const optionsSchema = z.object({
  classes: z.array(z.number()).optional(),
  connectivity: z.union([z.literal(4), z.literal(8)]).default(4),
});

/**
 * Turns each connected region of equal value into a polygon (like `gdal_polygonize`): cell-edge outlines with
 * outer rings counter-clockwise and holes clockwise, collinear corners removed, in the grid's CRS. Nodata and NaN
 * cells (and masked ones) make no polygon. Returns a feature table (`geoarrow.multipolygon`) with `value` (the
 * class) and `cells` (the region's cell count, so area = cells × cell area, exactly the ring area).
 *
 * @example
 * ```ts
 * const zones = polygonize(floodDepthClasses, { classes: [1, 2, 3], connectivity: 8 })
 * zones.getChild('value')?.get(0)
 * ```
 */
export function polygonize(grid: Grid, options: PolygonizeOptions = {}): FeatureTable {
  const parsed = validate(optionsSchema, options, 'polygonize options');
  if (options.mask && (options.mask.width !== grid.width || options.mask.height !== grid.height)) {
    throw new JumeauError('input', `The mask is ${options.mask.width} × ${options.mask.height}, the grid ${grid.width} × ${grid.height}`);
  }
  const { classOf, values } = classifyCells(grid, parsed.classes, options.mask);
  const { labels, count } = labelComponents(classOf, grid.width, grid.height, parsed.connectivity);
  const componentValue = new Float64Array(count);
  const componentCells = new Float64Array(count);
  for (let cell = 0; cell < labels.length; cell += 1) {
    const label = labels[cell] as number;
    if (label < 0) continue;
    componentValue[label] = values[classOf[cell] as number] as number;
    componentCells[label] = (componentCells[label] as number) + 1;
  }
  const rings = traceRings(labels, grid.width, grid.height, parsed.connectivity);
  return buildPolygons(grid, rings, count, componentValue, componentCells);
}

function classifyCells(
  grid: Grid,
  classes: readonly number[] | undefined,
  mask: Grid | undefined,
): { classOf: Int32Array; values: number[] } {
  const wanted = classes ? new Set(classes) : null;
  const indexOf = new Map<number, number>();
  const values: number[] = [];
  const classOf = new Int32Array(grid.width * grid.height).fill(-1);
  for (let cell = 0; cell < classOf.length; cell += 1) {
    const value = grid.data[cell] as number;
    if (isNodata(value, grid.nodata) || (wanted && !wanted.has(value))) continue;
    if (mask && (isNodata(mask.data[cell] as number, mask.nodata) || mask.data[cell] === 0)) continue;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = values.length;
      indexOf.set(value, index);
      values.push(value);
    }
    classOf[cell] = index;
  }
  return { classOf, values };
}

function buildPolygons(
  grid: Grid,
  rings: readonly TracedRing[],
  count: number,
  componentValue: Float64Array,
  componentCells: Float64Array,
): FeatureTable {
  const outers: TracedRing[][] = Array.from({ length: count }, () => []);
  const holes: TracedRing[][] = Array.from({ length: count }, () => []);
  for (const ring of rings) (ring.area > 0 ? outers : holes)[ring.component]?.push(ring);
  const builder = createGeometryBuilder('geoarrow.multipolygon', 3);
  const [polygonOffsets, ringOffsets, vertexOffsets] = builder.offsets as [number[], number[], number[]];
  const addRing = (ring: TracedRing): void => {
    for (let index = 0; index < ring.corners.length; index += 2) {
      const [x, y] = cellToWorld(grid.transform, ring.corners[index] as number, ring.corners[index + 1] as number);
      builder.coordinates.push(x, y);
    }
    vertexOffsets.push(builder.coordinates.length / 2);
  };
  for (let component = 0; component < count; component += 1) {
    const componentOuters = outers[component] as TracedRing[];
    const holeOwner = (holes[component] as TracedRing[]).map((hole) =>
      componentOuters.length === 1 ? 0 : containingOuter(hole, componentOuters),
    );
    for (const [index, outer] of componentOuters.entries()) {
      addRing(outer);
      (holes[component] as TracedRing[]).forEach((hole, holeIndex) => {
        if (holeOwner[holeIndex] === index) addRing(hole);
      });
      ringOffsets.push(vertexOffsets.length - 1);
    }
    polygonOffsets.push(ringOffsets.length - 1);
  }
  return featureTableFromBuilder(builder, grid.crs, {
    value: vectorFromArray(Array.from(componentValue), new Float64()),
    cells: vectorFromArray(Array.from(componentCells), new Float64()),
  });
}

/** Which outer ring holds a hole, by the even-odd test of the hole's first edge midpoint (half-integer, never on an edge). */
function containingOuter(hole: TracedRing, outers: readonly TracedRing[]): number {
  const x = ((hole.corners[0] as number) + (hole.corners[2] as number)) / 2 + 0.25;
  const y = ((hole.corners[1] as number) + (hole.corners[3] as number)) / 2 + 0.25;
  return outers.findIndex((outer) => {
    let inside = false;
    const corners = outer.corners;
    if (x < outer.minimumColumn || x > outer.maximumColumn || y < outer.minimumRow || y > outer.maximumRow) return false;
    for (let index = 2; index < corners.length; index += 2) {
      const x1 = corners[index - 2] as number,
        y1 = corners[index - 1] as number,
        x2 = corners[index] as number,
        y2 = corners[index + 1] as number;
      if (y1 > y !== y2 > y && x < ((x2 - x1) * (y - y1)) / (y2 - y1) + x1) inside = !inside;
    }
    return inside;
  });
}
