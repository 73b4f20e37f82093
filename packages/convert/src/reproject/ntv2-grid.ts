import { JumeauError } from '@jumeau/core';

/**
 * One NTv2 sub-grid: a regular lattice of latitude and longitude shifts (radians, east-positive) with rows from
 * south to north and columns from west to east.
 */
export interface Ntv2Subgrid {
  readonly name: string;
  readonly southRadians: number;
  readonly westRadians: number;
  readonly latitudeStepRadians: number;
  readonly longitudeStepRadians: number;
  readonly rows: number;
  readonly columns: number;
  /** Interleaved [latitude shift, longitude shift] per node, radians, row-major from the south-west corner. */
  readonly shiftsRadians: Float32Array;
}

/** A parsed NTv2 (`.gsb`) horizontal shift grid, such as IGN's `ntf_r93.gsb` (NTF → RGF93). */
export interface Ntv2Grid {
  readonly sourceDatum: string;
  readonly targetDatum: string;
  readonly subgrids: readonly Ntv2Subgrid[];
}

const RECORD_BYTES = 16;
const RADIANS_PER_ARC_SECOND = Math.PI / 180 / 3600;

function readLabel(view: DataView, offset: number): string {
  let text = '';
  for (let index = 0; index < 8; index += 1) text += String.fromCharCode(view.getUint8(offset + index));
  return text.trim();
}

function expectLabel(view: DataView, offset: number, label: string): void {
  if (offset + RECORD_BYTES > view.byteLength || readLabel(view, offset) !== label) {
    throw new JumeauError('format', `Not an NTv2 grid: expected the record ${label} at byte ${offset}`, { details: { offset, label } });
  }
}

function readSubgrid(view: DataView, start: number, littleEndian: boolean): { subgrid: Ntv2Subgrid; end: number } {
  const value = (record: number) => view.getFloat64(start + record * RECORD_BYTES + 8, littleEndian);
  expectLabel(view, start, 'SUB_NAME');
  expectLabel(view, start + 10 * RECORD_BYTES, 'GS_COUNT');
  const [south, north, east, west, latitudeStep, longitudeStep] = [4, 5, 6, 7, 8, 9].map(value) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const rows = Math.round((north - south) / latitudeStep) + 1;
  const columns = Math.round((west - east) / longitudeStep) + 1;
  const count = view.getInt32(start + 10 * RECORD_BYTES + 8, littleEndian);
  const dataStart = start + 11 * RECORD_BYTES;
  if (count !== rows * columns || dataStart + count * RECORD_BYTES > view.byteLength) {
    throw new JumeauError(
      'format',
      `NTv2 sub-grid ${readLabel(view, start + 8)}: ${count} nodes do not fill ${rows} × ${columns} or the file is truncated`,
    );
  }
  const shiftsRadians = new Float32Array(count * 2);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      // Files store longitudes positive west, each row from east to west: flip both to east-positive, west-first.
      const record = dataStart + (row * columns + (columns - 1 - column)) * RECORD_BYTES;
      const node = (row * columns + column) * 2;
      shiftsRadians[node] = view.getFloat32(record, littleEndian) * RADIANS_PER_ARC_SECOND;
      shiftsRadians[node + 1] = -view.getFloat32(record + 4, littleEndian) * RADIANS_PER_ARC_SECOND;
    }
  }
  const subgrid: Ntv2Subgrid = {
    name: readLabel(view, start + 8),
    southRadians: south * RADIANS_PER_ARC_SECOND,
    westRadians: -west * RADIANS_PER_ARC_SECOND,
    latitudeStepRadians: latitudeStep * RADIANS_PER_ARC_SECOND,
    longitudeStepRadians: longitudeStep * RADIANS_PER_ARC_SECOND,
    rows,
    columns,
    shiftsRadians,
  };
  return { subgrid, end: dataStart + count * RECORD_BYTES };
}

/**
 * Parses an NTv2 grid file (either byte order; units must be seconds of arc). Throws `format` on anything else.
 *
 * @example
 * ```ts
 * const grid = parseNtv2(await readFile('/usr/share/proj/ntf_r93.gsb'));
 * grid.sourceDatum // "NTF"
 * ```
 */
export function parseNtv2(bytes: Uint8Array | ArrayBuffer): Ntv2Grid {
  const view = bytes instanceof ArrayBuffer ? new DataView(bytes) : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expectLabel(view, 0, 'NUM_OREC');
  const littleEndian = view.getInt32(8, true) === 11;
  if (view.getInt32(8, littleEndian) !== 11) throw new JumeauError('format', 'Not an NTv2 grid: NUM_OREC is not 11');
  const subgridCount = view.getInt32(2 * RECORD_BYTES + 8, littleEndian);
  const units = readLabel(view, 3 * RECORD_BYTES + 8);
  if (units !== 'SECONDS') throw new JumeauError('unsupported', `NTv2 grids in ${units} are not supported (only SECONDS)`);
  const subgrids: Ntv2Subgrid[] = [];
  let offset = 11 * RECORD_BYTES;
  for (let index = 0; index < subgridCount; index += 1) {
    const { subgrid, end } = readSubgrid(view, offset, littleEndian);
    subgrids.push(subgrid);
    offset = end;
  }
  return { sourceDatum: readLabel(view, 5 * RECORD_BYTES + 8), targetDatum: readLabel(view, 6 * RECORD_BYTES + 8), subgrids };
}
