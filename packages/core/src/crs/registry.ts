import { JumeauError } from '../errors.js';
import { CRS_DEFINITIONS, type CrsDefinition } from './definitions.js';

/** Anything that names a CRS: `2154`, `"EPSG:2154"`, `"urn:ogc:def:crs:EPSG::2154"`, an OGC URL, `"CRS:84"`. */
export type CrsLike = number | string;

const byCode = new Map<number, CrsDefinition>(CRS_DEFINITIONS.map((definition) => [definition.code, definition]));

const CRS_PATTERNS: readonly RegExp[] = [
  /^(?:EPSG|epsg):(\d+)$/,
  /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/(\d+)$/i,
  /^(\d+)$/,
];

/**
 * Reads a CRS name into its EPSG code. `CRS:84` and OGC's CRS84 URL map to 4326 (longitude first, as Jumeau
 * always orders coordinates). Throws a `crs` {@link JumeauError} for anything it cannot read.
 *
 * @example
 * ```ts
 * parseCrs('urn:ogc:def:crs:EPSG::2154') // 2154
 * ```
 */
export function parseCrs(crs: CrsLike): number {
  if (typeof crs === 'number') {
    if (Number.isSafeInteger(crs) && crs > 0) return crs;
    throw new JumeauError('crs', `A CRS code must be a positive integer, got ${crs}`, { details: { crs } });
  }
  const text = String(crs).trim();
  if (/^(?:CRS:?84|OGC:CRS84|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/1\.3\/CRS84|urn:ogc:def:crs:OGC:1\.3:CRS84)$/i.test(text)) {
    return 4326;
  }
  for (const pattern of CRS_PATTERNS) {
    const match = pattern.exec(text);
    if (match?.[1]) return Number(match[1]);
  }
  throw new JumeauError('crs', `Cannot read the CRS "${text}": expected a form such as EPSG:2154`, {
    details: { crs: text },
  });
}

/**
 * The definition of a CRS of the French registry. Throws a `crs` {@link JumeauError} naming the code when
 * Jumeau does not know it (register it with {@link registerCrs}).
 *
 * @example
 * ```ts
 * getCrs('EPSG:2154').shortName // "Lambert-93"
 * ```
 */
export function getCrs(crs: CrsLike): CrsDefinition {
  const code = parseCrs(crs);
  const definition = byCode.get(code);
  if (!definition) {
    throw new JumeauError(
      'crs',
      `Unknown CRS EPSG:${code}: it is not in Jumeau's registry (known: ${[...byCode.keys()].join(', ')}); ` +
        'add it with registerCrs({ code, proj4, … })',
      { details: { code } },
    );
  }
  return definition;
}

/** True when the registry knows the CRS. Never throws. */
export function hasCrs(crs: CrsLike): boolean {
  try {
    return byCode.has(parseCrs(crs));
  } catch {
    return false;
  }
}

/** Every CRS the registry knows, in a stable order. */
export function listCrs(): readonly CrsDefinition[] {
  return [...byCode.values()];
}

/**
 * Adds (or replaces) a CRS definition, e.g. a local engineering CRS or another UTM zone. Replacing one of
 * Jumeau's own definitions is refused, so that every package agrees on them.
 */
export function registerCrs(definition: CrsDefinition): void {
  if (CRS_DEFINITIONS.some((builtIn) => builtIn.code === definition.code)) {
    throw new JumeauError('crs', `EPSG:${definition.code} is built into Jumeau and cannot be redefined`, {
      details: { code: definition.code },
    });
  }
  if (!/\+proj=/.test(definition.proj4)) {
    throw new JumeauError('crs', `The proj4 definition of EPSG:${definition.code} has no +proj: "${definition.proj4}"`, {
      details: { code: definition.code },
    });
  }
  byCode.set(definition.code, definition);
}

/** "EPSG:2154" for 2154: the form OGC services and GeoArrow metadata use. */
export function formatCrs(code: number): string {
  return `EPSG:${code}`;
}
