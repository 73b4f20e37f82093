import { type Grid, JumeauError } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type UpdateParameters } from '@deck.gl/core';
import type { Colormap } from '../colormap/colormaps.js';
import { type SurfaceMesh, createGridMesh } from '../mesh/grid-mesh.js';
import { gridValueRange } from '../mesh/value-range.js';
import { GridSurfaceLayer } from './grid-surface-layer.js';
import { gridMeshLayerPropsSchema, validateProps } from './props-schemas.js';

/** Props of {@link GridMeshLayer}. */
export interface GridMeshLayerProps extends CompositeLayerProps {
  /** The grid to draw, in any CRS of the registry (Lambert-93, CC zones, UTM overseas, WGS84…). */
  readonly grid: Grid | null;
  /** Heights in metres on the same grid (a DEM) to draw it in 3D; null draws it flat at 0 m. */
  readonly elevation?: Grid | null;
  /** Vertical exaggeration of `elevation` (default 1). */
  readonly elevationScale?: number;
  /** Spacing in cells of the vertices that carry elevation (default 1). */
  readonly elevationStepCells?: number;
  readonly colormap?: Colormap;
  /** Values at the two ends of the colormap, in the grid's units (default: the grid's valid minimum and maximum). */
  readonly valueRange?: readonly [number, number] | null;
  /** Placement error bound of the reprojected mesh, in ground metres (default 0.25). */
  readonly maximumErrorMetres?: number;
  readonly interpolation?: 'nearest' | 'bilinear';
  /** Contour lines every `contourInterval` units (0: none). */
  readonly contourInterval?: number;
  readonly contourColor?: readonly [number, number, number, number?];
  /** Values above it are not drawn. */
  readonly revealUpTo?: number;
}

const defaultProps: DefaultProps<GridMeshLayerProps> = {
  grid: { type: 'object', value: null, compare: false },
  elevation: { type: 'object', value: null, compare: false },
  elevationScale: { type: 'number', value: 1 },
  elevationStepCells: { type: 'number', value: 1 },
  colormap: { type: 'object', value: 'viridis', compare: true },
  valueRange: { type: 'object', value: null, compare: true },
  maximumErrorMetres: { type: 'number', value: 0.25 },
  interpolation: 'nearest',
  contourInterval: { type: 'number', value: 0 },
  contourColor: { type: 'color', value: [20, 20, 20, 255] },
  revealUpTo: { type: 'number', value: 3.0e38 },
};

/**
 * A Grid in its own CRS drawn exactly on a deck.gl map: vertices on cell corners reprojected to WGS84 with an
 * adaptive subdivision (placement error ≤ `maximumErrorMetres`), cells coloured through a colormap with nodata
 * transparent, optionally raised on a DEM. Picking gives `info.cell` = { column, row, value }.
 *
 * @example
 * new Deck({
 *   initialViewState: { longitude: -1.25, latitude: 45.9, zoom: 11 },
 *   layers: [new GridMeshLayer({ id: 'dem', grid: dem, colormap: 'viridis', valueRange: [-5, 30], pickable: true })],
 * });
 */
export class GridMeshLayer extends CompositeLayer<GridMeshLayerProps> {
  static override layerName = 'GridMeshLayer';
  static override defaultProps = defaultProps;
  declare state: { mesh: SurfaceMesh | null; valueRange: [number, number] };

  override initializeState(): void {
    this.setState({ mesh: null, valueRange: [0, 1] });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('GridMeshLayer', gridMeshLayerPropsSchema, props);
    const geometryChanged =
      props.grid !== oldProps.grid ||
      props.elevation !== oldProps.elevation ||
      props.maximumErrorMetres !== oldProps.maximumErrorMetres ||
      props.elevationStepCells !== oldProps.elevationStepCells;
    if (geometryChanged) {
      const { grid, elevation } = props;
      const mesh = grid
        ? createGridMesh(grid, {
            maximumErrorMetres: props.maximumErrorMetres ?? 0.25,
            elevation: elevation ?? null,
            elevationStepCells: props.elevationStepCells ?? 1,
          })
        : null;
      this.setState({ mesh });
    }
    if (props.grid !== oldProps.grid || props.valueRange !== oldProps.valueRange) {
      this.setState({ valueRange: resolveValueRange(props.grid, props.valueRange) });
    }
  }

  /** The mesh drawn (for inspection: vertex count, measured placement error). */
  getMesh(): SurfaceMesh | null {
    return this.state.mesh;
  }

  override renderLayers() {
    const { grid } = this.props;
    if (!grid || !this.state.mesh) return null;
    return new GridSurfaceLayer(
      this.getSubLayerProps({
        id: 'surface',
        mesh: this.state.mesh,
        grid,
        colormap: this.props.colormap,
        valueRange: this.state.valueRange,
        elevationScale: this.props.elevationScale,
        interpolation: this.props.interpolation,
        contourInterval: this.props.contourInterval,
        contourColor: this.props.contourColor,
        revealUpTo: this.props.revealUpTo,
      }),
    );
  }
}

/** The explicit range, checked, or the grid's own. */
export function resolveValueRange(grid: Grid | null, valueRange: readonly [number, number] | null | undefined): [number, number] {
  if (valueRange) {
    const [minimum, maximum] = valueRange;
    if (!(Number.isFinite(minimum) && Number.isFinite(maximum) && maximum > minimum)) {
      throw new JumeauError('input', `valueRange must be [minimum, maximum] with maximum > minimum, got [${minimum}, ${maximum}]`, {
        details: { valueRange: [minimum, maximum] },
      });
    }
    return [minimum, maximum];
  }
  return grid ? gridValueRange(grid) : [0, 1];
}
