import { JumeauError } from '@jumeau/core';
import { z } from 'zod';
import { extentFromCorners, type LayerInfo } from '../layer.js';
import { attribute, children, path, textOf, type XmlNode } from '../ogc/xml.js';

/** What a WFS 2.0 capabilities document says (the parts a client needs). */
export interface WfsCapabilities {
  readonly version: string;
  readonly layers: readonly LayerInfo[];
  /** Server page size when COUNT is omitted (`CountDefault` constraint), if advertised. */
  readonly countDefault: number | undefined;
  /** GetFeature output formats, if the OperationsMetadata section was returned. */
  readonly outputFormats: readonly string[];
  /** Whether the server pages with STARTINDEX (`ImplementsResultPaging`), `undefined` when not stated. */
  readonly implementsResultPaging: boolean | undefined;
}

const featureTypeSchema = z.object({ name: z.string().min(1), title: z.string() });

/**
 * Reads a WFS 2.0.0 `WFS_Capabilities` document (full, or `sections=FeatureTypeList` as the Géoplateforme
 * answers per theme) into typed layers.
 *
 * @example
 * ```ts
 * const capabilities = readWfsCapabilities(parseXml(text, 'WFS capabilities'))
 * capabilities.layers.find((layer) => layer.name === 'BDTOPO_V3:batiment')
 * ```
 */
export function readWfsCapabilities(root: XmlNode): WfsCapabilities {
  const capabilities = path(root, 'WFS_Capabilities');
  if (!capabilities) throw new JumeauError('format', 'Not a WFS capabilities document: no WFS_Capabilities root element');
  const layers = children(path(capabilities, 'FeatureTypeList'), 'FeatureType').map(readFeatureType);
  const getFeature = children(path(capabilities, 'OperationsMetadata'), 'Operation').find(
    (operation) => attribute(operation, 'name') === 'GetFeature',
  );
  const constraints = children(path(capabilities, 'OperationsMetadata'), 'Constraint');
  const countDefault = Number(
    textOf(
      path(
        constraints.find((item) => attribute(item, 'name') === 'CountDefault'),
        'DefaultValue',
      ),
    ),
  );
  const paging = textOf(
    path(
      constraints.find((item) => attribute(item, 'name') === 'ImplementsResultPaging'),
      'DefaultValue',
    ),
  );
  const outputFormats = children(getFeature, 'Parameter')
    .filter((parameter) => attribute(parameter, 'name')?.toLowerCase() === 'outputformat')
    .flatMap((parameter) => children(path(parameter, 'AllowedValues'), 'Value').map((value) => textOf(value) ?? ''));
  return {
    version: attribute(capabilities, 'version') ?? '2.0.0',
    layers,
    countDefault: Number.isFinite(countDefault) ? countDefault : undefined,
    outputFormats,
    implementsResultPaging: paging === undefined ? undefined : paging.toUpperCase() === 'TRUE',
  };
}

function readFeatureType(node: XmlNode): LayerInfo {
  const name = textOf(node.Name) ?? '';
  const checked = featureTypeSchema.safeParse({ name, title: textOf(node.Title) ?? name });
  if (!checked.success)
    throw new JumeauError('format', `WFS capabilities: a FeatureType has no Name (title "${textOf(node.Title) ?? ''}")`);
  const box = path(node, 'WGS84BoundingBox');
  const crs = [
    textOf(node.DefaultCRS ?? node.DefaultSRS),
    ...children(node, 'OtherCRS').map(textOf),
    ...children(node, 'OtherSRS').map(textOf),
  ];
  return {
    service: 'wfs',
    name,
    title: checked.data.title,
    abstract: textOf(node.Abstract),
    keywords: children(path(node, 'Keywords'), 'Keyword')
      .map((keyword) => textOf(keyword) ?? '')
      .filter(Boolean),
    crs: crs.filter((value): value is string => value !== undefined),
    extent: extentFromCorners(textOf(path(box, 'LowerCorner')), textOf(path(box, 'UpperCorner'))),
    formats: children(path(node, 'OutputFormats'), 'Format')
      .map((format) => textOf(format) ?? '')
      .filter(Boolean),
  };
}
