/**
 * @jumeau/layers — deck.gl 9 layers that place French data exactly in its own CRS: grids, terrain, floods,
 * buildings, arrival times, choropleths, flows and H3 cells, plus legends, split views and fitBounds.
 * @packageDocumentation
 */

// Types
export type { Colormap, ColormapName } from './colormap/colormaps.js';
export type { LegendData, LegendOptions, LegendStop } from './colormap/legend.js';
export type { GridFrame, GridSubdivision } from './mesh/subdivide.js';
export type { GridMeshOptions, SurfaceMesh } from './mesh/grid-mesh.js';
export type { DrapeImage, GridSurfaceLayerProps, PickedCell } from './layers/grid-surface-layer.js';
export type { GridMeshLayerProps } from './layers/grid-mesh-layer.js';

// Colormaps and legends
export { COLORMAPS, COLORMAP_SIZE, colorForValue, colormapTable, parseCssColor, resolveColormap } from './colormap/colormaps.js';
export { createLegend } from './colormap/legend.js';

// Meshes
export { mergeBreaks, subdivideGrid } from './mesh/subdivide.js';
export { cornerElevation, createGridMesh, createLatticeMesh, latticeIndices } from './mesh/grid-mesh.js';
export { gridValueRange } from './mesh/value-range.js';

// Layers
export { GridSurfaceLayer } from './layers/grid-surface-layer.js';
export { GridMeshLayer } from './layers/grid-mesh-layer.js';
export type { BuildingsLayerProps } from './layers/buildings-layer.js';
export type { FeatureRingsOptions, FlatRings } from './features/footprints.js';
export { BuildingsLayer } from './layers/buildings-layer.js';
export { featureRings } from './features/footprints.js';
export { numericColumn, tableRow } from './features/columns.js';
export type { TerrainMesh, TerrainMeshOptions } from './mesh/terrain-mesh.js';
export type { BoundedDrapeImage, TerrainMeshLayerProps } from './layers/terrain-mesh-layer.js';
export type { FloodLayerProps } from './layers/flood-layer.js';
export { createTerrainMesh } from './mesh/terrain-mesh.js';
export { rtinErrors, rtinMesh } from './mesh/rtin.js';
export { drapeTextureCoordinates, imageTextureCoordinates } from './mesh/drape.js';
export { mixElevations, transitionProgress } from './mesh/transition.js';
export { TerrainMeshLayer } from './layers/terrain-mesh-layer.js';
export { FloodLayer, waterSurface, wetDepth } from './layers/flood-layer.js';
export type { ArrivalTimeLayerProps } from './layers/arrival-time-layer.js';
export type { ChoroplethLayerProps, DailySeries } from './layers/choropleth-layer.js';
export type { FlowLayerProps, Flows, PickedFlow } from './layers/flow-layer.js';
export type { H3LayerProps } from './layers/h3-layer.js';
export { ArrivalTimeLayer } from './layers/arrival-time-layer.js';
export { ChoroplethLayer, seriesValuesAt } from './layers/choropleth-layer.js';
export { FlowLayer, selectFlows } from './layers/flow-layer.js';
export { H3Layer, h3CellsOf } from './layers/h3-layer.js';
export { ringCentroids } from './features/centroids.js';
export type { FitBoundsOptions } from './helpers/fit-bounds.js';
export type { SplitViews, SplitViewsOptions } from './helpers/split-views.js';
export { fitBounds, lonLatBoundsOf } from './helpers/fit-bounds.js';
export { createSplitViews } from './helpers/split-views.js';
export type { TerrainTileLayerProps } from './layers/terrain-tile-layer.js';
export type { WmtsTileIndex, WmtsTileMatrix, WmtsTileMatrixSet } from './tiles/tile-matrix-set.js';
export { TerrainTileLayer } from './layers/terrain-tile-layer.js';
export {
  STANDARD_PIXEL_SIZE_METRES,
  selectTileMatrix,
  tileBounds,
  tileMatrixResolution,
  tileMatrixSetCrs,
  tileRange,
  tileUrl,
  wmtsTileMatrixSetSchema,
} from './tiles/tile-matrix-set.js';
export { createWmtsTilesetClass } from './tiles/wmts-tileset.js';
export { fetchTileImage, tileSurfaceMesh, webMercatorTileTextureCoordinates } from './tiles/tile-drape.js';
export {
  colormapPropSchema,
  gridPropSchema,
  tablePropSchema,
  validateProps,
  valueRangePropSchema,
} from './layers/props-schemas.js';
