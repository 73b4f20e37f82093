import { type FeatureTable, JumeauError, describeGeometryColumn } from '@jumeau/core';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { Colormap } from '../colormap/colormaps.js';
import { tableRow } from '../features/columns.js';
import { type FlatRings, featureRings } from '../features/footprints.js';
import { colorVertices } from '../features/ring-attributes.js';
import { featureLayerPropsSchema, validateProps } from './props-schemas.js';

/** A time series of one value per table row and per day: `values[day · rowCount + row]`. */
export interface DailySeries {
  readonly values: Float32Array | Float64Array;
  readonly dayCount: number;
}

/** Props of {@link ChoroplethLayer}. */
export interface ChoroplethLayerProps extends CompositeLayerProps {
  /** Areas (communes, départements…) as polygons in any CRS. */
  readonly table: FeatureTable | null;
  readonly series: DailySeries | null;
  /** The day shown (0-based; fractional days interpolate linearly between two days). */
  readonly day?: number;
  readonly colormap?: Colormap;
  readonly valueRange?: readonly [number, number];
  /** RGBA of areas whose value is NaN. */
  readonly noValueColor?: readonly [number, number, number, number?];
}

const defaultProps: DefaultProps<ChoroplethLayerProps> = {
  table: { type: 'object', value: null, compare: false },
  series: { type: 'object', value: null, compare: false },
  day: { type: 'number', value: 0 },
  colormap: { type: 'object', value: 'yellow-orange-red', compare: true },
  valueRange: { type: 'array', value: [0, 1], compare: true },
  noValueColor: { type: 'color', value: [220, 220, 220, 255] },
};

/**
 * The values of row `row`'s series at fractional `day`, linearly interpolated, clamped to the series.
 *
 * @example
 * seriesValueAt({ values, dayCount: 30 }, rowCount, 12.5); // Float64Array of rowCount values
 */
export function seriesValuesAt(series: DailySeries, rowCount: number, day: number): Float64Array {
  if (series.values.length !== series.dayCount * rowCount) {
    throw new JumeauError(
      'input',
      `The series holds ${series.values.length} values, expected dayCount × rows = ${series.dayCount} × ${rowCount}`,
      {
        details: { values: series.values.length, dayCount: series.dayCount, rowCount },
      },
    );
  }
  const clamped = Math.min(Math.max(day, 0), series.dayCount - 1);
  const before = Math.floor(clamped);
  const after = Math.min(before + 1, series.dayCount - 1);
  const weight = clamped - before;
  const values = new Float64Array(rowCount);
  for (let row = 0; row < rowCount; row += 1) {
    const a = series.values[before * rowCount + row] as number;
    const b = series.values[after * rowCount + row] as number;
    values[row] = weight === 0 ? a : a + (b - a) * weight;
  }
  return values;
}

/**
 * Areas of a feature table coloured by a daily time series at `day` (epidemic incidence, population present…).
 * Geometry is reprojected once; changing `day` only recolours. Picking returns the row (`info.index`, `info.object`).
 *
 * @example
 * new ChoroplethLayer({ id: 'incidence', table: communes, series: { values, dayCount: 60 }, day, valueRange: [0, 500] });
 */
export class ChoroplethLayer extends CompositeLayer<ChoroplethLayerProps> {
  static override layerName = 'ChoroplethLayer';
  static override defaultProps = defaultProps;
  declare state: { rings: FlatRings | null; colors: Uint8Array; geometryColumn: string };

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('ChoroplethLayer', featureLayerPropsSchema, props);
    const { table, series } = props;
    if (!table) {
      this.setState({ rings: null });
      return;
    }
    if (table !== oldProps.table) this.setState({ rings: featureRings(table), geometryColumn: describeGeometryColumn(table).name });
    const rings = this.state.rings as FlatRings;
    const changed = ['table', 'series', 'day', 'colormap', 'valueRange', 'noValueColor'].some(
      (key) => props[key as 'day'] !== oldProps[key as 'day'],
    );
    if (changed) {
      const values = series ? seriesValuesAt(series, table.numRows, props.day ?? 0) : null;
      this.setState({
        colors: colorVertices(
          rings,
          values,
          props.colormap ?? 'yellow-orange-red',
          props.valueRange ?? [0, 1],
          props.noValueColor ?? [220, 220, 220, 255],
        ),
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

  override renderLayers() {
    const { rings, colors } = this.state;
    if (!rings) return null;
    return new SolidPolygonLayer(
      this.getSubLayerProps({
        id: 'areas',
        data: {
          length: rings.ringRows.length,
          startIndices: rings.startIndices,
          attributes: {
            getPolygon: { value: rings.positions, size: 2 },
            getFillColor: { value: colors, size: 4, normalized: true },
            // Polygons with holes come triangulated (holes cut out); without, deck.gl triangulates each ring.
            ...(rings.indices ? { indices: { value: rings.indices, size: 1 } } : {}),
          },
        },
        _normalize: false,
        _windingOrder: 'CCW',
        extruded: false,
        updateTriggers: { getFillColor: colors },
      }),
    );
  }
}
