/**
 * Buildings as extruded prisms whose colour changes without re-tessellation: the footprints (`featureRings` of
 * @jumeau/layers, points as squares of side √area) are tessellated once into a constant binary `data` object, and
 * the colour is an accessor with an update trigger, so a new level only rewrites the colour attribute.
 * (`BuildingsLayer` rebuilds its binary data object when the colours change, which re-tessellates 24 746
 * buildings on the main thread at every level: seconds under software GL.)
 */
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { FeatureTable } from '@jumeau/core';
import { colorForValue, colormapTable, featureRings, numericColumn } from '@jumeau/layers';

/** The level-independent part: footprints, heights (m) and the row of each ring. */
export interface BuildingPrisms {
  readonly data: { length: number; startIndices: Int32Array; attributes: Record<string, { value: ArrayLike<number>; size: number }> };
  readonly ringRows: Int32Array;
  readonly ringHeightsMetres: Float32Array;
}

/**
 * Tessellation input of the buildings: heights from `heightColumn` (≤ 0 or missing → `defaultHeightMetres`), point
 * squares from `area_m2` (100 m² when unknown), as `BuildingsLayer` draws them.
 *
 * @example
 * ```ts
 * const prisms = createBuildingPrisms(buildings, 'hauteur', 6)
 * ```
 */
export function createBuildingPrisms(table: FeatureTable, heightColumn: string, defaultHeightMetres: number): BuildingPrisms {
  const has = (name: string) => table.getChild(name) !== null;
  const areas = has('area_m2') ? numericColumn(table, 'area_m2') : null;
  const heights = has(heightColumn) ? numericColumn(table, heightColumn) : null;
  const rings = featureRings(table, {
    squareSideMetres: (row) => Math.sqrt((areas?.[row] as number) > 0 ? (areas?.[row] as number) : 100),
  });
  const ringHeightsMetres = Float32Array.from(rings.ringRows, (row) =>
    (heights?.[row] as number) > 0 ? (heights?.[row] as number) : defaultHeightMetres,
  );
  return {
    data: {
      length: rings.ringRows.length,
      startIndices: rings.startIndices,
      attributes: {
        getPolygon: { value: rings.positions, size: 2 },
        ...(rings.indices ? { indices: { value: rings.indices, size: 1 } } : {}),
      },
    },
    ringRows: rings.ringRows,
    ringHeightsMetres,
  };
}

const DRY_COLOUR: [number, number, number, number] = [205, 205, 205, 255];

/**
 * The layer: each building coloured by its water depth (m; ≤ 0 → grey) through `yellow-orange-red` over
 * `depthRange`. Pass a new `version` with new depths (the same array may be rewritten in place).
 *
 * @example
 * ```ts
 * buildingPrismsLayer('buildings', prisms, depths, 7, [0, 3], 3)
 * ```
 */
export function buildingPrismsLayer(
  id: string,
  prisms: BuildingPrisms,
  depthMetres: Float32Array,
  version: number,
  depthRange: readonly [number, number],
  elevationScale: number,
) {
  const colours = colormapTable('yellow-orange-red');
  return new SolidPolygonLayer({
    id,
    data: prisms.data as never,
    _normalize: false,
    _windingOrder: 'CCW',
    extruded: true,
    elevationScale,
    getElevation: (_: unknown, { index }: { index: number }) => prisms.ringHeightsMetres[index] as number,
    getFillColor: (_: unknown, { index }: { index: number }) => {
      const depth = depthMetres[prisms.ringRows[index] as number] as number;
      return depth > 0 ? colorForValue(depth, depthRange, colours) : DRY_COLOUR;
    },
    updateTriggers: { getFillColor: version },
    material: { ambient: 0.45, diffuse: 0.6, shininess: 16, specularColor: [40, 40, 40] },
  });
}
