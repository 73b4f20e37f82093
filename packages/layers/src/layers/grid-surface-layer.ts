import type { Grid } from '@jumeau/core';
import { type DefaultProps, Layer, type LayerProps, type PickingInfo, type UpdateParameters, picking, project32 } from '@deck.gl/core';
import type { Texture } from '@luma.gl/core';
import { Model } from '@luma.gl/engine';
import { type Colormap, colormapTable } from '../colormap/colormaps.js';
import type { SurfaceMesh } from '../mesh/grid-mesh.js';
import { createEmptyValueTexture, createRgbaTexture, createValueTexture } from './grid-textures.js';
import { gridSurfaceFragmentShader, gridSurfaceUniforms, gridSurfaceVertexShader } from './grid-surface-shaders.js';

/** An RGBA image draped over a surface: `width × height` pixels, row 0 at texture coordinate v = 0. */
export interface DrapeImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The cell under the pointer, added to deck.gl's picking info by the grid layers. */
export interface PickedCell {
  readonly column: number;
  readonly row: number;
  /** The cell's value in the grid's units, or null for nodata. */
  readonly value: number | null;
}

/** Props of {@link GridSurfaceLayer}. */
export interface GridSurfaceLayerProps extends LayerProps {
  /** The mesh to draw (longitude/latitude/metres positions and texture coordinates into `grid`). */
  readonly mesh: SurfaceMesh | null;
  /** The grid whose values colour the surface (and that picking reports); texture coordinates index it. */
  readonly grid: Grid | null;
  /** A grid of the same size to transition from (animated through `transitionProgress`). */
  readonly previousGrid?: Grid | null;
  /** 0 → shows `previousGrid`, 1 → shows `grid`; values are interpolated cell by cell. */
  readonly transitionProgress?: number;
  /** An RGBA drape drawn instead of the coloured values. */
  readonly image?: DrapeImage | null;
  readonly colormap?: Colormap;
  /** Values mapped to the two ends of the colormap, in the grid's units. */
  readonly valueRange?: readonly [number, number];
  /** Cells whose value exceeds it are not drawn (e.g. arrival time > current time). */
  readonly revealUpTo?: number;
  /** Interval between contour lines in the grid's units (0: none). */
  readonly contourInterval?: number;
  readonly contourWidthPixels?: number;
  readonly contourColor?: readonly [number, number, number, number?];
  /** Multiplies the mesh heights (vertical exaggeration). */
  readonly elevationScale?: number;
  /** `nearest` draws flat cells; `bilinear` interpolates between cell centres (smooth contours). */
  readonly interpolation?: 'nearest' | 'bilinear';
  /** Opacity of the coloured values (0–1), on top of the layer's `opacity`. */
  readonly valueOpacity?: number;
  /** Draw `image` only where texture coordinates fall inside [0, 1)² (a tile of a mosaic); default false (edges extend). */
  readonly clipImage?: boolean;
}

const defaultProps: DefaultProps<GridSurfaceLayerProps> = {
  mesh: { type: 'object', value: null, compare: false },
  grid: { type: 'object', value: null, compare: false },
  previousGrid: { type: 'object', value: null, compare: false },
  transitionProgress: { type: 'number', value: 1, min: 0, max: 1 },
  image: { type: 'object', value: null, compare: false },
  colormap: { type: 'object', value: 'viridis', compare: true },
  valueRange: { type: 'array', value: [0, 1], compare: true },
  revealUpTo: { type: 'number', value: 3.0e38 },
  contourInterval: { type: 'number', value: 0, min: 0 },
  contourWidthPixels: { type: 'number', value: 1.5, min: 0 },
  contourColor: { type: 'color', value: [20, 20, 20, 255] },
  elevationScale: { type: 'number', value: 1 },
  interpolation: 'nearest',
  valueOpacity: { type: 'number', value: 1, min: 0, max: 1 },
  clipImage: false,
};

interface GridSurfaceState {
  model?: Model;
  valueTexture?: Texture;
  previousTexture?: Texture;
  colormapTexture?: Texture;
  imageTexture?: Texture;
  emptyTexture?: Texture;
  [key: string]: unknown;
}

/**
 * The primitive under the grid layers: draws a reprojected mesh whose texture coordinates index a grid, each
 * fragment coloured by its cell's value through a colormap lookup table (or by a drape image), nodata cells
 * transparent. Picking reports the cell (`info.cell`) and `info.index` = row · width + column.
 *
 * @example
 * new GridSurfaceLayer({ id: 'depth', mesh: createGridMesh(depth), grid: depth, colormap: 'blues', valueRange: [0, 3] });
 */
export class GridSurfaceLayer extends Layer<GridSurfaceLayerProps> {
  static override layerName = 'GridSurfaceLayer';
  static override defaultProps = defaultProps;
  declare state: GridSurfaceState;

  override getShaders() {
    return super.getShaders({
      vs: gridSurfaceVertexShader,
      fs: gridSurfaceFragmentShader,
      modules: [project32, picking, gridSurfaceUniforms],
    });
  }

  override initializeState(): void {
    const noAlloc = true;
    this.getAttributeManager()?.add({
      indices: {
        size: 1,
        isIndexed: true,
        update: (attribute) => (attribute.value = this.props.mesh?.indices ?? new Uint32Array(0)),
        noAlloc,
      },
      positions: {
        size: 3,
        type: 'float64',
        fp64: this.use64bitPositions(),
        update: (attribute) => (attribute.value = this.props.mesh?.positions ?? new Float64Array(0)),
        noAlloc,
      },
      texCoords: { size: 2, update: (attribute) => (attribute.value = this.props.mesh?.texCoords ?? new Float32Array(0)), noAlloc },
    });
    this.setState({ emptyTexture: createEmptyValueTexture(this.context.device) });
  }

  override updateState(parameters: UpdateParameters<this>): void {
    super.updateState(parameters);
    const { props, oldProps, changeFlags } = parameters;
    const attributeManager = this.getAttributeManager();
    if (changeFlags.extensionsChanged || !this.state.model) {
      this.state.model?.destroy();
      this.setState({ model: this.createModel() });
      attributeManager?.invalidateAll();
    }
    if (props.mesh !== oldProps.mesh) {
      this.state.model?.setVertexCount(props.mesh?.indices.length ?? 0);
      attributeManager?.invalidateAll();
    }
    this.updateTextures(props, oldProps);
  }

  private updateTextures(props: GridSurfaceLayerProps, oldProps: Partial<GridSurfaceLayerProps>): void {
    const device = this.context.device;
    const replace = (key: 'valueTexture' | 'previousTexture' | 'colormapTexture' | 'imageTexture', texture: Texture | undefined) => {
      this.state[key]?.destroy();
      this.setState({ [key]: texture });
    };
    if (props.grid !== oldProps.grid) replace('valueTexture', props.grid ? createValueTexture(device, props.grid) : undefined);
    if (props.previousGrid !== oldProps.previousGrid) {
      replace('previousTexture', props.previousGrid ? createValueTexture(device, props.previousGrid) : undefined);
    }
    if (props.colormap !== oldProps.colormap || !this.state.colormapTexture) {
      replace('colormapTexture', createRgbaTexture(device, colormapTable(props.colormap ?? 'viridis'), 256, 1));
    }
    if (props.image !== oldProps.image) {
      replace(
        'imageTexture',
        props.image ? createRgbaTexture(device, props.image.data, props.image.width, props.image.height, true) : undefined,
      );
    }
  }

  override finalizeState(context: Parameters<Layer['finalizeState']>[0]): void {
    super.finalizeState(context);
    for (const key of ['valueTexture', 'previousTexture', 'colormapTexture', 'imageTexture', 'emptyTexture'] as const)
      this.state[key]?.destroy();
    this.state.model?.destroy();
  }

  override getPickingInfo({ info }: { info: PickingInfo }): PickingInfo {
    const grid = this.props.grid;
    if (!grid || !info.color || info.index < 0) return info;
    const column = info.index % grid.width;
    const row = Math.floor(info.index / grid.width);
    const raw = grid.data[info.index] as number;
    const value = raw === grid.nodata || Number.isNaN(raw) ? null : raw;
    const cell: PickedCell = { column, row, value };
    return Object.assign(info, { cell, object: cell });
  }

  private createModel(): Model {
    return new Model(this.context.device, {
      ...this.getShaders(),
      id: this.props.id,
      bufferLayout: this.getAttributeManager()?.getBufferLayouts() ?? [],
      topology: 'triangle-list',
      isInstanced: false,
    });
  }

  override draw(): void {
    const { model, valueTexture, previousTexture, colormapTexture, imageTexture, emptyTexture } = this.state;
    const props = this.props;
    if (!model || !props.mesh || !emptyTexture || !colormapTexture || (!valueTexture && !imageTexture)) return;
    const contourColor = props.contourColor ?? [20, 20, 20, 255];
    model.shaderInputs.setProps({
      gridSurface: {
        valueRange: props.valueRange,
        mode: imageTexture ? 1 : 0,
        revealUpTo: props.revealUpTo,
        contourInterval: props.contourInterval,
        contourWidthPixels: props.contourWidthPixels,
        contourColor: [contourColor[0] / 255, contourColor[1] / 255, contourColor[2] / 255, (contourColor[3] ?? 255) / 255],
        elevationScale: props.elevationScale,
        interpolation: props.interpolation === 'bilinear' ? 1 : 0,
        transitionProgress: props.transitionProgress,
        hasPrevious: previousTexture ? 1 : 0,
        valueOpacity: props.valueOpacity,
        clipImage: props.clipImage ? 1 : 0,
      },
    });
    model.setBindings({
      valueTexture: valueTexture ?? emptyTexture,
      previousValueTexture: previousTexture ?? emptyTexture,
      colormapTexture,
      imageTexture: imageTexture ?? createRgbaFallback(this),
    });
    model.draw(this.context.renderPass);
  }
}

function createRgbaFallback(layer: GridSurfaceLayer): Texture {
  const state = layer.state as GridSurfaceState & { fallbackImage?: Texture };
  if (!state.fallbackImage) state.fallbackImage = createRgbaTexture(layer.context.device, new Uint8Array(4), 1, 1);
  return state.fallbackImage;
}
