import {
  type Cql2Filter,
  type Cql2Geometry,
  type Cql2Literal,
  type FilterTextDialect,
  cql2Geometry,
  cql2Literal,
  filterText,
} from '../ogcapi/cql2.js';

/**
 * A literal as ECQL writes it: as CQL2 (`'quoted'`, numbers, `TRUE`/`FALSE`) except instants, which ECQL writes
 * bare in ISO 8601 (`2010-02-28T00:00:00.000Z`) where CQL2 writes `TIMESTAMP('…')`.
 */
function ecqlLiteral(value: Cql2Literal): string {
  if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
  return cql2Literal(value);
}

/** `INTERSECTS(property, WKT)`, or `BBOX(property, w, s, e, n)` for a box (ECQL has no `BBOX(…)` literal). */
function ecqlIntersects(property: string, geometry: Cql2Geometry): string {
  if ('bbox' in geometry) {
    // Validates the box exactly as CQL2 does, then writes ECQL's BBOX predicate.
    const literal = cql2Geometry(geometry);
    return `BBOX(${property}, ${literal.slice('BBOX('.length, -1)})`;
  }
  return `INTERSECTS(${property}, ${cql2Geometry(geometry)})`;
}

/**
 * Writes a typed {@link Cql2Filter} as GeoServer's ECQL, the language of the WFS `CQL_FILTER` parameter that the
 * Géoplateforme (GeoServer) reads — so the same typed filter serves OGC API Features (CQL2) and WFS. Same
 * guarantees as `cql2Text`: every sub-expression parenthesised, property names checked as identifiers, strings
 * quoted, numbers finite: no input can change the structure of the filter. Geometry coordinates are read by
 * GeoServer in the layer's native CRS (use the query's `bbox` with `bboxCrs` to filter by a box in another CRS).
 *
 * @example
 * ```ts
 * ecqlText({ op: 'and', filters: [
 *   { op: '=', property: 'insee_dep', value: '17' },
 *   { op: 'intersects', property: 'geometrie', geometry: { bbox: [-1.4, 45.8, -1.1, 46.1] } },
 * ] }) // "(insee_dep = '17' AND BBOX(geometrie, -1.4, 45.8, -1.1, 46.1))"
 * ```
 */
export function ecqlText(filter: Cql2Filter): string {
  return filterText(filter, ECQL_DIALECT);
}

const ECQL_DIALECT: FilterTextDialect = { name: 'ECQL', literal: ecqlLiteral, intersects: ecqlIntersects };
