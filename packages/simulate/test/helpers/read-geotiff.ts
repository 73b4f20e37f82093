/** Test helper: reads a single-band GeoTIFF (north-up) into a core Grid with the `geotiff` package. */
import { createGrid, type Grid, type GridArray } from '@jumeau/core';
import { fromFile } from 'geotiff';

export async function readGeoTiffGrid(path: string, crs = 2154): Promise<Grid> {
  const tiff = await fromFile(path);
  try {
    const image = await tiff.getImage();
    const [originX, originY] = image.getOrigin() as [number, number];
    const [pixelWidth, pixelHeight] = image.getResolution() as [number, number];
    const rasters = await image.readRasters({ interleave: true });
    const nodataText = image.getGDALNoData();
    return createGrid({
      width: image.getWidth(),
      height: image.getHeight(),
      transform: [originX, pixelWidth, 0, originY, 0, pixelHeight],
      crs,
      nodata: nodataText === null ? null : Number(nodataText),
      data: rasters as unknown as GridArray,
    });
  } finally {
    await tiff.close();
  }
}
