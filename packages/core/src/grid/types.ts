/** The typed arrays a {@link Grid} may hold. */
export type GridArray = Float32Array | Float64Array | Int16Array | Int32Array | Uint8Array | Uint16Array;

/** The element type of a grid, by name (these names are also the wire names in Arrow metadata). */
export type GridDataType = 'float32' | 'float64' | 'int16' | 'int32' | 'uint8' | 'uint16';

/**
 * An affine transform in GDAL order: `[originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight]`.
 * World coordinates of the top-left corner of cell (column, row) are
 * `x = t[0] + column·t[1] + row·t[2]`, `y = t[3] + column·t[4] + row·t[5]`. North-up grids have
 * `t[2] = t[4] = 0` and a negative `t[5]`.
 */
export type GeoTransform = readonly [number, number, number, number, number, number];

/**
 * A georeferenced single-band raster. A plain object: it crosses worker boundaries as is (with `data.buffer`
 * transferred) and is never mutated by Jumeau's functions unless a function says so.
 */
export interface Grid<T extends GridArray = GridArray> {
  /** Number of columns. */
  readonly width: number;
  /** Number of rows. */
  readonly height: number;
  /** Affine transform, GDAL order, in the units of {@link Grid.crs}. */
  readonly transform: GeoTransform;
  /** EPSG code of the horizontal CRS. */
  readonly crs: number;
  /** The value meaning "no data", or null when every cell is valid. NaN is always treated as no data too. */
  readonly nodata: number | null;
  /** Vertical datum of the values when they are heights, e.g. "NGF-IGN69"; null otherwise. */
  readonly verticalDatum: string | null;
  /** Units of the values, e.g. "m", "inhabitants", "m/s"; null when unitless or unknown. */
  readonly units: string | null;
  /** Row-major values, `width × height` of them; row 0 is the top (first) row. */
  readonly data: T;
}

/** A window of a grid in cell units: the top-left cell and the size. */
export interface CellWindow {
  readonly column: number;
  readonly row: number;
  readonly width: number;
  readonly height: number;
}

/** Bounds of a grid in its CRS: `[minX, minY, maxX, maxY]`. */
export type Bounds = readonly [minX: number, minY: number, maxX: number, maxY: number];
