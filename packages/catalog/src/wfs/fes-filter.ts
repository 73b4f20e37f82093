import { JumeauError } from '@jumeau/core';
import { type Cql2Filter, type Cql2Geometry, type Cql2Literal, cql2Geometry, cql2Literal, cql2Property } from '../ogcapi/cql2.js';

const FES_NAMESPACES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"';
/** CQL2's default CRS for geometry literals: longitude, latitude in degrees. */
const CRS84 = 'urn:ogc:def:crs:OGC:1.3:CRS84';

const COMPARISONS = {
  '=': 'PropertyIsEqualTo',
  '<>': 'PropertyIsNotEqualTo',
  '<': 'PropertyIsLessThan',
  '<=': 'PropertyIsLessThanOrEqualTo',
  '>': 'PropertyIsGreaterThan',
  '>=': 'PropertyIsGreaterThanOrEqualTo',
} as const;

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
}

/** A property name, checked with the same identifier rule as CQL2 (letters, digits, `_ : .`). */
function valueReference(name: string): string {
  cql2Property(name);
  return `<fes:ValueReference>${name}</fes:ValueReference>`;
}

/** A literal's text: strings as they are (escaped), finite numbers, `true`/`false`, instants in ISO 8601. */
function literal(value: Cql2Literal): string {
  cql2Literal(value); // same checks as CQL2: finite numbers, valid dates, no backslash next to a quote
  if (value instanceof Date) return `<fes:Literal>${value.toISOString()}</fes:Literal>`;
  return `<fes:Literal>${escapeXml(String(value))}</fes:Literal>`;
}

function positions(coordinates: readonly (readonly number[])[]): string {
  return coordinates.map((position) => position.join(' ')).join(' ');
}
const ring = (coordinates: readonly (readonly number[])[]): string =>
  `<gml:LinearRing><gml:posList>${positions(coordinates)}</gml:posList></gml:LinearRing>`;
const polygon = (rings: readonly (readonly (readonly number[])[])[]): string =>
  `<gml:Polygon>${rings.map((coordinates, index) => (index === 0 ? `<gml:exterior>${ring(coordinates)}</gml:exterior>` : `<gml:interior>${ring(coordinates)}</gml:interior>`)).join('')}</gml:Polygon>`;
const lineString = (coordinates: readonly (readonly number[])[]): string =>
  `<gml:LineString><gml:posList>${positions(coordinates)}</gml:posList></gml:LineString>`;
const point = (coordinates: readonly number[]): string => `<gml:Point><gml:pos>${coordinates.join(' ')}</gml:pos></gml:Point>`;

/** A GML 3.2 geometry in CRS84 (the root carries `srsName`); inputs are checked by the CQL2 writer first. */
function gmlGeometry(geometry: Exclude<Cql2Geometry, { bbox: readonly number[] }>): string {
  cql2Geometry(geometry);
  const withCrs = (gml: string): string => gml.replace(/^<gml:(\w+)/, `<gml:$1 srsName="${CRS84}"`);
  switch (geometry.type) {
    case 'Point':
      return withCrs(point(geometry.coordinates));
    case 'LineString':
      return withCrs(lineString(geometry.coordinates));
    case 'Polygon':
      return withCrs(polygon(geometry.coordinates));
    case 'MultiPoint':
      return withCrs(
        `<gml:MultiPoint>${geometry.coordinates.map((part) => `<gml:pointMember>${point(part)}</gml:pointMember>`).join('')}</gml:MultiPoint>`,
      );
    case 'MultiLineString':
      return withCrs(
        `<gml:MultiCurve>${geometry.coordinates.map((part) => `<gml:curveMember>${lineString(part)}</gml:curveMember>`).join('')}</gml:MultiCurve>`,
      );
    case 'MultiPolygon':
      return withCrs(
        `<gml:MultiSurface>${geometry.coordinates.map((part) => `<gml:surfaceMember>${polygon(part)}</gml:surfaceMember>`).join('')}</gml:MultiSurface>`,
      );
  }
}

function operator(filter: Cql2Filter): string {
  switch (filter.op) {
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const name = COMPARISONS[filter.op];
      return `<fes:${name}>${valueReference(filter.property)}${literal(filter.value)}</fes:${name}>`;
    }
    case 'and':
    case 'or': {
      if (filter.filters.length === 0) throw new JumeauError('input', `FES filter: "${filter.op}" of no filter`);
      if (filter.filters.length === 1) return operator(filter.filters[0] as Cql2Filter);
      const name = filter.op === 'and' ? 'And' : 'Or';
      return `<fes:${name}>${filter.filters.map(operator).join('')}</fes:${name}>`;
    }
    case 'not':
      return `<fes:Not>${operator(filter.filter)}</fes:Not>`;
    case 'like':
      cql2Literal(filter.pattern);
      return `<fes:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\">${valueReference(filter.property)}${literal(filter.pattern)}</fes:PropertyIsLike>`;
    case 'in': {
      if (filter.values.length === 0) throw new JumeauError('input', `FES filter: "in" on ${filter.property} with no value`);
      const equals = filter.values.map((value) => operator({ op: '=', property: filter.property, value }));
      return equals.length === 1 ? (equals[0] as string) : `<fes:Or>${equals.join('')}</fes:Or>`;
    }
    case 'between':
      return `<fes:PropertyIsBetween>${valueReference(filter.property)}<fes:LowerBoundary>${literal(filter.lower)}</fes:LowerBoundary><fes:UpperBoundary>${literal(filter.upper)}</fes:UpperBoundary></fes:PropertyIsBetween>`;
    case 'isNull':
      return `<fes:PropertyIsNull>${valueReference(filter.property)}</fes:PropertyIsNull>`;
    case 'intersects': {
      const { geometry } = filter;
      if ('bbox' in geometry) {
        cql2Geometry(geometry);
        const [west, south, east, north] = geometry.bbox;
        return `<fes:BBOX>${valueReference(filter.property)}<gml:Envelope srsName="${CRS84}"><gml:lowerCorner>${west} ${south}</gml:lowerCorner><gml:upperCorner>${east} ${north}</gml:upperCorner></gml:Envelope></fes:BBOX>`;
      }
      return `<fes:Intersects>${valueReference(filter.property)}${gmlGeometry(geometry)}</fes:Intersects>`;
    }
  }
  throw new JumeauError('input', `FES filter: unknown operator ${JSON.stringify((filter as { op?: unknown }).op)}`);
}

/**
 * Writes a typed {@link Cql2Filter} as an OGC Filter Encoding 2.0 document (ISO 19143), the `FILTER` of a WFS 2.0
 * GetFeature that every WFS 2.0 server reads (GeoServer and so the Géoplateforme, MapServer, deegree, QGIS Server) —
 * the same typed filter serves OGC API Features (as CQL2 text) and WFS. Property names are checked as identifiers,
 * text is XML-escaped, numbers must be finite; geometry literals are in CRS84 (longitude, latitude), as in CQL2.
 * `in` becomes an `Or` of equalities; `like` uses `%`, `_` and `\` as CQL2 does.
 *
 * @example
 * ```ts
 * fesFilter({ op: '=', property: 'code', value: '17300' })
 * // '<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0" …><fes:PropertyIsEqualTo>…</fes:Filter>'
 * ```
 */
export function fesFilter(filter: Cql2Filter): string {
  return `<fes:Filter ${FES_NAMESPACES}>${operator(filter)}</fes:Filter>`;
}
