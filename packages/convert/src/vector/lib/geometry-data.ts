import { Float64, makeData, type Data, type DataType } from 'apache-arrow';

/**
 * Rebuilds a GeoArrow geometry column's Data with new vertices: `levelOffsets` from the outermost level to the
 * innermost (which indexes vertices), interleaved `coordinates`, and the row validity of the original column.
 * `storageType` is the field's Arrow type (nested lists over a fixed-size list of doubles).
 */
export function buildGeometryData(
  storageType: DataType,
  levelOffsets: readonly Int32Array[],
  coordinates: Float64Array,
  stride: number,
  isValid: (row: number) => boolean,
  rowCount: number,
): Data {
  const types: DataType[] = [storageType];
  for (let level = 0; level < levelOffsets.length; level += 1) types.push((types[level] as DataType).children[0]?.type as DataType);
  const vertexCount = coordinates.length / stride;
  const pointType = types[levelOffsets.length] as DataType;
  const validity = new Uint8Array(Math.ceil(rowCount / 8));
  let nullCount = 0;
  for (let row = 0; row < rowCount; row += 1) {
    if (isValid(row)) validity[row >> 3] = (validity[row >> 3] as number) | (1 << (row & 7));
    else nullCount += 1;
  }
  // A point column has no offsets level: its rows are the points, so the validity goes on them.
  const pointNulls = levelOffsets.length === 0 && nullCount > 0;
  let data: Data = makeData({
    type: pointType as never,
    length: vertexCount,
    nullCount: pointNulls ? nullCount : 0,
    ...(pointNulls ? { nullBitmap: validity } : {}),
    child: makeData({ type: new Float64(), length: coordinates.length, nullCount: 0, data: coordinates }),
  } as never);
  for (let level = levelOffsets.length - 1; level >= 0; level -= 1) {
    const offsets = levelOffsets[level] as Int32Array;
    data = makeData({
      type: types[level] as never,
      length: offsets.length - 1,
      nullCount: level === 0 ? nullCount : 0,
      ...(level === 0 && nullCount > 0 ? { nullBitmap: validity } : {}),
      valueOffsets: offsets,
      child: data,
    });
  }
  return data;
}
