import { type FeatureTable, JumeauError } from '@jumeau/core';
import type { Table } from 'apache-arrow';
import { CompositeLayer, type CompositeLayerProps, type DefaultProps, type PickingInfo, type UpdateParameters } from '@deck.gl/core';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { type Colormap, colorForValue, colormapTable } from '../colormap/colormaps.js';
import { numericColumn, tableRow } from '../features/columns.js';
import { finiteRange } from './buildings-layer.js';
import { featureLayerPropsSchema, validateProps } from './props-schemas.js';

/** Props of {@link H3Layer}. */
export interface H3LayerProps extends CompositeLayerProps {
  /** An Arrow table with a column of H3 cell indexes (hex strings or uint64) and a numeric value column. */
  readonly table: Table | FeatureTable | null;
  /** Column of H3 indexes (default `h3`). */
  readonly cellColumn?: string;
  /** Column of values (default `value`). */
  readonly valueColumn?: string;
  readonly colormap?: Colormap;
  readonly valueRange?: readonly [number, number] | null;
  /** Extrude cells by value × `elevationScale` metres (default false). */
  readonly extruded?: boolean;
  readonly elevationScale?: number;
}

const defaultProps: DefaultProps<H3LayerProps> = {
  table: { type: 'object', value: null, compare: false },
  cellColumn: 'h3',
  valueColumn: 'value',
  colormap: { type: 'object', value: 'viridis', compare: true },
  valueRange: { type: 'object', value: null, compare: true },
  extruded: false,
  elevationScale: { type: 'number', value: 1 },
};

/** H3 indexes of a column as hex strings (uint64 columns are converted). */
export function h3CellsOf(table: Table, column: string): string[] {
  const vector = table.getChild(column);
  if (!vector)
    throw new JumeauError(
      'input',
      `The table has no column "${column}" (columns: ${table.schema.fields.map((field) => field.name).join(', ')})`,
      { details: { column } },
    );
  const cells: string[] = [];
  for (const value of vector) cells.push(typeof value === 'bigint' ? value.toString(16) : String(value));
  return cells;
}

/**
 * An Arrow table of H3 cells coloured (and optionally extruded) by a value column — e.g. INSEE carroyage
 * aggregated to H3. Rows are addressed by index (no per-row objects); picking returns the row.
 *
 * @example
 * new H3Layer({ id: 'population', table, cellColumn: 'h3', valueColumn: 'population', colormap: 'viridis' });
 */
export class H3Layer extends CompositeLayer<H3LayerProps> {
  static override layerName = 'H3Layer';
  static override defaultProps = defaultProps;
  declare state: { cells: string[]; values: Float64Array; colors: Uint8Array };

  override updateState({ props, oldProps }: UpdateParameters<this>): void {
    validateProps('H3Layer', featureLayerPropsSchema, props);
    const { table } = props;
    if (!table) {
      this.setState({ cells: [], values: new Float64Array(0), colors: new Uint8Array(0) });
      return;
    }
    if (table !== oldProps.table || props.cellColumn !== oldProps.cellColumn || props.valueColumn !== oldProps.valueColumn) {
      this.setState({ cells: h3CellsOf(table, props.cellColumn ?? 'h3'), values: numericColumn(table, props.valueColumn ?? 'value') });
    }
    const { values } = this.state;
    const range = props.valueRange ?? finiteRange(values);
    const lookup = colormapTable(props.colormap ?? 'viridis');
    const colors = new Uint8Array(values.length * 4);
    values.forEach((value, row) => {
      colors.set(Number.isFinite(value) ? colorForValue(value, range, lookup) : [0, 0, 0, 0], row * 4);
    });
    this.setState({ colors });
  }

  override getPickingInfo({ info }: { info: PickingInfo }): PickingInfo {
    const table = this.props.table;
    if (!table || info.index < 0) return info;
    return Object.assign(info, { object: tableRow(table, info.index, '') });
  }

  override renderLayers() {
    const { cells, values, colors } = this.state;
    if (cells.length === 0) return null;
    return new H3HexagonLayer<number>(
      this.getSubLayerProps({
        id: 'cells',
        data: { length: cells.length },
        getHexagon: (_: unknown, { index }: { index: number }) => cells[index] as string,
        getFillColor: (_: unknown, { index }: { index: number }) => [
          colors[index * 4],
          colors[index * 4 + 1],
          colors[index * 4 + 2],
          colors[index * 4 + 3],
        ],
        getElevation: (_: unknown, { index }: { index: number }) => values[index] as number,
        extruded: this.props.extruded,
        elevationScale: this.props.elevationScale,
        highPrecision: 'auto',
        updateTriggers: { getFillColor: colors, getHexagon: cells },
      }),
    );
  }
}
