import { type Grid, JumeauError, createGridLike, isNodata } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type UpdateParameters } from '@deck.gl/core';
import type { Colormap } from '../colormap/colormaps.js';
import { type SurfaceMesh, createGridMesh } from '../mesh/grid-mesh.js';
import { mixElevations, transitionProgress } from '../mesh/transition.js';
import { GridSurfaceLayer } from './grid-surface-layer.js';
import { floodLayerPropsSchema, validateProps } from './props-schemas.js';

/** Props of {@link FloodLayer}. */
export interface FloodLayerProps extends CompositeLayerProps {
  /** Water depth in metres (nodata or ≤ `minimumDepthMetres` = dry), any CRS. */
  readonly depth: Grid | null;
  /** Ground heights in metres on the same grid: the water surface is drawn at ground + depth (3D); null → flat. */
  readonly terrain?: Grid | null;
  readonly colormap?: Colormap;
  /** Depths at the two ends of the colormap, metres (default [0, 3]). */
  readonly valueRange?: readonly [number, number];
  /** Depths at or below it are dry (default 0.01 m). */
  readonly minimumDepthMetres?: number;
  /** Duration of the cross-fade when `depth` changes (scenario, time step), ms (default 600; 0: none). */
  readonly transitionDurationMilliseconds?: number;
  readonly elevationScale?: number;
  readonly maximumErrorMetres?: number;
  /** Opacity of the water (default 0.85). */
  readonly waterOpacity?: number;
}

const defaultProps: DefaultProps<FloodLayerProps> = {
  depth: { type: 'object', value: null, compare: false },
  terrain: { type: 'object', value: null, compare: false },
  colormap: { type: 'object', value: 'blues', compare: true },
  valueRange: { type: 'array', value: [0, 3], compare: true },
  minimumDepthMetres: { type: 'number', value: 0.01, min: 0 },
  transitionDurationMilliseconds: { type: 'number', value: 600, min: 0 },
  elevationScale: { type: 'number', value: 1 },
  maximumErrorMetres: { type: 'number', value: 0.25 },
  waterOpacity: { type: 'number', value: 0.85, min: 0, max: 1 },
};

interface FloodState {
  wet: Grid | null;
  previousWet: Grid | null;
  mesh: SurfaceMesh | null;
  previousMesh: SurfaceMesh | null;
  startMilliseconds: number;
  progress: number;
  frame: number;
  [key: string]: unknown;
}

/** The depth grid with dry cells (≤ minimum depth, nodata, NaN) as nodata. */
export function wetDepth(depth: Grid, minimumDepthMetres: number): Grid<Float32Array> {
  const wet = createGridLike<Float32Array>(depth, { dataType: 'float32', nodata: -9999, units: 'm' });
  for (let index = 0; index < depth.data.length; index += 1) {
    const value = depth.data[index] as number;
    wet.data[index] = isNodata(value, depth.nodata) || value <= minimumDepthMetres ? -9999 : value;
  }
  return wet;
}

/** The water surface height (ground + depth, m) of wet cells, nodata elsewhere. */
export function waterSurface(wet: Grid, terrain: Grid): Grid<Float32Array> {
  if (terrain.width !== wet.width || terrain.height !== wet.height || terrain.crs !== wet.crs) {
    throw new JumeauError(
      'input',
      `The terrain (${terrain.width}×${terrain.height}) must be the grid of the depths (${wet.width}×${wet.height})`,
      {
        details: { terrain: [terrain.width, terrain.height], depth: [wet.width, wet.height] },
      },
    );
  }
  const surface = createGridLike<Float32Array>(wet, { dataType: 'float32', nodata: -9999, units: 'm' });
  for (let index = 0; index < wet.data.length; index += 1) {
    const depth = wet.data[index] as number;
    surface.data[index] = depth === -9999 ? -9999 : (terrain.data[index] as number) + depth;
  }
  return surface;
}

/**
 * The water of a flood: wet cells of a depth grid drawn at their level (ground + depth, when a terrain is
 * given) and coloured by depth; dry cells transparent. When `depth` changes (another time step or
 * scenario on the same grid), colours and levels cross-fade over `transitionDurationMilliseconds`.
 *
 * @example
 * new FloodLayer({ id: 'flood', depth: maximumDepth, terrain: dem, valueRange: [0, 2], elevationScale: 3 });
 */
export class FloodLayer extends CompositeLayer<FloodLayerProps> {
  static override layerName = 'FloodLayer';
  static override defaultProps = defaultProps;
  declare state: FloodState;

  override initializeState(): void {
    this.setState({ wet: null, previousWet: null, mesh: null, previousMesh: null, startMilliseconds: 0, progress: 1, frame: 0 });
  }

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('FloodLayer', floodLayerPropsSchema, props);
    if (props.depth === oldProps.depth && props.terrain === oldProps.terrain && props.minimumDepthMetres === oldProps.minimumDepthMetres)
      return;
    const wet = props.depth ? wetDepth(props.depth, props.minimumDepthMetres ?? 0.01) : null;
    const elevation = wet && props.terrain ? waterSurface(wet, props.terrain) : null;
    const mesh = wet ? createGridMesh(wet, { maximumErrorMetres: props.maximumErrorMetres ?? 0.25, elevation }) : null;
    const sameGrid = this.state.wet && wet && this.state.wet.width === wet.width && this.state.wet.height === wet.height;
    const animate = Boolean(sameGrid) && (props.transitionDurationMilliseconds ?? 0) > 0;
    this.setState({
      previousWet: animate ? this.state.wet : null,
      previousMesh: animate ? this.state.mesh : null,
      wet,
      mesh,
      startMilliseconds: performance.now(),
      progress: animate ? 0 : 1,
    });
    if (animate) this.animate();
  }

  private animate(): void {
    cancelAnimationFrame(this.state.frame);
    const step = () => {
      const progress = transitionProgress(this.state.startMilliseconds, performance.now(), this.props.transitionDurationMilliseconds ?? 0);
      this.setState({ progress, frame: progress < 1 ? requestAnimationFrame(step) : 0 });
    };
    this.setState({ frame: requestAnimationFrame(step) });
  }

  override finalizeState(context: Parameters<CompositeLayer['finalizeState']>[0]): void {
    cancelAnimationFrame(this.state.frame);
    super.finalizeState(context);
  }

  override renderLayers() {
    const { wet, previousWet, mesh, previousMesh, progress } = this.state;
    if (!wet || !mesh) return null;
    const transitioning = progress < 1 && previousWet !== null;
    const positions = transitioning && previousMesh ? mixElevations(previousMesh.positions, mesh.positions, progress) : mesh.positions;
    return new GridSurfaceLayer(
      this.getSubLayerProps({
        id: 'water',
        mesh: positions === mesh.positions ? mesh : { ...mesh, positions },
        grid: wet,
        previousGrid: transitioning ? previousWet : null,
        transitionProgress: progress,
        colormap: this.props.colormap,
        valueRange: this.props.valueRange,
        elevationScale: this.props.elevationScale,
        valueOpacity: this.props.waterOpacity,
        parameters: { depthCompare: 'less-equal' },
      }),
    );
  }
}
