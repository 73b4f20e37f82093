#!/usr/bin/env python3
"""gdal.Polygonize of the Oléron DEM classified in 5 m classes (floor(z / 5)), 4- and 8-connectivity.

Prints JSON: {"4": {class: {"polygons", "area", "holes"}}, "8": {...}} with areas from OGR (m²).
Usage: vector-polygonize-reference.py DEM.tif
"""
import json
import sys

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
dem = gdal.Open(sys.argv[1])
classes = np.floor(dem.ReadAsArray().astype(np.float64) / 5).astype(np.int32)
raster = gdal.GetDriverByName('MEM').Create('', dem.RasterXSize, dem.RasterYSize, 1, gdal.GDT_Int32)
raster.SetGeoTransform(dem.GetGeoTransform())
raster.GetRasterBand(1).WriteArray(classes)
result = {}
for connectivity in (4, 8):
    source = ogr.GetDriverByName('Memory').CreateDataSource('')  # kept alive: the layer dies with it
    layer = source.CreateLayer('polygons')
    layer.CreateField(ogr.FieldDefn('value', ogr.OFTInteger))
    gdal.Polygonize(raster.GetRasterBand(1), None, layer, 0, ['8CONNECTED=8'] if connectivity == 8 else [])
    summary = {}
    for feature in layer:
        entry = summary.setdefault(str(feature.GetField('value')), {'polygons': 0, 'area': 0.0, 'holes': 0})
        geometry = feature.GetGeometryRef()
        entry['polygons'] += 1
        entry['area'] += geometry.GetArea()
        entry['holes'] += geometry.GetGeometryCount() - 1
    result[str(connectivity)] = summary
json.dump(result, sys.stdout, sort_keys=True)
