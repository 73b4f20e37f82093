import { type Bounds, type CellWindow, type GeoTransform, JumeauError, cellToWorld, windowForBounds } from '@jumeau/core';
import type { GeoTIFFInfo } from './geotiff-info.js';
import type { TiffImage } from './tiff-image.js';

/** The level chosen and the cells to read from it. Internal. */
export interface ReadPlan {
  readonly levelIndex: number;
  readonly image: TiffImage;
  readonly window: CellWindow;
  /** Transform of the window's grid. */
  readonly transform: GeoTransform;
}

/** What selects the level and the window (see ReadGeoTIFFOptions). */
export interface PlanRequest {
  readonly window?: CellWindow | undefined;
  readonly bounds?: Bounds | undefined;
  readonly overview?: number | undefined;
  readonly resolution?: number | undefined;
}

/** Picks the level (explicit overview, or the coarsest whose cell size is ≤ `resolution`) and the window in it. */
export function planRead(info: GeoTIFFInfo, transform: GeoTransform, levels: readonly TiffImage[], request: PlanRequest): ReadPlan {
  const levelIndex = chooseLevel(info, transform, levels, request);
  const image = levels[levelIndex] as TiffImage;
  const scaleX = info.width / image.width;
  const scaleY = info.height / image.height;
  const levelTransform: GeoTransform = [
    transform[0],
    transform[1] * scaleX,
    transform[2] * scaleY,
    transform[3],
    transform[4] * scaleX,
    transform[5] * scaleY,
  ];
  const window = levelWindow(image, levelTransform, scaleX, scaleY, request);
  const [x, y] = cellToWorld(levelTransform, window.column, window.row);
  return { levelIndex, image, window, transform: [x, levelTransform[1], levelTransform[2], y, levelTransform[4], levelTransform[5]] };
}

function chooseLevel(info: GeoTIFFInfo, transform: GeoTransform, levels: readonly TiffImage[], request: PlanRequest): number {
  if (request.overview !== undefined && request.resolution !== undefined) {
    throw new JumeauError('input', 'Give either overview or resolution, not both', { details: { overview: request.overview } });
  }
  if (request.overview !== undefined) {
    if (request.overview >= levels.length) {
      throw new JumeauError('input', `Overview ${request.overview} does not exist: the file has ${levels.length - 1} overview(s)`, {
        details: { overview: request.overview, overviews: levels.length - 1 },
      });
    }
    return request.overview;
  }
  if (request.resolution === undefined) return 0;
  const fullCellSize = Math.hypot(transform[1], transform[4]);
  let chosen = 0;
  levels.forEach((image, index) => {
    const cellSize = fullCellSize * (info.width / image.width);
    if (cellSize <= request.resolution! * (1 + 1e-9)) chosen = index;
  });
  return chosen;
}

function levelWindow(image: TiffImage, levelTransform: GeoTransform, scaleX: number, scaleY: number, request: PlanRequest): CellWindow {
  if (request.window !== undefined && request.bounds !== undefined) {
    throw new JumeauError('input', 'Give either window or bounds, not both');
  }
  if (request.bounds !== undefined) {
    const window = windowForBounds({ transform: levelTransform, width: image.width, height: image.height }, request.bounds);
    if (window === null) {
      throw new JumeauError('input', `The bounds [${request.bounds.join(', ')}] do not overlap the image`, {
        details: { bounds: request.bounds.join(',') },
      });
    }
    return window;
  }
  if (request.window === undefined) return { column: 0, row: 0, width: image.width, height: image.height };
  const { column, row, width, height } = request.window;
  const fullWidth = Math.round(image.width * scaleX);
  const fullHeight = Math.round(image.height * scaleY);
  if (column + width > fullWidth || row + height > fullHeight) {
    throw new JumeauError(
      'input',
      `The window (column ${column}, row ${row}, ${width}×${height}) is not inside the ${fullWidth}×${fullHeight} image`,
      {
        details: { ...request.window },
      },
    );
  }
  const column0 = Math.floor(column / scaleX);
  const row0 = Math.floor(row / scaleY);
  const column1 = Math.min(image.width, Math.max(column0 + 1, Math.ceil((column + width) / scaleX)));
  const row1 = Math.min(image.height, Math.max(row0 + 1, Math.ceil((row + height) / scaleY)));
  return { column: column0, row: row0, width: column1 - column0, height: row1 - row0 };
}
