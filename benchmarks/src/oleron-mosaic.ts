/**
 * The Oléron 20 m DEM (631 × 906, read with geotiff.js, independent of Jumeau's reader) and mosaics of it whose odd
 * tiles are mirrored so that the relief continues across tile edges: real 20 m relief at 10⁷–10⁸ cells.
 */
import { createGrid, type Grid } from '@jumeau/core';
import { fromFile } from 'geotiff';

export async function readDem(path: string): Promise<Grid<Float32Array>> {
  const tiff = await fromFile(path);
  const image = await tiff.getImage();
  const [originX, originY] = image.getOrigin() as [number, number];
  const [pixelWidth, pixelHeight] = image.getResolution() as [number, number];
  const data = (await image.readRasters({ interleave: true })) as unknown as Float32Array;
  await tiff.close();
  return createGrid({
    width: image.getWidth(),
    height: image.getHeight(),
    transform: [originX, pixelWidth, 0, originY, 0, pixelHeight],
    crs: 2154,
    nodata: -9999,
    data,
  });
}

/** A `tiles` × `tiles` mosaic of the DEM, odd tiles mirrored so that neighbouring tiles meet edge to edge. */
export function mosaic(dem: Grid<Float32Array>, tiles: number): Grid<Float32Array> {
  const width = dem.width * tiles;
  const height = dem.height * tiles;
  const data = new Float32Array(width * height);
  for (let row = 0; row < height; row += 1) {
    const tileRow = Math.floor(row / dem.height);
    const inRow = row - tileRow * dem.height;
    const sourceRow = tileRow % 2 === 0 ? inRow : dem.height - 1 - inRow;
    const source = dem.data.subarray(sourceRow * dem.width, (sourceRow + 1) * dem.width);
    const mirrored = source.slice().reverse();
    for (let tileColumn = 0; tileColumn < tiles; tileColumn += 1) {
      data.set(tileColumn % 2 === 0 ? source : mirrored, row * width + tileColumn * dem.width);
    }
  }
  return createGrid({ width, height, transform: dem.transform, crs: 2154, nodata: dem.nodata, data });
}
