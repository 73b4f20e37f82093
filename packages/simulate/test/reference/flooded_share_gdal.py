"""Independent reference for population exposure: the flooded share of each INSEE 200 m cell (EPSG:3035),
computed by GDAL: gdalwarp -r sum (overlap-weighted sum, GDAL >= 3.1) of a 0/1 flood mask from the 20 m Lambert-93
grid onto the 200 m grid, times the 20 m cell area over the 200 m cell area (the part outside the DEM counts as dry).

Usage: python3 flooded_share_gdal.py MASK.f32 WIDTH HEIGHT ORIGIN_X ORIGIN_Y PIXEL XMIN YMIN XMAX YMAX OUT.f32
Writes the 200 m grid of flooded fractions (row 0 = north) as little-endian float32.
"""
import sys
from osgeo import gdal, osr

gdal.UseExceptions()
mask_path, width, height, origin_x, origin_y, pixel, xmin, ymin, xmax, ymax, out_path = sys.argv[1:12]
width, height = int(width), int(height)
driver = gdal.GetDriverByName("MEM")
source = driver.Create("", width, height, 1, gdal.GDT_Float32)
source.SetGeoTransform((float(origin_x), float(pixel), 0, float(origin_y), 0, -float(pixel)))
l93 = osr.SpatialReference()
l93.ImportFromEPSG(2154)
source.SetProjection(l93.ExportToWkt())
with open(mask_path, "rb") as handle:
    source.GetRasterBand(1).WriteRaster(0, 0, width, height, handle.read())
source.GetRasterBand(1).SetNoDataValue(-1)
target = gdal.Warp("", source, format="MEM", dstSRS="EPSG:3035", outputBounds=(float(xmin), float(ymin), float(xmax), float(ymax)),
                   xRes=200, yRes=200, resampleAlg="sum", errorThreshold=0, dstNodata=-1)
band = target.GetRasterBand(1).ReadAsArray().astype("float64")
share = (band * (float(pixel) ** 2) / (200.0 * 200.0)).clip(min=-1)
share[band < 0] = -1
with open(out_path, "wb") as handle:
    handle.write(share.astype("<f4").tobytes())
