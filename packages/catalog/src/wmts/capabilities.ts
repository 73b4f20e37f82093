import { JumeauError } from '@jumeau/core';
import { extentFromCorners, type LayerInfo } from '../layer.js';
import { attribute, children, path, textOf, type XmlNode } from '../ogc/xml.js';

/** One zoom level of a WMTS TileMatrixSet. */
export interface TileMatrix {
  readonly identifier: string;
  readonly scaleDenominator: number;
  /** Cell size in CRS units per pixel, from the scale denominator and the 0.28 mm standard pixel. */
  readonly cellSize: number;
  /** `[x, y]` of the top-left corner, in the CRS's axis order as written. */
  readonly topLeftCorner: readonly [number, number];
  readonly tileWidthPixels: number;
  readonly tileHeightPixels: number;
  readonly matrixWidthTiles: number;
  readonly matrixHeightTiles: number;
}

/** A WMTS TileMatrixSet (`PM` for Web Mercator, `LAMB93_*`, `WGS84G`, …). */
export interface TileMatrixSet {
  readonly identifier: string;
  readonly supportedCrs: string;
  readonly tileMatrices: readonly TileMatrix[];
}

/** A WMTS layer with its styles, formats and tile matrix set links. */
export interface WmtsLayer extends LayerInfo {
  readonly styles: readonly string[];
  readonly defaultStyle: string;
  readonly tileMatrixSets: readonly string[];
  /** REST `ResourceURL` templates of type `tile`, if the server gives them. */
  readonly resourceUrlTemplates: readonly { readonly format: string; readonly template: string }[];
}

/** What a WMTS 1.0.0 capabilities document says. */
export interface WmtsCapabilities {
  readonly layers: readonly WmtsLayer[];
  readonly tileMatrixSets: readonly TileMatrixSet[];
  /** The KVP GetTile endpoint (`OperationsMetadata`), if given. */
  readonly getTileUrl: string | undefined;
}

// OGC 07-057r7 §6.1: a "standardized rendering pixel size" of 0.28 mm; metres per degree at the equator for
// geographic sets (WGS84 ellipsoid, 2π·6378137/360).
const PIXEL_SIZE_METRES = 0.00028;
const METRES_PER_DEGREE = 111319.49079327357;

/**
 * Reads a WMTS 1.0.0 capabilities document (the Géoplateforme's has 539 layers).
 *
 * @example
 * ```ts
 * const { layers, tileMatrixSets } = readWmtsCapabilities(parseXml(text, 'WMTS capabilities'))
 * ```
 */
export function readWmtsCapabilities(root: XmlNode): WmtsCapabilities {
  const capabilities = path(root, 'Capabilities');
  const contents = path(capabilities, 'Contents');
  if (!capabilities || !contents) throw new JumeauError('format', 'Not a WMTS capabilities document: no Capabilities/Contents element');
  const getTile = children(path(capabilities, 'OperationsMetadata'), 'Operation').find(
    (operation) => attribute(operation, 'name') === 'GetTile',
  );
  return {
    layers: children(contents, 'Layer').map(readLayer),
    tileMatrixSets: children(contents, 'TileMatrixSet').map(readTileMatrixSet),
    getTileUrl: attribute(path(getTile, 'DCP', 'HTTP', 'Get'), 'href'),
  };
}

function readLayer(node: XmlNode): WmtsLayer {
  const name = textOf(node.Identifier);
  if (!name) throw new JumeauError('format', `WMTS capabilities: a Layer has no Identifier (title "${textOf(node.Title) ?? ''}")`);
  const box = path(node, 'WGS84BoundingBox');
  const styles = children(node, 'Style');
  const defaultStyle = styles.find((style) => attribute(style, 'isDefault') === 'true') ?? styles[0];
  return {
    service: 'wmts',
    name,
    title: textOf(node.Title) ?? name,
    abstract: textOf(node.Abstract),
    keywords: children(path(node, 'Keywords'), 'Keyword')
      .map((keyword) => textOf(keyword) ?? '')
      .filter(Boolean),
    crs: [],
    extent: extentFromCorners(textOf(path(box, 'LowerCorner')), textOf(path(box, 'UpperCorner'))),
    formats: children(node, 'Format')
      .map((format) => textOf(format) ?? '')
      .filter(Boolean),
    styles: styles.map((style) => textOf(style.Identifier) ?? '').filter(Boolean),
    defaultStyle: textOf(defaultStyle?.Identifier) ?? 'normal',
    tileMatrixSets: children(node, 'TileMatrixSetLink')
      .map((link) => textOf(link.TileMatrixSet) ?? '')
      .filter(Boolean),
    resourceUrlTemplates: children(node, 'ResourceURL')
      .filter((resource) => attribute(resource, 'resourceType') === 'tile')
      .map((resource) => ({ format: attribute(resource, 'format') ?? '', template: attribute(resource, 'template') ?? '' })),
  };
}

function readTileMatrixSet(node: XmlNode): TileMatrixSet {
  const supportedCrs = textOf(node.SupportedCRS) ?? '';
  const geographic = /WGS84G|4326|CRS84|4171|4258/i.test(supportedCrs);
  return {
    identifier: textOf(node.Identifier) ?? '',
    supportedCrs,
    tileMatrices: children(node, 'TileMatrix').map((matrix) => {
      const scaleDenominator = Number(textOf(matrix.ScaleDenominator));
      const [x, y] = (textOf(matrix.TopLeftCorner) ?? '').split(/\s+/).map(Number);
      const cellSizeMetres = scaleDenominator * PIXEL_SIZE_METRES;
      return {
        identifier: textOf(matrix.Identifier) ?? '',
        scaleDenominator,
        cellSize: geographic ? cellSizeMetres / METRES_PER_DEGREE : cellSizeMetres,
        topLeftCorner: [x ?? Number.NaN, y ?? Number.NaN] as const,
        tileWidthPixels: Number(textOf(matrix.TileWidth)),
        tileHeightPixels: Number(textOf(matrix.TileHeight)),
        matrixWidthTiles: Number(textOf(matrix.MatrixWidth)),
        matrixHeightTiles: Number(textOf(matrix.MatrixHeight)),
      };
    }),
  };
}
