import { type FeatureTable, JumeauError } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { ArcLayer } from '@deck.gl/layers';
import { type Colormap, colorForValue, colormapTable } from '../colormap/colormaps.js';
import { ringCentroids } from '../features/centroids.js';
import { featureRings } from '../features/footprints.js';
import { flowLayerPropsSchema, validateProps } from './props-schemas.js';

/** Origin–destination flows between the rows of a places table (struct of arrays). */
export interface Flows {
  /** Row of the origin place, per flow. */
  readonly origins: Int32Array;
  /** Row of the destination place, per flow. */
  readonly destinations: Int32Array;
  /** Number of people (or trips) per flow. */
  readonly counts: Float64Array;
}

/** A flow under the pointer. */
export interface PickedFlow {
  readonly flow: number;
  readonly origin: number;
  readonly destination: number;
  readonly count: number;
}

/** Props of {@link FlowLayer}. */
export interface FlowLayerProps extends CompositeLayerProps {
  /** Places (communes as polygons, or points) in any CRS: arcs join their centroids. */
  readonly places: FeatureTable | null;
  readonly flows: Flows | null;
  /** Flows below this count are not drawn (default 0). */
  readonly minimumCount?: number;
  /** Draw flows from a place to itself (default false). */
  readonly includeInternal?: boolean;
  /** Width of the largest flow, pixels (default 12); widths are proportional to counts. */
  readonly maximumWidthPixels?: number;
  readonly colormap?: Colormap;
  /** Arc height relative to its length (deck.gl ArcLayer `getHeight`, default 0.5). */
  readonly arcHeight?: number;
}

const defaultProps: DefaultProps<FlowLayerProps> = {
  places: { type: 'object', value: null, compare: false },
  flows: { type: 'object', value: null, compare: false },
  minimumCount: { type: 'number', value: 0, min: 0 },
  includeInternal: false,
  maximumWidthPixels: { type: 'number', value: 12, min: 0 },
  colormap: { type: 'object', value: 'plasma', compare: true },
  arcHeight: { type: 'number', value: 0.5 },
};

interface FlowArcs {
  readonly flowIndices: Int32Array;
  readonly sources: Float64Array;
  readonly targets: Float64Array;
  readonly widths: Float32Array;
  readonly colors: Uint8Array;
}

/**
 * Flows kept (count ≥ minimum, not internal unless asked), smallest first so big arcs draw on top, with their ends, widths and colours.
 *
 * @example
 * const arcs = selectFlows(centroids, flows, { minimumCount: 100 });
 */
export function selectFlows(
  centroids: Float64Array,
  flows: Flows,
  options: { minimumCount?: number; includeInternal?: boolean; maximumWidthPixels?: number; colormap?: Colormap } = {},
): FlowArcs {
  const { minimumCount = 0, includeInternal = false, maximumWidthPixels = 12, colormap = 'plasma' } = options;
  if (flows.destinations.length !== flows.origins.length || flows.counts.length !== flows.origins.length) {
    throw new JumeauError(
      'input',
      `origins, destinations and counts must have one entry per flow (${flows.origins.length}, ${flows.destinations.length}, ${flows.counts.length})`,
    );
  }
  const kept: number[] = [];
  let maximum = 0;
  for (let flow = 0; flow < flows.counts.length; flow += 1) {
    const count = flows.counts[flow] as number;
    if (!(count >= minimumCount) || count <= 0 || (!includeInternal && flows.origins[flow] === flows.destinations[flow])) continue;
    kept.push(flow);
    maximum = Math.max(maximum, count);
  }
  kept.sort((a, b) => (flows.counts[a] as number) - (flows.counts[b] as number));
  const table = colormapTable(colormap);
  const arcs = {
    flowIndices: Int32Array.from(kept),
    sources: new Float64Array(kept.length * 2),
    targets: new Float64Array(kept.length * 2),
    widths: new Float32Array(kept.length),
    colors: new Uint8Array(kept.length * 4),
  };
  kept.forEach((flow, index) => {
    const origin = flows.origins[flow] as number;
    const destination = flows.destinations[flow] as number;
    arcs.sources.set([centroids[origin * 2] as number, centroids[origin * 2 + 1] as number], index * 2);
    arcs.targets.set([centroids[destination * 2] as number, centroids[destination * 2 + 1] as number], index * 2);
    const count = flows.counts[flow] as number;
    arcs.widths[index] = Math.max((count / maximum) * maximumWidthPixels, 0.5);
    arcs.colors.set(colorForValue(count, [0, maximum], table), index * 4);
  });
  return arcs;
}

/**
 * Arcs of origin–destination flows (home–work commuting, mobility) between the centroids of places, thresholded,
 * width and colour proportional to the count. Picking gives `info.object` = { flow, origin, destination, count }.
 *
 * @example
 * new FlowLayer({ id: 'commutes', places: communes, flows, minimumCount: 500, pickable: true });
 */
export class FlowLayer extends CompositeLayer<FlowLayerProps> {
  static override layerName = 'FlowLayer';
  static override defaultProps = defaultProps;
  declare state: { centroids: Float64Array | null; arcs: FlowArcs | null };

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('FlowLayer', flowLayerPropsSchema, props);
    const { places, flows } = props;
    if (!places || !flows) {
      this.setState({ centroids: null, arcs: null });
      return;
    }
    if (places !== oldProps.places || !this.state.centroids)
      this.setState({ centroids: ringCentroids(featureRings(places, { squareSideMetres: () => 1 }), places.numRows) });
    this.setState({ arcs: selectFlows(this.state.centroids as Float64Array, flows, props) });
  }

  override getPickingInfo({ info }: { info: PickingInfo }): PickingInfo {
    const { arcs } = this.state;
    const flows = this.props.flows;
    if (!arcs || !flows || info.index < 0) return info;
    const flow = arcs.flowIndices[info.index] as number;
    const picked: PickedFlow = {
      flow,
      origin: flows.origins[flow] as number,
      destination: flows.destinations[flow] as number,
      count: flows.counts[flow] as number,
    };
    return Object.assign(info, { object: picked });
  }

  override renderLayers() {
    const { arcs } = this.state;
    if (!arcs) return null;
    return new ArcLayer(
      this.getSubLayerProps({
        id: 'arcs',
        data: {
          length: arcs.flowIndices.length,
          attributes: {
            getSourcePosition: { value: arcs.sources, size: 2 },
            getTargetPosition: { value: arcs.targets, size: 2 },
            getWidth: { value: arcs.widths, size: 1 },
            getSourceColor: { value: arcs.colors, size: 4, normalized: true },
            getTargetColor: { value: arcs.colors, size: 4, normalized: true },
          },
        },
        getHeight: this.props.arcHeight,
        widthUnits: 'pixels',
        updateTriggers: { getWidth: arcs, getSourceColor: arcs },
      }),
    );
  }
}
