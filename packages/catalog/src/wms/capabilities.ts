import { JumeauError } from '@jumeau/core';
import type { LayerInfo, LonLatExtent } from '../layer.js';
import { attribute, children, path, textOf, type XmlNode } from '../ogc/xml.js';

/** What a WMS 1.3.0 capabilities document says. */
export interface WmsCapabilities {
  readonly version: string;
  /** Named layers, flattened, each with the CRSs and extent it inherits from its parents. */
  readonly layers: readonly LayerInfo[];
  /** GetMap output formats (`image/geotiff`, `image/x-bil;bits=32`, `image/png`…). */
  readonly getMapFormats: readonly string[];
  readonly getMapUrl: string | undefined;
  /** Largest image the server renders, in pixels, when it says. */
  readonly maximumWidthPixels: number | undefined;
  readonly maximumHeightPixels: number | undefined;
}

/**
 * Reads a WMS 1.3.0 `WMS_Capabilities` document (the Géoplateforme's WMS-Raster lists 310 layers).
 *
 * @example
 * ```ts
 * const wms = readWmsCapabilities(parseXml(text, 'WMS capabilities'))
 * wms.getMapFormats.includes('image/geotiff') // true on data.geopf.fr/wms-r
 * ```
 */
export function readWmsCapabilities(root: XmlNode): WmsCapabilities {
  const capabilities = path(root, 'WMS_Capabilities') ?? path(root, 'WMT_MS_Capabilities');
  const capability = path(capabilities, 'Capability');
  if (!capabilities || !capability)
    throw new JumeauError('format', 'Not a WMS capabilities document: no WMS_Capabilities/Capability element');
  const getMap = path(capability, 'Request', 'GetMap');
  const layers: LayerInfo[] = [];
  for (const layer of children(capability, 'Layer')) collectLayers(layer, { crs: [], extent: undefined }, layers);
  const service = path(capabilities, 'Service');
  const maximumWidth = Number(textOf(service?.MaxWidth));
  const maximumHeight = Number(textOf(service?.MaxHeight));
  return {
    version: attribute(capabilities, 'version') ?? '1.3.0',
    layers,
    getMapFormats: children(getMap, 'Format')
      .map((format) => textOf(format) ?? '')
      .filter(Boolean),
    getMapUrl: attribute(path(getMap, 'DCPType', 'HTTP', 'Get', 'OnlineResource'), 'href'),
    maximumWidthPixels: Number.isFinite(maximumWidth) && maximumWidth > 0 ? maximumWidth : undefined,
    maximumHeightPixels: Number.isFinite(maximumHeight) && maximumHeight > 0 ? maximumHeight : undefined,
  };
}

interface Inherited {
  readonly crs: readonly string[];
  readonly extent: LonLatExtent | undefined;
}

function collectLayers(node: XmlNode, inherited: Inherited, out: LayerInfo[]): void {
  const own = [...children(node, 'CRS'), ...children(node, 'SRS')].flatMap((item) => (textOf(item) ?? '').split(/\s+/)).filter(Boolean);
  const crs = own.length === 0 ? inherited.crs : [...new Set([...inherited.crs, ...own])];
  const extent = readGeographicBox(path(node, 'EX_GeographicBoundingBox')) ?? inherited.extent;
  const name = textOf(node.Name);
  if (name) {
    out.push({
      service: 'wms',
      name,
      title: textOf(node.Title) ?? name,
      abstract: textOf(node.Abstract),
      keywords: children(path(node, 'KeywordList'), 'Keyword')
        .map((keyword) => textOf(keyword) ?? '')
        .filter(Boolean),
      crs,
      extent,
      formats: [],
    });
  }
  for (const layer of children(node, 'Layer')) collectLayers(layer, { crs, extent }, out);
}

function readGeographicBox(box: XmlNode | undefined): LonLatExtent | undefined {
  if (!box) return undefined;
  const values = ['westBoundLongitude', 'southBoundLatitude', 'eastBoundLongitude', 'northBoundLatitude'].map((name) =>
    Number(textOf(box[name])),
  );
  return values.every(Number.isFinite) ? (values as unknown as LonLatExtent) : undefined;
}
