import type { Grid } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type UpdateParameters } from '@deck.gl/core';
import type { Colormap } from '../colormap/colormaps.js';
import { GridMeshLayer } from './grid-mesh-layer.js';
import { arrivalTimeLayerPropsSchema, validateProps } from './props-schemas.js';

/** Props of {@link ArrivalTimeLayer}. */
export interface ArrivalTimeLayerProps extends CompositeLayerProps {
  /** Arrival time of the front (fire, flood) per cell, in seconds from the start; nodata = never reached. */
  readonly arrivalTime: Grid | null;
  /** Cells whose arrival time exceeds it are hidden, seconds. */
  readonly currentTimeSeconds?: number;
  /** Isochrone lines every `isochroneIntervalSeconds` (0: none; default 3 600 s). */
  readonly isochroneIntervalSeconds?: number;
  readonly isochroneColor?: readonly [number, number, number, number?];
  readonly isochroneWidthPixels?: number;
  readonly colormap?: Colormap;
  /** Times at the colormap ends, seconds (default: the grid's range). */
  readonly valueRange?: readonly [number, number] | null;
  readonly maximumErrorMetres?: number;
}

const defaultProps: DefaultProps<ArrivalTimeLayerProps> = {
  arrivalTime: { type: 'object', value: null, compare: false },
  currentTimeSeconds: { type: 'number', value: 3.0e38 },
  isochroneIntervalSeconds: { type: 'number', value: 3600, min: 0 },
  isochroneColor: { type: 'color', value: [30, 30, 30, 255] },
  isochroneWidthPixels: { type: 'number', value: 1.5, min: 0 },
  colormap: { type: 'object', value: 'inferno', compare: true },
  valueRange: { type: 'object', value: null, compare: true },
  maximumErrorMetres: { type: 'number', value: 0.25 },
};

/**
 * An arrival-time grid revealed up to `currentTimeSeconds` — animate the spread of a fire or a flood by
 * changing one number, nothing is recomputed on the CPU — with isochrone lines drawn on the GPU from the
 * bilinearly interpolated times.
 *
 * @example
 * new ArrivalTimeLayer({ id: 'fire', arrivalTime, currentTimeSeconds: 2 * 3600, isochroneIntervalSeconds: 1800 });
 */
export class ArrivalTimeLayer extends CompositeLayer<ArrivalTimeLayerProps> {
  static override layerName = 'ArrivalTimeLayer';
  static override defaultProps = defaultProps;

  override updateState({ props }: UpdateParameters<this>): void {
    validateProps('ArrivalTimeLayer', arrivalTimeLayerPropsSchema, props);
  }

  override renderLayers() {
    const { arrivalTime } = this.props;
    if (!arrivalTime) return null;
    return new GridMeshLayer(
      this.getSubLayerProps({
        id: 'arrival',
        grid: arrivalTime,
        colormap: this.props.colormap,
        valueRange: this.props.valueRange,
        maximumErrorMetres: this.props.maximumErrorMetres,
        interpolation: 'bilinear',
        revealUpTo: this.props.currentTimeSeconds,
        contourInterval: this.props.isochroneIntervalSeconds,
        contourColor: this.props.isochroneColor,
        updateTriggers: { revealUpTo: this.props.currentTimeSeconds },
      }),
    );
  }
}
