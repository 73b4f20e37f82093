import { JumeauError } from '@jumeau/core';
import type { WmtsCapabilities } from './capabilities.js';

/** Options of {@link wmtsTileUrlTemplate}. */
export interface TileUrlOptions {
  /** Layer identifier, as listed by the capabilities. */
  readonly layer: string;
  /** TileMatrixSet identifier (default `PM`, the Web Mercator set deck.gl and MapLibre use). */
  readonly tileMatrixSet?: string;
  /** Image format (default: the layer's first). */
  readonly format?: string;
  /** Style (default: the layer's default style). */
  readonly style?: string;
}

/**
 * A tile URL template with `{x}`, `{y}`, `{z}` placeholders, usable as deck.gl `TileLayer` `data` or a MapLibre
 * raster source. Uses the REST `ResourceURL` when the server has one, else KVP GetTile. Only meaningful when the
 * set's TileMatrix identifiers are zoom levels (true of `PM`); checked.
 *
 * @example
 * ```ts
 * wmtsTileUrlTemplate(capabilities, { layer: 'ORTHOIMAGERY.ORTHOPHOTOS' })
 * // 'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&FORMAT=image/jpeg&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}'
 * ```
 */
export function wmtsTileUrlTemplate(capabilities: WmtsCapabilities, options: TileUrlOptions): string {
  const layer = capabilities.layers.find((candidate) => candidate.name === options.layer);
  if (!layer)
    throw new JumeauError('input', `WMTS layer "${options.layer}" is not in the capabilities (${capabilities.layers.length} layers)`, {
      details: { layer: options.layer },
    });
  const setName = options.tileMatrixSet ?? 'PM';
  if (!layer.tileMatrixSets.includes(setName)) {
    throw new JumeauError(
      'input',
      `WMTS layer "${layer.name}" is not served in TileMatrixSet "${setName}" (it has ${layer.tileMatrixSets.join(', ')})`,
      { details: { tileMatrixSet: setName } },
    );
  }
  const set = capabilities.tileMatrixSets.find((candidate) => candidate.identifier === setName);
  if (set && !set.tileMatrices.every((matrix, index) => matrix.identifier === String(index) || /^\d+$/.test(matrix.identifier))) {
    throw new JumeauError('unsupported', `TileMatrixSet "${setName}" does not name its levels by zoom number: no {z} template`, {
      details: { tileMatrixSet: setName },
    });
  }
  const format = options.format ?? layer.formats[0] ?? 'image/png';
  const style = options.style ?? layer.defaultStyle;
  const rest = layer.resourceUrlTemplates.find((resource) => resource.format === format);
  if (rest) {
    return rest.template
      .replace('{TileMatrixSet}', setName)
      .replace('{Style}', style)
      .replace('{TileMatrix}', '{z}')
      .replace('{TileRow}', '{y}')
      .replace('{TileCol}', '{x}');
  }
  if (!capabilities.getTileUrl)
    throw new JumeauError('unsupported', 'The WMTS capabilities give neither a ResourceURL nor a GetTile endpoint');
  const base = capabilities.getTileUrl.replace(/[?&]+$/, '');
  const query = `SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${encodeURIComponent(layer.name)}&STYLE=${encodeURIComponent(style)}&FORMAT=${format}&TILEMATRIXSET=${encodeURIComponent(setName)}`;
  return `${base}${base.includes('?') ? '&' : '?'}${query}&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`;
}
