import { JumeauError } from '@jumeau/core';

/** A literal of a CQL2 comparison: a string, a finite number, a boolean or an instant (`TIMESTAMP(…)`). */
export type Cql2Literal = string | number | boolean | Date;

/** A geometry for `S_INTERSECTS`: a `[west, south, east, north]` box, or a GeoJSON-like geometry. */
export type Cql2Geometry =
  | { readonly bbox: readonly [number, number, number, number] }
  | { readonly type: 'Point'; readonly coordinates: readonly number[] }
  | { readonly type: 'LineString' | 'MultiPoint'; readonly coordinates: readonly (readonly number[])[] }
  | { readonly type: 'Polygon' | 'MultiLineString'; readonly coordinates: readonly (readonly (readonly number[])[])[] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: readonly (readonly (readonly (readonly number[])[])[])[] };

/**
 * A typed CQL2 filter (OGC 21-065): what {@link cql2Text} writes as `filter-lang=cql2-text`. Property names
 * are identifiers (letters, digits, `_`, `:`, `.`), values are literals: nothing is ever pasted in raw.
 */
export type Cql2Filter =
  | { readonly op: '=' | '<>' | '<' | '<=' | '>' | '>='; readonly property: string; readonly value: Cql2Literal }
  | { readonly op: 'and' | 'or'; readonly filters: readonly Cql2Filter[] }
  | { readonly op: 'not'; readonly filter: Cql2Filter }
  | { readonly op: 'like'; readonly property: string; readonly pattern: string }
  | { readonly op: 'in'; readonly property: string; readonly values: readonly Cql2Literal[] }
  | { readonly op: 'between'; readonly property: string; readonly lower: number; readonly upper: number }
  | { readonly op: 'isNull'; readonly property: string }
  | { readonly op: 'intersects'; readonly property: string; readonly geometry: Cql2Geometry };

// CQL2 reserved words (21-065 BNF): a property of one of these names is written double-quoted.
const RESERVED = new Set(
  'AND OR NOT LIKE IN BETWEEN IS NULL TRUE FALSE DATE TIMESTAMP INTERVAL CASEI ACCENTI BBOX POINT LINESTRING POLYGON MULTIPOINT MULTILINESTRING MULTIPOLYGON GEOMETRYCOLLECTION'.split(
    ' ',
  ),
);
const IDENTIFIER = /^[\p{L}_:][\p{L}\p{N}_:.]*$/u;

/** A property name as a CQL2 identifier; refuses anything that is not one (quotes, spaces, parentheses…). */
export function cql2Property(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new JumeauError('input', `CQL2 filter: "${name}" is not a property name (letters, digits, _ : . only)`, {
      details: { property: name },
    });
  return RESERVED.has(name.toUpperCase()) ? `"${name}"` : name;
}

/**
 * A CQL2 character literal: `'` doubled. A backslash next to a quote (or last) is refused, because servers that
 * also read `\'` as an escaped quote would then see the string end elsewhere.
 */
export function cql2String(value: string): string {
  if (/\\('|$)/.test(value) || value.includes('\u0000'))
    throw new JumeauError('input', `CQL2 filter: the value ${JSON.stringify(value)} has a backslash next to a quote or at its end`, {
      details: { value },
    });
  return `'${value.replaceAll("'", "''")}'`;
}

function cql2Number(value: number, what: string): string {
  if (!Number.isFinite(value))
    throw new JumeauError('input', `CQL2 filter: ${what} must be a finite number, got ${String(value)}`, { details: { value } });
  return String(value);
}

/** A literal: string quoted, number, `TRUE`/`FALSE`, `TIMESTAMP('…Z')`. */
export function cql2Literal(value: Cql2Literal): string {
  if (typeof value === 'string') return cql2String(value);
  if (typeof value === 'number') return cql2Number(value, 'a number');
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date && Number.isFinite(value.getTime())) return `TIMESTAMP('${value.toISOString()}')`;
  throw new JumeauError('input', `CQL2 filter: unsupported literal ${String(value)}`, { details: { value: String(value) } });
}

const position = (coordinates: readonly number[]): string => {
  if (coordinates.length < 2 || coordinates.length > 3)
    throw new JumeauError('input', `CQL2 filter: a position has 2 or 3 numbers, got [${coordinates.join(', ')}]`);
  return coordinates.map((value) => cql2Number(value, 'a coordinate')).join(' ');
};
const list = (positions: readonly (readonly number[])[]): string => `(${positions.map(position).join(', ')})`;
const rings = (parts: readonly (readonly (readonly number[])[])[]): string => `(${parts.map(list).join(', ')})`;

/** A geometry as a CQL2 spatial literal: `BBOX(w, s, e, n)` or WKT (`POLYGON((…))`). */
export function cql2Geometry(geometry: Cql2Geometry): string {
  if ('bbox' in geometry) {
    const [west, south, east, north] = geometry.bbox.map((value) => cql2Number(value, 'a bbox coordinate'));
    if (geometry.bbox.length !== 4 || geometry.bbox[0] > geometry.bbox[2] || geometry.bbox[1] > geometry.bbox[3])
      throw new JumeauError('input', `CQL2 filter: a bbox is [west, south, east, north], got [${geometry.bbox.join(', ')}]`);
    return `BBOX(${west}, ${south}, ${east}, ${north})`;
  }
  switch (geometry.type) {
    case 'Point':
      return `POINT(${position(geometry.coordinates)})`;
    case 'LineString':
    case 'MultiPoint':
      return `${geometry.type.toUpperCase()}${list(geometry.coordinates)}`;
    case 'Polygon':
    case 'MultiLineString':
      return `${geometry.type.toUpperCase()}${rings(geometry.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${geometry.coordinates.map(rings).join(', ')})`;
  }
  throw new JumeauError('input', `CQL2 filter: unsupported geometry ${JSON.stringify(geometry).slice(0, 80)}`);
}

/**
 * Writes a typed filter as CQL2 text (OGC 21-065 §8), every sub-expression parenthesised, every value quoted
 * or checked: no input can change the structure of the filter.
 *
 * @example
 * ```ts
 * cql2Text({ op: 'and', filters: [
 *   { op: '=', property: 'insee_dep', value: '17' },
 *   { op: 'intersects', property: 'geometry', geometry: { bbox: [-1.4, 45.8, -1.1, 46.1] } },
 * ] }) // "(insee_dep = '17' AND S_INTERSECTS(geometry, BBOX(-1.4, 45.8, -1.1, 46.1)))"
 * ```
 */
export function cql2Text(filter: Cql2Filter): string {
  return filterText(filter, CQL2_DIALECT);
}

/** What differs between the text filter languages Jumeau writes (CQL2 text, GeoServer ECQL). */
export interface FilterTextDialect {
  /** Name used in error messages. */
  readonly name: string;
  readonly literal: (value: Cql2Literal) => string;
  /** The spatial predicate on a (checked, possibly quoted) property. */
  readonly intersects: (property: string, geometry: Cql2Geometry) => string;
}

const CQL2_DIALECT: FilterTextDialect = {
  name: 'CQL2',
  literal: cql2Literal,
  intersects: (property, geometry) => `S_INTERSECTS(${property}, ${cql2Geometry(geometry)})`,
};

/** Writes a typed filter in a text dialect: every sub-expression parenthesised, every value quoted or checked. */
export function filterText(filter: Cql2Filter, dialect: FilterTextDialect): string {
  const write = (inner: Cql2Filter): string => filterText(inner, dialect);
  switch (filter.op) {
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${cql2Property(filter.property)} ${filter.op} ${dialect.literal(filter.value)}`;
    case 'and':
    case 'or':
      if (filter.filters.length === 0) throw new JumeauError('input', `${dialect.name} filter: "${filter.op}" of no filter`);
      return `(${filter.filters.map(write).join(` ${filter.op.toUpperCase()} `)})`;
    case 'not':
      return `NOT (${write(filter.filter)})`;
    case 'like':
      return `${cql2Property(filter.property)} LIKE ${cql2String(filter.pattern)}`;
    case 'in':
      if (filter.values.length === 0) throw new JumeauError('input', `${dialect.name} filter: "in" on ${filter.property} with no value`);
      return `${cql2Property(filter.property)} IN (${filter.values.map(dialect.literal).join(', ')})`;
    case 'between':
      return `${cql2Property(filter.property)} BETWEEN ${cql2Number(filter.lower, 'lower')} AND ${cql2Number(filter.upper, 'upper')}`;
    case 'isNull':
      return `${cql2Property(filter.property)} IS NULL`;
    case 'intersects':
      return dialect.intersects(cql2Property(filter.property), filter.geometry);
  }
  throw new JumeauError('input', `${dialect.name} filter: unknown operator ${JSON.stringify((filter as { op?: unknown }).op)}`);
}
