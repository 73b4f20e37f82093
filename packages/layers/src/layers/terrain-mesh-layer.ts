import type { Bounds, Grid } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type UpdateParameters } from '@deck.gl/core';
import type { Colormap } from '../colormap/colormaps.js';
import { drapeTextureCoordinates, imageTextureCoordinates } from '../mesh/drape.js';
import { type TerrainMesh, createTerrainMesh } from '../mesh/terrain-mesh.js';
import { type DrapeImage, GridSurfaceLayer } from './grid-surface-layer.js';
import { resolveValueRange } from './grid-mesh-layer.js';
import { terrainMeshLayerPropsSchema, validateProps } from './props-schemas.js';

/** An image draped over the terrain, with the extent it covers in its CRS. */
export interface BoundedDrapeImage extends DrapeImage {
  /** [minX, minY, maxX, maxY] in `crs`, row 0 of the image at maxY. */
  readonly bounds: Bounds;
  readonly crs: number;
}

/** Props of {@link TerrainMeshLayer}. */
export interface TerrainMeshLayerProps extends CompositeLayerProps {
  /** The DEM (heights in metres) in any CRS. */
  readonly elevation: Grid | null;
  /** Vertical error bound of the simplified mesh, metres (default 1). */
  readonly maximumErrorMetres?: number;
  /** Horizontal placement error bound, ground metres (default 0.5). */
  readonly maximumPlacementErrorMetres?: number;
  readonly elevationScale?: number;
  /** Drape a grid (any CRS and extent) coloured by `colormap`; default: the DEM itself (hypsometric tints). */
  readonly drape?: Grid | null;
  /** Drape an image (orthophoto, Plan IGN from WMS-R/WMTS) instead. */
  readonly drapeImage?: BoundedDrapeImage | null;
  readonly colormap?: Colormap;
  readonly valueRange?: readonly [number, number] | null;
}

const defaultProps: DefaultProps<TerrainMeshLayerProps> = {
  elevation: { type: 'object', value: null, compare: false },
  maximumErrorMetres: { type: 'number', value: 1, min: 0 },
  maximumPlacementErrorMetres: { type: 'number', value: 0.5 },
  elevationScale: { type: 'number', value: 1 },
  drape: { type: 'object', value: null, compare: false },
  drapeImage: { type: 'object', value: null, compare: false },
  colormap: { type: 'object', value: 'viridis', compare: true },
  valueRange: { type: 'object', value: null, compare: true },
};

/**
 * 3D terrain from a DEM Grid in its own CRS: an error-bounded RTIN mesh (Martini’s rule), reprojected exactly, with
 * a drape — the DEM's own hypsometric colours, another grid through a colormap, or an image (orthophoto).
 * Picking gives `info.cell` of the draped grid.
 *
 * @example
 * new TerrainMeshLayer({ id: 'terrain', elevation: dem, elevationScale: 5, colormap: 'viridis', maximumErrorMetres: 0.5 });
 */
export class TerrainMeshLayer extends CompositeLayer<TerrainMeshLayerProps> {
  static override layerName = 'TerrainMeshLayer';
  static override defaultProps = defaultProps;
  declare state: { terrain: TerrainMesh | null; mesh: TerrainMesh | null };

  override initializeState(): void {
    this.setState({ terrain: null, mesh: null });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('TerrainMeshLayer', terrainMeshLayerPropsSchema, props);
    const { elevation } = props;
    if (
      elevation !== oldProps.elevation ||
      props.maximumErrorMetres !== oldProps.maximumErrorMetres ||
      props.maximumPlacementErrorMetres !== oldProps.maximumPlacementErrorMetres
    ) {
      const terrain = elevation
        ? createTerrainMesh(elevation, {
            maximumErrorMetres: props.maximumErrorMetres ?? 1,
            maximumPlacementErrorMetres: props.maximumPlacementErrorMetres ?? 0.5,
          })
        : null;
      this.setState({ terrain, mesh: null });
    }
    const terrain = this.state.terrain;
    if (terrain && elevation && (!this.state.mesh || props.drape !== oldProps.drape || props.drapeImage !== oldProps.drapeImage)) {
      const image = props.drapeImage;
      const texCoords = image
        ? imageTextureCoordinates(terrain.planar, elevation.crs, image.bounds, image.crs)
        : props.drape
          ? drapeTextureCoordinates(terrain.planar, elevation.crs, props.drape)
          : terrain.texCoords;
      this.setState({ mesh: { ...terrain, texCoords } });
    }
  }

  /** The mesh drawn (vertex and triangle counts for inspection). */
  getMesh(): TerrainMesh | null {
    return this.state.mesh;
  }

  override renderLayers() {
    const { elevation, drape, drapeImage } = this.props;
    const grid = drape ?? elevation;
    if (!this.state.mesh || !grid) return null;
    return new GridSurfaceLayer(
      this.getSubLayerProps({
        id: 'surface',
        mesh: this.state.mesh,
        grid,
        image: drapeImage ?? null,
        colormap: this.props.colormap,
        valueRange: resolveValueRange(grid, this.props.valueRange),
        elevationScale: this.props.elevationScale,
        interpolation: drape ? 'nearest' : 'bilinear',
        parameters: { depthCompare: 'less-equal' },
      }),
    );
  }
}
