import { type Grid, gridBounds } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type UpdateParameters } from '@deck.gl/core';
import { type _Tileset2D as Tileset2D, TileLayer, type _TileLoadProps as TileLoadProps } from '@deck.gl/geo-layers';
import { imageTextureCoordinates } from '../mesh/drape.js';
import { type TerrainMesh, createTerrainMesh } from '../mesh/terrain-mesh.js';
import { fetchTileImage, tileSurfaceMesh, webMercatorTileTextureCoordinates } from '../tiles/tile-drape.js';
import { type WmtsTileIndex, type WmtsTileMatrixSet, tileMatrixSetCrs, tileUrl } from '../tiles/tile-matrix-set.js';
import { createWmtsTilesetClass } from '../tiles/wmts-tileset.js';
import { type DrapeImage, GridSurfaceLayer } from './grid-surface-layer.js';
import { validateProps, terrainTileLayerPropsSchema } from './props-schemas.js';

/** Props of {@link TerrainTileLayer}. */
export interface TerrainTileLayerProps extends CompositeLayerProps {
  /** The DEM (heights in metres) in any CRS. */
  readonly elevation: Grid | null;
  /**
   * Tile URL template, no token needed for the Géoplateforme: WMTS placeholders `{TileMatrix}`, `{TileCol}`,
   * `{TileRow}` (KVP or REST) or XYZ `{z}`, `{x}`, `{y}`.
   */
  readonly tileUrl: string | null;
  /** `'PM'` (Web Mercator XYZ tiles, drawn through deck.gl's TileLayer) or a TileMatrixSet such as `LAMB93_5cm`. */
  readonly tileMatrixSet?: 'PM' | WmtsTileMatrixSet;
  /** Levels finer (+) or coarser (−) than one tile pixel per screen pixel (default 0). */
  readonly levelOffset?: number;
  /** Vertical error bound of the simplified terrain, metres (default 1). */
  readonly maximumErrorMetres?: number;
  /** Horizontal placement error bound, ground metres (default 0.5). */
  readonly maximumPlacementErrorMetres?: number;
  readonly elevationScale?: number;
  /** Concurrent tile requests (default 6). */
  readonly maximumRequests?: number;
  /** Called with each tile error (default: `console.warn`). */
  readonly onTileError?: ((error: unknown) => void) | null;
  /** Called when every tile of the view is loaded, with their indices (level = index into the set's matrices, or the XYZ zoom for PM). */
  readonly onTilesLoad?: ((tiles: WmtsTileIndex[]) => void) | null;
}

const defaultProps: DefaultProps<TerrainTileLayerProps> = {
  elevation: { type: 'object', value: null, compare: false },
  tileUrl: { type: 'object', value: null, compare: true },
  tileMatrixSet: { type: 'object', value: 'PM', compare: false },
  levelOffset: { type: 'number', value: 0 },
  maximumErrorMetres: { type: 'number', value: 1, min: 0 },
  maximumPlacementErrorMetres: { type: 'number', value: 0.5 },
  elevationScale: { type: 'number', value: 1 },
  maximumRequests: { type: 'number', value: 6, min: 1 },
  onTileError: { type: 'function', value: null, optional: true },
  onTilesLoad: { type: 'function', value: null, optional: true },
};

interface TileHeader {
  index: { x: number; y: number; z: number };
  tileBounds?: [number, number, number, number];
}

/** The DEM's extent in the set's CRS, from the terrain's vertices (tiles outside it are never requested). */
function demBoundsIn(elevation: Grid, planar: Float64Array, set: WmtsTileMatrixSet): [number, number, number, number] {
  const crs = tileMatrixSetCrs(set);
  if (crs === elevation.crs) return gridBounds(elevation) as [number, number, number, number];
  // With image bounds [0, 0, 1, 1], u = x and v = 1 − y in the set's CRS.
  const inSet = imageTextureCoordinates(planar, elevation.crs, [0, 0, 1, 1], crs);
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let index = 0; index < inSet.length; index += 2) {
    minX = Math.min(minX, inSet[index] as number);
    maxX = Math.max(maxX, inSet[index] as number);
    minY = Math.min(minY, 1 - (inSet[index + 1] as number));
    maxY = Math.max(maxY, 1 - (inSet[index + 1] as number));
  }
  return [minX, minY, maxX, maxY];
}

/**
 * 3D terrain from a DEM in its own CRS with WMTS tiles draped on it — Géoplateforme orthophotos or Plan IGN,
 * in the `PM` (Web Mercator) or `LAMB93` (Lambert-93) tile matrix sets. The view's tiles are chosen through
 * the tile matrix (one texel per screen pixel); each tile textures the terrain triangles it covers, with
 * texture coordinates from the exactly reprojected vertices, so a Lambert-93 tile lands where PROJ puts it.
 *
 * @example
 * new TerrainTileLayer({
 *   id: 'ortho', elevation: dem, elevationScale: 3, tileMatrixSet: lamb93,
 *   tileUrl: 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&FORMAT=image/jpeg&TILEMATRIXSET=LAMB93_5cm&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}',
 * });
 */
export class TerrainTileLayer extends CompositeLayer<TerrainTileLayerProps> {
  static override layerName = 'TerrainTileLayer';
  static override defaultProps = defaultProps;
  declare state: { terrain: TerrainMesh | null; tilesetClass: typeof Tileset2D | null; generation: number; heightRange: [number, number] };

  override initializeState(): void {
    this.setState({ terrain: null, tilesetClass: null, generation: 0, heightRange: [0, 0] });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('TerrainTileLayer', terrainTileLayerPropsSchema, props);
    const { elevation } = props;
    const terrainChanged =
      elevation !== oldProps.elevation ||
      props.maximumErrorMetres !== oldProps.maximumErrorMetres ||
      props.maximumPlacementErrorMetres !== oldProps.maximumPlacementErrorMetres;
    if (!terrainChanged && props.tileMatrixSet === oldProps.tileMatrixSet && props.levelOffset === oldProps.levelOffset) return;
    const terrain = !elevation
      ? null
      : terrainChanged || !this.state.terrain
        ? createTerrainMesh(elevation, {
            maximumErrorMetres: props.maximumErrorMetres ?? 1,
            maximumPlacementErrorMetres: props.maximumPlacementErrorMetres ?? 0.5,
          })
        : this.state.terrain;
    const set = props.tileMatrixSet ?? 'PM';
    const tilesetClass =
      terrain && elevation && set !== 'PM'
        ? createWmtsTilesetClass(set, tileMatrixSetCrs(set), demBoundsIn(elevation, terrain.planar, set), props.levelOffset ?? 0)
        : null;
    let heightRange: [number, number] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let index = 2; index < (terrain?.positions.length ?? 0); index += 3) {
      const height = terrain?.positions[index] as number;
      heightRange = [Math.min(heightRange[0], height), Math.max(heightRange[1], height)];
    }
    // A new tileset class or terrain needs a new TileLayer (deck.gl builds its tileset once).
    this.setState({ terrain, tilesetClass, generation: this.state.generation + 1, heightRange });
  }

  /** The terrain mesh drawn (vertex and triangle counts for inspection). */
  getMesh(): TerrainMesh | null {
    return this.state.terrain;
  }

  private loadTile(tile: TileLoadProps): Promise<DrapeImage> | null {
    const template = this.props.tileUrl;
    if (!template) return null;
    const set = this.props.tileMatrixSet ?? 'PM';
    const { x, y, z } = tile.index;
    const url =
      set === 'PM'
        ? template
            .replace(/\{(TileMatrix|z)\}/gi, String(z))
            .replace(/\{(TileCol|x)\}/gi, String(x))
            .replace(/\{(TileRow|y)\}/gi, String(y))
        : tileUrl(template, set, { column: x, row: y, level: z });
    return fetchTileImage(url, tile.signal);
  }

  private tileMesh(tile: TileHeader) {
    const terrain = this.state.terrain as TerrainMesh;
    const elevation = this.props.elevation as Grid;
    const set = this.props.tileMatrixSet ?? 'PM';
    const texCoords =
      set === 'PM' || !tile.tileBounds
        ? webMercatorTileTextureCoordinates(terrain.positions, tile.index.x, tile.index.y, tile.index.z)
        : imageTextureCoordinates(terrain.planar, elevation.crs, tile.tileBounds, tileMatrixSetCrs(set));
    return tileSurfaceMesh(terrain, texCoords);
  }

  override renderLayers() {
    const { terrain, tilesetClass, generation } = this.state;
    const elevation = this.props.elevation;
    if (!terrain || !elevation || !this.props.tileUrl) return null;
    const scale = this.props.elevationScale ?? 1;
    const [lowest, highest] = this.state.heightRange;
    return new TileLayer<DrapeImage>(
      this.getSubLayerProps({
        id: `tiles-${generation}`,
        data: this.props.tileUrl,
        ...(tilesetClass ? { TilesetClass: tilesetClass } : { tileSize: 256 }),
        maxRequests: this.props.maximumRequests,
        zRange: [Math.min(lowest * scale, highest * scale), Math.max(lowest * scale, highest * scale)],
        getTileData: (tile: TileLoadProps) => this.loadTile(tile),
        onViewportLoad: (tiles: TileHeader[]) =>
          this.props.onTilesLoad?.(tiles.map(({ index }) => ({ column: index.x, row: index.y, level: index.z }))),
        onTileError: (error: unknown) => (this.props.onTileError ? this.props.onTileError(error) : console.warn(error)),
        updateTriggers: { renderSubLayers: [scale] },
        renderSubLayers: (props: { id: string; data: DrapeImage | null; tile: TileHeader }) => {
          const mesh = props.data ? this.tileMesh(props.tile) : null;
          if (!mesh || !props.data) return null;
          return new GridSurfaceLayer({
            id: `${props.id}-surface`,
            mesh,
            grid: null,
            image: props.data,
            clipImage: true,
            elevationScale: scale,
            parameters: { depthCompare: 'less-equal' },
          });
        },
      }),
    );
  }
}
