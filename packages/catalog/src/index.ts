/**
 * @jumeau/catalog — one typed client for the Géoplateforme (CSW catalogue, layer search index, WFS, WMTS,
 * WMS-Raster, altimetry, geocoding), data.gouv.fr, OGC API Features and STAC, with rate limits, retries,
 * cancellation and a cache.
 * @packageDocumentation
 */

// Types
export type { CacheStore, CachedResponse, MemoryCacheOptions } from './http/cache.js';
export type { HttpClient, HttpClientOptions, HttpEvent, HttpRequest, HttpResponse } from './http/client.js';
export type { RateLimitRule } from './http/rate-limits.js';
export type { RetryPolicy } from './http/retry.js';
export type { LayerInfo, LonLatExtent, ServiceKind } from './layer.js';
export type { CatalogRecord, OnlineResource, RecordDates } from './record.js';
export type { CatalogPage, CatalogQuery, CatalogSource } from './source/catalog-source.js';
export type { CswOutputSchema } from './csw/get-records-body.js';
export type { CswSourceOptions } from './csw/csw-source.js';
export type { DataGouvDataset, DataGouvOrganization, DataGouvResource } from './datagouv/datagouv-source.js';
export type { SearchIndexDocument } from './geoplateforme/search-index.js';
export type { GeoplateformeEndpoints } from './geoplateforme/endpoints.js';
export type { ElevationOptions, LonLat, ProfilePoint } from './geoplateforme/altimetry.js';
export type { GeocodeOptions, GeocodeResult } from './geoplateforme/geocoding.js';
export type { FeatureProgress, GeoJsonPage, GeoJsonPageFeature } from './features/geojson-page.js';
export type { CollectedFeatures, FeaturePage } from './features/collect-features.js';
export type { WfsCapabilities } from './wfs/capabilities.js';
export type { WfsQuery } from './wfs/get-feature.js';
export type { TileMatrix, TileMatrixSet, WmtsCapabilities, WmtsLayer } from './wmts/capabilities.js';
export type { TileUrlOptions } from './wmts/tile-url.js';
export type { WmsCapabilities } from './wms/capabilities.js';
export type { WmsGridRequest } from './wms/get-map-grid.js';
export type { OgcFeaturesQuery } from './ogcapi/features.js';
export type { Cql2Filter, Cql2Geometry, Cql2Literal } from './ogcapi/cql2.js';
export type { StacItem } from './stac/stac-source.js';
export type { DetectedService } from './detect-service.js';
export type { OgcException } from './ogc/exception-report.js';
export type { XmlNode } from './ogc/xml.js';
export type { CatalogOptions, FetchFeaturesOptions, ListDownloadsOptions } from './catalog.js';
export type {
  AtomCrs,
  AtomDatasetEntry,
  AtomDatasetFeed,
  AtomFeedHead,
  AtomLink,
  AtomServiceFeed,
  DownloadFile,
  DownloadResource,
} from './atom/atom-feed.js';
export type { DatasetDownloads, DownloadFilter } from './atom/atom-source.js';

// High-level functions (what the `jumeau catalog` CLI calls)
export {
  catalogSource,
  elevation,
  fetchFeatures,
  geocode,
  listDownloads,
  listLayers,
  searchCatalog,
  streamFeatures,
} from './catalog.js';

// HTTP: rate limits, retries, cache, secrets
export { createHttpClient } from './http/client.js';
export { createMemoryCache } from './http/cache.js';
export { GEOPLATEFORME_RATE_LIMITS, rateLimitFor } from './http/rate-limits.js';
export { DEFAULT_RETRY_POLICY, backoffDelayMilliseconds, isRetryableStatus, retryAfterMilliseconds } from './http/retry.js';
export { RateLimiter, sleep } from './http/rate-limiter.js';
export { redactSecret, redactUrl } from './http/redact.js';
export { parseJsonResponse, parseXmlResponse, responseText } from './http/parse.js';

// OGC plumbing
export { decodeXmlEntities, parseXml } from './ogc/xml.js';
export { scanXml } from './ogc/xml-scanner.js';
export { formatExceptions, readExceptionReport } from './ogc/exception-report.js';
export { detectService } from './detect-service.js';

// Catalogue sources
export { checkCatalogQuery, searchAllRecords } from './source/catalog-source.js';
export { createCswSource, readGetRecordsResponse } from './csw/csw-source.js';
export { buildGetRecordsBody } from './csw/get-records-body.js';
export { readDublinCoreRecord, readIsoRecord } from './csw/read-record.js';
export { autocompleteSearchIndex, createSearchIndexSource, documentToRecord } from './geoplateforme/search-index.js';
export {
  DATAGOUV_API,
  createDataGouvSource,
  datasetToRecord,
  getDataGouvDataset,
  getDataGouvOrganization,
  getDataGouvResource,
} from './datagouv/datagouv-source.js';
export { createStacSource, readStacItemCollection, stacItemToRecord } from './stac/stac-source.js';

// Download service (INSPIRE Atom feeds; downloading to disk is in '@jumeau/catalog/node')
export { epsgOfCrsUri, readAtomDatasetFeed, readAtomServiceFeed, readGeoRssExtent } from './atom/atom-feed.js';
export {
  ATOM_MAXIMUM_PAGES,
  atomDatasetToRecord,
  createAtomSource,
  datasetMatches,
  fetchAtomDatasetFeed,
  fetchAtomServiceFeed,
  listAtomDownloads,
} from './atom/atom-source.js';

// Géoplateforme services
export { GEOPLATEFORME_ENDPOINTS, resolveUrlPlaceholders } from './geoplateforme/endpoints.js';
export { ALTIMETRY_MAXIMUM_POINTS, ALTIMETRY_NODATA, fetchElevationProfile, fetchElevations } from './geoplateforme/altimetry.js';
export { geocodeCompletion, geocodeReverse, geocodeSearch } from './geoplateforme/geocoding.js';

// Features (WFS 2.0, OGC API Features) → GeoArrow
export { readWfsCapabilities } from './wfs/capabilities.js';
export { WFS_MAXIMUM_PAGE_SIZE, countWfsFeatures, fetchWfsFeatures, getFeatureParameters, wfsFeaturePages } from './wfs/get-feature.js';
export { fetchOgcFeatures, listOgcApiCollections, ogcCrsUri, ogcFeaturePages } from './ogcapi/features.js';
export { cql2Geometry, cql2Literal, cql2Property, cql2String, cql2Text } from './ogcapi/cql2.js';
export { ecqlText } from './wfs/ecql.js';
export { fesFilter } from './wfs/fes-filter.js';
export { assertCql2Support, fetchConformance, missingCql2Conformance } from './ogcapi/conformance.js';
export { collectFeatures, featuresToTable } from './features/collect-features.js';

// Maps and tiles
export { readWmtsCapabilities } from './wmts/capabilities.js';
export { wmtsTileUrlTemplate } from './wmts/tile-url.js';
export { readWmsCapabilities } from './wms/capabilities.js';
export { fetchWmsGrid } from './wms/get-map-grid.js';
