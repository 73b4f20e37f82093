#!/usr/bin/env python3
"""Independent zonal statistics of the Oléron DEM per commune (layer `districts`), with GDAL/OGR (GEOS) and numpy.

centre: a per-feature gdal.RasterizeLayer mask (GDAL's centre rule), plain numpy statistics.
area:   every cell touched by the commune's boundary gets weight = area(commune ∩ cell) / area(cell) from GEOS;
        cells of the centre mask not touched by the boundary get weight 1.
Usage: vector-zonal-reference.py DEM.tif ZONES(.gpkg with `districts`, or any one-layer file) OUTPUT.json
"""
import json
import sys

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
dem_path, layers_path, output_path = sys.argv[1:4]
dem = gdal.Open(dem_path)
values = dem.ReadAsArray().astype(np.float64)
gt = dem.GetGeoTransform()
height, width = values.shape
source = ogr.Open(layers_path)
layer = source.GetLayerByName('districts') or source.GetLayer(0)


def mask_of(geometry, all_touched):
    target = gdal.GetDriverByName('MEM').Create('', width, height, 1, gdal.GDT_Byte)
    target.SetGeoTransform(gt)
    memory = ogr.GetDriverByName('Memory').CreateDataSource('')
    single = memory.CreateLayer('one', srs=layer.GetSpatialRef())
    feature = ogr.Feature(single.GetLayerDefn())
    feature.SetGeometry(geometry)
    single.CreateFeature(feature)
    gdal.RasterizeLayer(target, [1], single, burn_values=[1], options=['ALL_TOUCHED=TRUE'] if all_touched else [])
    return target.ReadAsArray().astype(bool)


def cell_polygon(column, row):
    x0 = gt[0] + column * gt[1]
    y0 = gt[3] + row * gt[5]
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in [(x0, y0), (x0 + gt[1], y0), (x0 + gt[1], y0 + gt[5]), (x0, y0 + gt[5]), (x0, y0)]:
        ring.AddPoint_2D(x, y)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


result = {}
for feature in layer:
    geometry = feature.GetGeometryRef().Clone()
    code = feature.GetField('dist_code')
    centre = mask_of(geometry, False)
    inside = values[centre]
    boundary = mask_of(geometry.GetBoundary(), True)
    weights = np.where(centre & ~boundary, 1.0, 0.0)
    cell_area = abs(gt[1] * gt[5])
    for row, column in zip(*np.nonzero(boundary)):
        weights[row, column] = geometry.Intersection(cell_polygon(column, row)).GetArea() / cell_area
    touched = weights > 1e-12
    result[code] = {
        'centre': {'count': int(inside.size), 'sum': float(inside.sum()), 'mean': float(inside.mean()),
                   'min': float(inside.min()), 'max': float(inside.max())},
        'area': {'count': float(weights.sum()), 'sum': float((weights * values).sum()),
                 'mean': float((weights * values).sum() / weights.sum()),
                 'min': float(values[touched].min()), 'max': float(values[touched].max()),
                 'polygonArea': geometry.GetArea()},
    }
with open(output_path, 'w') as output:
    json.dump(result, output, indent=1, sort_keys=True)
