import { JumeauError } from '@jumeau/core';

/** A GeoJSON geometry as read from WKT. */
export interface WktGeometry {
  readonly type: string;
  readonly coordinates: unknown;
}

const NESTING: Readonly<Record<string, number>> = {
  POINT: 0,
  LINESTRING: 1,
  MULTIPOINT: 1,
  POLYGON: 2,
  MULTILINESTRING: 2,
  MULTIPOLYGON: 3,
};
const GEOJSON_TYPES: Readonly<Record<string, string>> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  MULTIPOINT: 'MultiPoint',
  POLYGON: 'Polygon',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
};

/**
 * Parses OGC Well-Known Text (simple features: POINT, LINESTRING, POLYGON and their MULTI forms, with Z / M / ZM
 * — M is dropped; `EMPTY` gives null; an `SRID=n;` EWKT prefix is skipped) into a GeoJSON geometry. Throws
 * `format` naming the text when it is not WKT.
 *
 * @example
 * ```ts
 * parseWkt('POINT (-1.25 45.93)') // { type: 'Point', coordinates: [-1.25, 45.93] }
 * ```
 */
export function parseWkt(text: string): WktGeometry | null {
  const match = /^\s*(?:SRID=\d+;)?\s*([A-Za-z]+)\s*(ZM|Z|M)?\s*(.*)$/s.exec(text);
  const keyword = match?.[1]?.toUpperCase() ?? '';
  const nesting = NESTING[keyword];
  if (!match || nesting === undefined)
    throw new JumeauError('format', `Not a WKT geometry: "${text.slice(0, 60)}"`, { details: { text: text.slice(0, 200) } });
  const body = (match[3] as string).trim();
  if (/^EMPTY$/i.test(body)) return null;
  const dropM = match[2]?.toUpperCase() === 'M' ? 2 : match[2]?.toUpperCase() === 'ZM' ? 3 : Infinity;
  const nested = parseNested(body, text);
  const coordinates = toPositions(nested, keyword === 'MULTIPOINT' ? 1 : nesting, dropM, text);
  return { type: GEOJSON_TYPES[keyword] as string, coordinates: nesting === 0 ? (coordinates as unknown[])[0] : coordinates };
}

/** Parentheses to nested arrays of position strings. */
function parseNested(body: string, text: string): unknown[] {
  const stack: unknown[][] = [[]];
  for (const token of body.match(/\(|\)|[^(),]+/g) ?? []) {
    if (token === '(') {
      const child: unknown[] = [];
      (stack.at(-1) as unknown[]).push(child);
      stack.push(child);
    } else if (token === ')') {
      if (stack.length < 2) throw new JumeauError('format', `Unbalanced parentheses in WKT "${text.slice(0, 60)}"`);
      stack.pop();
    } else if (token.trim() !== '') (stack.at(-1) as unknown[]).push(token.trim());
  }
  if (stack.length !== 1) throw new JumeauError('format', `Unbalanced parentheses in WKT "${text.slice(0, 60)}"`);
  return (stack[0] as unknown[])[0] as unknown[];
}

function toPositions(value: unknown, depth: number, dropIndex: number, text: string): unknown {
  if (!Array.isArray(value)) throw new JumeauError('format', `Malformed WKT "${text.slice(0, 60)}"`);
  const isPosition = (item: unknown): boolean =>
    typeof item === 'string' || (Array.isArray(item) && item.length === 1 && typeof item[0] === 'string');
  // Depth 1 also takes MULTIPOINT ((1 2), (3 4)), where each position has its own parentheses.
  if (depth === 0 || (depth === 1 && value.every(isPosition))) {
    const positions = value.map((item) => (Array.isArray(item) ? (item[0] as string) : (item as string)).split(/\s+/).map(Number));
    for (const position of positions) {
      if (position.length < 2 || position.some(Number.isNaN))
        throw new JumeauError('format', `Bad coordinates in WKT "${text.slice(0, 60)}"`);
      if (dropIndex < position.length) position.splice(dropIndex, 1);
    }
    return positions;
  }
  return value.map((item) => toPositions(item, depth - 1, dropIndex, text));
}

/**
 * Formats a GeoJSON geometry as WKT (shortest round-trip numbers; `GEOMETRYCOLLECTION EMPTY` for null), the inverse
 * of {@link parseWkt}.
 *
 * @example
 * ```ts
 * formatWkt({ type: 'Point', coordinates: [-1.25, 45.93] }) // 'POINT (-1.25 45.93)'
 * ```
 */
export function formatWkt(geometry: WktGeometry | null): string {
  if (geometry === null) return 'GEOMETRYCOLLECTION EMPTY';
  const keyword = Object.keys(GEOJSON_TYPES).find((key) => GEOJSON_TYPES[key] === geometry.type);
  if (keyword === undefined) throw new JumeauError('unsupported', `No WKT for geometry type ${geometry.type}`);
  const hasZ = JSON.stringify(geometry.coordinates).match(/\[-?[\d.e+-]+,-?[\d.e+-]+,/) !== null;
  const format = (value: unknown): string =>
    typeof (value as unknown[])[0] === 'number'
      ? (value as number[]).map((number) => (Object.is(number, -0) ? '-0' : String(number))).join(' ')
      : `(${(value as unknown[]).map(format).join(', ')})`;
  const body = NESTING[keyword] === 0 ? `(${format(geometry.coordinates)})` : format(geometry.coordinates);
  return `${keyword}${hasZ ? ' Z' : ''} ${body}`;
}
