/**
 * @jumeau/convert — reprojection for French CRSs, GeoTIFF/COG read and write, warping, vector conversions.
 * @packageDocumentation
 */

// Rasters
export type { ByteSource } from './raster/byte-source.js';
export type { HttpSource, HttpSourceOptions, HttpSourceStatistics } from './raster/http-source.js';
export type { GeoTIFFSource } from './raster/open-source.js';
export type { GeoTIFFInfo, GeoTIFFOpenOptions, GeoTIFFOverviewInfo } from './raster/geotiff-info.js';
export type { ReadGeoTIFFOptions } from './raster/read-geotiff.js';
export type { WriteCOGOptions } from './raster/write-cog.js';
export type { OverviewResampling } from './raster/overviews.js';
export type { GeoTIFFTasks } from './raster/geotiff-tasks.js';
export { bytesSource } from './raster/byte-source.js';
export { openHttpSource } from './raster/http-source.js';
export { readGeoTIFFInfo } from './raster/geotiff-info.js';
export { readGeoTIFF } from './raster/read-geotiff.js';
export { writeCOG } from './raster/write-cog.js';
export { geotiffTasks } from './raster/geotiff-tasks.js';

// Reprojection
export type { ReprojectOptions } from './reproject/reproject.js';
export type { Transformer, TransformerOptions } from './reproject/transformer.js';
export type { ReprojectBoundsOptions } from './reproject/reproject-bounds.js';
export type { ReprojectTableOptions } from './reproject/reproject-table.js';
export type { Ntv2Grid, Ntv2Subgrid } from './reproject/ntv2-grid.js';
export { reproject, reprojectPoint } from './reproject/reproject.js';
export { createTransformer } from './reproject/transformer.js';
export { reprojectBounds } from './reproject/reproject-bounds.js';
export { reprojectTable } from './reproject/reproject-table.js';
export { parseNtv2 } from './reproject/ntv2-grid.js';

// Warping and mosaics
export type { ResamplingMethod, TargetGridOptions, WarpOptions, WarpProgressCallback } from './warp/options.js';
export type { ResampleOptions } from './warp/resample.js';
export type { MosaicOptions, MosaicPriority, MosaicResult } from './warp/mosaic.js';
export type { SuggestedOutput } from './warp/target-grid.js';
export { RESAMPLING_METHODS } from './warp/options.js';
export { warp } from './warp/warp.js';
export { resample } from './warp/resample.js';
export { mosaic } from './warp/mosaic.js';
export { suggestWarpOutput } from './warp/target-grid.js';

// Vectors and aggregation
export type { GridFrame } from './vector/target-grid.js';
export type { RasterizeMerge, RasterizeOptions, RasterizeRule } from './vector/rasterize.js';
export type { ZonalStatistic, ZonalStatsOptions } from './vector/zonal-stats.js';
export type { SimplifyOptions, SimplifyReport } from './vector/simplify.js';
export type { SimplificationMethod } from './vector/lib/line-simplification.js';
export type { PolygonizeOptions } from './vector/polygonize.js';
export type { ContoursOptions } from './vector/contours.js';
export type { H3Aggregate, ToH3Options } from './vector/to-h3.js';
export type { LoadFeatureTableOptions, VectorFormat } from './formats/load-feature-table.js';
export type { ReadGeoPackageOptions } from './formats/geopackage.js';
export type { ReadFlatGeobufOptions } from './formats/flatgeobuf.js';
export type { FlatGeobufSource } from './formats/flatgeobuf-remote.js';
export { forEachFeatureCell, rasterize } from './vector/rasterize.js';
export { zonalStats } from './vector/zonal-stats.js';
export { simplify } from './vector/simplify.js';
export { polygonize } from './vector/polygonize.js';
export { contours } from './vector/contours.js';
export { toH3 } from './vector/to-h3.js';
export { loadFeatureTable, sniffVectorFormat, writeArrowIPC, writeGeoJSON } from './formats/load-feature-table.js';
export { listGeoPackageLayers, readGeoPackage } from './formats/geopackage.js';
export { readFlatGeobuf } from './formats/flatgeobuf.js';

// Vector formats: Shapefile, CSV, WKT, FlatGeobuf writer (issue #3)
export type { ReadShapefileOptions, ShapefileFiles } from './formats/shapefile/read-shapefile.js';
export type { DbfField, DbfTable, DbfValue } from './formats/shapefile/dbf.js';
export type { ReadCsvOptions } from './formats/csv/read-csv.js';
export type { CsvSeparator } from './formats/csv/csv-text.js';
export type { WktGeometry } from './formats/wkt.js';
export type { WriteCsvOptions } from './formats/csv/write-csv.js';
export type { SaddleRule } from './vector/lib/contour-segments.js';
export { readShapefile } from './formats/shapefile/read-shapefile.js';
export { readDbf } from './formats/shapefile/dbf.js';
export { crsFromWkt } from './formats/crs-from-wkt.js';
export { readCsv } from './formats/csv/read-csv.js';
export { detectSeparator } from './formats/csv/csv-text.js';
export { formatWkt, parseWkt } from './formats/wkt.js';
export { writeFlatGeobuf } from './formats/write-flatgeobuf.js';
export { writeCsv } from './formats/csv/write-csv.js';

// GeoParquet (issue #3)
export type { ReadGeoParquetOptions } from './formats/geoparquet/read-geoparquet.js';
export type { WriteGeoParquetOptions } from './formats/geoparquet/write-geoparquet.js';
export type { GeoMetadata, GeoParquetEncoding } from './formats/geoparquet/geo-metadata.js';
export type { BlobLike, GeoParquetSource } from './formats/geoparquet/parquet-source.js';
export { readGeoParquet } from './formats/geoparquet/read-geoparquet.js';
export { writeGeoParquet } from './formats/geoparquet/write-geoparquet.js';
export { parseGeoMetadata } from './formats/geoparquet/geo-metadata.js';
export { geometryToWkb } from './formats/wkb-write.js';
