import { type FeatureTable, describeGeometryColumn } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Colormap } from '../colormap/colormaps.js';
import { numericColumn, tableRow } from '../features/columns.js';
import { type FlatRings, featureRings } from '../features/footprints.js';
import { colorVertices, spreadToVertices } from '../features/ring-attributes.js';
import { resolveValueRange } from './grid-mesh-layer.js';
import { featureLayerPropsSchema, validateProps } from './props-schemas.js';

/** Props of {@link BuildingsLayer}. */
export interface BuildingsLayerProps extends CompositeLayerProps {
  /** Buildings: footprints (Polygon/MultiPolygon) or points (drawn as squares), in any CRS of the registry. */
  readonly table: FeatureTable | null;
  /** Column of heights in metres (default `hauteur`, BD TOPO's name); missing column → every height is the default. */
  readonly heightColumn?: string | null;
  /** Height used when the column is absent, null, NaN or ≤ 0 (default 6 m: two storeys). */
  readonly defaultHeightMetres?: number;
  /** Column coloured through the colormap (e.g. water depth at the building, m); null → `defaultColor`. */
  readonly colorColumn?: string | null;
  readonly colormap?: Colormap;
  /** Range of `colorColumn` mapped to the colormap ends (default: the column's range). */
  readonly valueRange?: readonly [number, number] | null;
  /** RGBA of buildings without a colour value. */
  readonly defaultColor?: readonly [number, number, number, number?];
  /** For point tables: column of footprint areas in m² (default `area_m2`), the square's side is its root. */
  readonly footprintAreaColumn?: string | null;
  /** Footprint of points without an area, m² (default 100). */
  readonly defaultFootprintSquareMetres?: number;
  /** Multiplies heights (default 1). */
  readonly elevationScale?: number;
  readonly extruded?: boolean;
}

const defaultProps: DefaultProps<BuildingsLayerProps> = {
  table: { type: 'object', value: null, compare: false },
  heightColumn: 'hauteur',
  defaultHeightMetres: { type: 'number', value: 6, min: 0 },
  colorColumn: null,
  colormap: { type: 'object', value: 'yellow-orange-red', compare: true },
  valueRange: { type: 'object', value: null, compare: true },
  defaultColor: { type: 'color', value: [200, 200, 200, 255] },
  footprintAreaColumn: 'area_m2',
  defaultFootprintSquareMetres: { type: 'number', value: 100, min: 0 },
  elevationScale: { type: 'number', value: 1 },
  extruded: true,
};

interface BuildingsState {
  rings: FlatRings | null;
  elevations: Float32Array;
  colors: Uint8Array;
  geometryColumn: string;
  [key: string]: unknown;
}

function hasColumn(table: FeatureTable, name: string | null | undefined): name is string {
  return typeof name === 'string' && table.getChild(name) !== null;
}

/**
 * Extruded buildings from a feature table — footprints or points — with heights from a column (metres, a
 * default when unknown) and colours from another (exposure, water depth…). Reprojected from the table's CRS
 * once, drawn with deck.gl's binary SolidPolygonLayer (no per-feature JS objects). Picking returns the table
 * row: `info.index` is the row number and `info.object` its attributes.
 *
 * @example
 * new BuildingsLayer({ id: 'buildings', table, heightColumn: 'hauteur', colorColumn: 'depth_m', valueRange: [0, 2], pickable: true });
 */
export class BuildingsLayer extends CompositeLayer<BuildingsLayerProps> {
  static override layerName = 'BuildingsLayer';
  static override defaultProps = defaultProps;
  declare state: BuildingsState;

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('BuildingsLayer', featureLayerPropsSchema, props);
    const table = props.table;
    if (!table) {
      this.setState({ rings: null });
      return;
    }
    const geometryChanged = table !== oldProps.table || props.footprintAreaColumn !== oldProps.footprintAreaColumn;
    if (geometryChanged) {
      const areas = hasColumn(table, props.footprintAreaColumn) ? numericColumn(table, props.footprintAreaColumn) : null;
      const fallback = props.defaultFootprintSquareMetres ?? 100;
      const squareSideMetres = (row: number) => Math.sqrt((areas?.[row] as number) > 0 ? (areas?.[row] as number) : fallback);
      this.setState({ rings: featureRings(table, { squareSideMetres }), geometryColumn: describeGeometryColumn(table).name });
    }
    const rings = this.state.rings as FlatRings;
    if (geometryChanged || props.heightColumn !== oldProps.heightColumn || props.defaultHeightMetres !== oldProps.defaultHeightMetres) {
      const heights = hasColumn(table, props.heightColumn) ? numericColumn(table, props.heightColumn) : null;
      const fallback = props.defaultHeightMetres ?? 6;
      this.setState({
        elevations: spreadToVertices(rings, (row) => ((heights?.[row] as number) > 0 ? (heights?.[row] as number) : fallback)),
      });
    }
    const colorChanged = ['colorColumn', 'colormap', 'valueRange', 'defaultColor'].some(
      (key) => props[key as 'colorColumn'] !== oldProps[key as 'colorColumn'],
    );
    if (geometryChanged || colorChanged) {
      const values = props.colorColumn ? numericColumn(table, props.colorColumn) : null;
      const range = values ? resolveValueRange(null, props.valueRange ?? finiteRange(values)) : ([0, 1] as [number, number]);
      this.setState({
        colors: colorVertices(rings, values, props.colormap ?? 'yellow-orange-red', range, props.defaultColor ?? [200, 200, 200, 255]),
      });
    }
  }

  override getPickingInfo({ info }: { info: PickingInfo }): PickingInfo {
    const { rings, geometryColumn } = this.state;
    const table = this.props.table;
    if (!rings || !table || info.index < 0) return info;
    const row = rings.ringRows[info.index] as number;
    return Object.assign(info, { index: row, object: tableRow(table, row, geometryColumn) });
  }

  /** The binary data object, rebuilt only when its arrays change (a new object would re-tessellate every render). */
  private binaryData() {
    const { rings, elevations, colors } = this.state;
    const cached = this.state.binary as { rings: unknown; elevations: unknown; colors: unknown; data: unknown } | undefined;
    if (cached && cached.rings === rings && cached.elevations === elevations && cached.colors === colors) return cached.data;
    const data = {
      length: rings?.ringRows.length ?? 0,
      startIndices: rings?.startIndices,
      attributes: {
        getPolygon: { value: rings?.positions, size: 2 },
        getElevation: { value: elevations, size: 1 },
        getFillColor: { value: colors, size: 4, normalized: true },
        // Courtyards (holes) come triangulated with the holes cut out; each ring keeps its own walls.
        ...(rings?.indices ? { indices: { value: rings.indices, size: 1 } } : {}),
      },
    };
    this.state.binary = { rings, elevations, colors, data };
    return data;
  }

  override renderLayers() {
    const { rings, elevations, colors } = this.state;
    if (!rings) return null;
    return new SolidPolygonLayer(
      this.getSubLayerProps({
        id: 'footprints',
        data: this.binaryData(),
        _normalize: false,
        _windingOrder: 'CCW',
        extruded: this.props.extruded,
        elevationScale: this.props.elevationScale,
        material: { ambient: 0.45, diffuse: 0.6, shininess: 16, specularColor: [40, 40, 40] },
        updateTriggers: { getElevation: elevations, getFillColor: colors },
      }),
    );
  }
}

/** [minimum, maximum] of the finite values (a unit range around a single value; [0, 1] when none). */
export function finiteRange(values: Float64Array): [number, number] {
  let minimum = Number.POSITIVE_INFINITY;
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    minimum = Math.min(minimum, value);
    maximum = Math.max(maximum, value);
  }
  if (minimum > maximum) return [0, 1];
  return maximum > minimum ? [minimum, maximum] : [minimum, minimum + 1];
}
