import { JumeauError } from '@jumeau/core';
import { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import { parseJsonResponse } from '../http/parse.js';
import type { Cql2Filter } from './cql2.js';

const conformanceSchema = z.looseObject({ conformsTo: z.array(z.string()) });

/**
 * The conformance classes an OGC API declares (`GET {landing}/conformance`).
 *
 * @example
 * ```ts
 * const classes = await fetchConformance(http, 'https://example.org/ogcapi')
 * ```
 */
export async function fetchConformance(http: HttpClient, landing: string, signal?: AbortSignal): Promise<readonly string[]> {
  const url = new URL(`${landing.replace(/\/+$/, '')}/conformance`);
  url.searchParams.set('f', 'json');
  const what = 'OGC API conformance';
  const answer = await http.requestParsed({ url, signal, what, headers: { accept: 'application/json' } }, (response) =>
    parseJsonResponse(response, conformanceSchema, what),
  );
  return answer.conformsTo;
}

/** A requirement a filter puts on the server: a name and the conformance classes that satisfy it. */
interface Requirement {
  readonly name: string;
  readonly classes: readonly RegExp[];
}

const cql2Class = (name: string) => new RegExp(`^https?://www\\.opengis\\.net/spec/cql2/1\\.\\d+/conf/${name}$`);
const FILTER: Requirement = {
  name: 'OGC API Features Part 3 filter',
  classes: [/^https?:\/\/www\.opengis\.net\/spec\/ogcapi-features-3\/1\.\d+\/conf\/(features-)?filter$/],
};
const TEXT: Requirement = { name: 'CQL2 text encoding', classes: [cql2Class('cql2-text')] };
const BASIC: Requirement = { name: 'Basic CQL2', classes: [cql2Class('basic-cql2')] };
const ADVANCED: Requirement = {
  name: 'CQL2 advanced comparison operators (LIKE, IN, BETWEEN)',
  classes: [cql2Class('advanced-comparison-operators')],
};
const SPATIAL: Requirement = {
  name: 'CQL2 basic spatial functions (S_INTERSECTS)',
  classes: [cql2Class('(basic-)?spatial-(functions|operators)'), cql2Class('basic-spatial-functions-plus')],
};
const SPATIAL_PLUS: Requirement = {
  name: 'CQL2 spatial literals other than POINT and BBOX',
  classes: [cql2Class('basic-spatial-functions-plus'), cql2Class('spatial-functions'), cql2Class('(basic-)?spatial-operators')],
};

function requirementsOf(filter: Cql2Filter, out: Set<Requirement>): void {
  if (filter.op === 'and' || filter.op === 'or') for (const item of filter.filters) requirementsOf(item, out);
  else if (filter.op === 'not') requirementsOf(filter.filter, out);
  else if (filter.op === 'like' || filter.op === 'in' || filter.op === 'between') out.add(ADVANCED);
  else if (filter.op === 'intersects') {
    out.add(SPATIAL);
    if (!('bbox' in filter.geometry) && filter.geometry.type !== 'Point') out.add(SPATIAL_PLUS);
  }
}

/**
 * The requirements a filter puts on the server that the declared conformance classes do not meet (empty when
 * the server can evaluate it).
 *
 * @example
 * ```ts
 * missingCql2Conformance(classes, { op: 'like', property: 'nom', pattern: 'Saint-%' })
 * // ['CQL2 advanced comparison operators (LIKE, IN, BETWEEN)'] on a server with Basic CQL2 only
 * ```
 */
export function missingCql2Conformance(conformsTo: readonly string[], filter: Cql2Filter): readonly string[] {
  const required = new Set<Requirement>([FILTER, TEXT, BASIC]);
  requirementsOf(filter, required);
  return [...required]
    .filter((requirement) => !conformsTo.some((uri) => requirement.classes.some((pattern) => pattern.test(uri))))
    .map((requirement) => requirement.name);
}

/**
 * Throws an `unsupported` JumeauError when the server does not declare what the filter needs.
 *
 * @example
 * ```ts
 * assertCql2Support(await fetchConformance(http, landing), filter, landing)
 * ```
 */
export function assertCql2Support(conformsTo: readonly string[], filter: Cql2Filter, where: string): void {
  const missing = missingCql2Conformance(conformsTo, filter);
  if (missing.length > 0)
    throw new JumeauError('unsupported', `${where} does not declare ${missing.join(', ')}: it cannot evaluate this filter`, {
      details: { missing, conformsTo },
    });
}
