import { JumeauError } from '@jumeau/core';

/** Where the geometry of a CSV is: a WKT column, or x/y columns (projected or lon/lat). */
export type CsvGeometryColumns = (
  | { readonly kind: 'wkt'; readonly wkt: number }
  | { readonly kind: 'x-y' | 'lon-lat'; readonly x: number; readonly y: number }
) & { readonly names: readonly string[]; readonly consumed: readonly number[] };

/** Pairs of column names recognised as coordinates (lower case), with what they mean. */
const PAIRS: readonly (readonly [string, string, 'x-y' | 'lon-lat'])[] = [
  ['x', 'y', 'x-y'],
  ['easting', 'northing', 'x-y'],
  ['lon', 'lat', 'lon-lat'],
  ['lng', 'lat', 'lon-lat'],
  ['long', 'lat', 'lon-lat'],
  ['longitude', 'latitude', 'lon-lat'],
];
const WKT_NAMES = ['wkt', 'geometry', 'geom', 'the_geom', 'wkt_geom', 'geometrie', 'géométrie'];
const WKT_START = /^\s*(?:SRID=\d+;)?\s*(?:MULTI)?(?:POINT|LINESTRING|POLYGON)\b/i;

function indexOf(names: readonly string[], wanted: string): number {
  return names.findIndex((name) => name.toLowerCase() === wanted.toLowerCase());
}

function required(names: readonly string[], wanted: string, option: string): number {
  const index = indexOf(names, wanted);
  if (index < 0)
    throw new JumeauError('input', `CSV column "${wanted}" (options.${option}) not found (columns: ${names.join(', ')})`, {
      details: { column: wanted },
    });
  return index;
}

/** x/y pairs with a common suffix or prefix, e.g. `x_ll_3035` / `y_ll_3035` or `coord_x` / `coord_y`. */
function affixedPair(names: readonly string[]): [number, number] | null {
  for (let x = 0; x < names.length; x += 1) {
    const name = (names[x] as string).toLowerCase();
    const candidates = [name.replace(/^x(?=[_\W])/, 'y'), name.replace(/(?<=[_\W])x$/, 'y')].filter((candidate) => candidate !== name);
    for (const candidate of candidates) {
      const y = indexOf(names, candidate);
      if (y >= 0) return [x, y];
    }
  }
  return null;
}

function lonLatKind(names: readonly string[], x: number): 'x-y' | 'lon-lat' {
  return /^(lon|lng|long|longitude)/i.test(names[x] as string) ? 'lon-lat' : 'x-y';
}

/**
 * Finds the geometry of a CSV: the columns named in the options, else a WKT column (by name, or the first whose
 * first non-empty value starts with a WKT keyword), else a known x/y pair (x/y, easting/northing, lon/lat, lng/lat,
 * longitude/latitude, any case, or `x_…`/`y_…` with the same suffix). Throws `input` listing the columns otherwise.
 */
export function findGeometryColumns(
  names: readonly string[],
  rows: readonly (readonly string[])[],
  options: { x?: string | undefined; y?: string | undefined; wkt?: string | undefined },
): CsvGeometryColumns {
  if (options.wkt !== undefined) {
    const wkt = required(names, options.wkt, 'wkt');
    return { kind: 'wkt', wkt, names: [names[wkt] as string], consumed: [wkt] };
  }
  if (options.x !== undefined || options.y !== undefined) {
    if (options.x === undefined || options.y === undefined) throw new JumeauError('input', 'Give both options.x and options.y');
    const x = required(names, options.x, 'x');
    const y = required(names, options.y, 'y');
    return { kind: lonLatKind(names, x), x, y, names: [names[x] as string, names[y] as string], consumed: [x, y] };
  }
  const firstValues = names.map((_, column) => rows.find((row) => (row[column] ?? '').trim() !== '')?.[column] ?? '');
  const wkt = names.findIndex((name, column) => WKT_NAMES.includes(name.toLowerCase()) || WKT_START.test(firstValues[column] as string));
  if (wkt >= 0 && WKT_START.test(firstValues[wkt] as string)) return { kind: 'wkt', wkt, names: [names[wkt] as string], consumed: [wkt] };
  for (const [xName, yName, kind] of PAIRS) {
    const x = indexOf(names, xName);
    const y = indexOf(names, yName);
    if (x >= 0 && y >= 0) return { kind, x, y, names: [names[x] as string, names[y] as string], consumed: [x, y] };
  }
  const pair = affixedPair(names);
  if (pair) return { kind: 'x-y', x: pair[0], y: pair[1], names: [names[pair[0]] as string, names[pair[1]] as string], consumed: pair };
  throw new JumeauError(
    'input',
    `No coordinate columns found in the CSV (columns: ${names.join(', ')}): give options.x and options.y, or options.wkt`,
    {
      details: { columns: [...names] },
    },
  );
}
