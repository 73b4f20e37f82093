import { JumeauError, validate } from '@jumeau/core';
import type { z } from 'zod';
import { formatExceptions, readExceptionReport } from '../ogc/exception-report.js';
import { parseXml, type XmlNode } from '../ogc/xml.js';
import type { HttpResponse } from './client.js';

const decoder = new TextDecoder('utf-8');

/**
 * The body as UTF-8 text. Throws an `http` JumeauError with the OGC exception text when the server answered
 * 200 with an exception report (GeoServer and MapServer both do).
 *
 * @example
 * ```ts
 * const text = responseText(response, 'WFS capabilities')
 * ```
 */
export function responseText(response: HttpResponse, what: string): string {
  const text = decoder.decode(response.body);
  const exceptions = readExceptionReport(text);
  if (exceptions) {
    throw new JumeauError('http', `${what}: the server answered an OGC exception: ${formatExceptions(exceptions)} — ${response.url}`, {
      details: { status: response.status, url: response.url },
    });
  }
  return text;
}

/**
 * Parses a JSON body and validates it with a zod schema; malformed JSON or a wrong shape is a `format` error
 * (retried by {@link HttpClient.requestParsed}).
 *
 * @example
 * ```ts
 * const page = parseJsonResponse(response, datasetPageSchema, 'data.gouv.fr dataset search')
 * ```
 */
export function parseJsonResponse<S extends z.ZodType>(response: HttpResponse, schema: S, what: string): z.output<S> {
  const text = responseText(response, what);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JumeauError(
      'format',
      `Malformed JSON in ${what} (${text.length} characters): ${(error as Error).message} — ${response.url}`,
      {
        cause: error,
        details: { url: response.url },
      },
    );
  }
  return validate(schema, value, `${what} — ${response.url}`, 'format');
}

/**
 * Parses an XML body (entity expansion off); an exception report becomes an `http` error, malformed XML a
 * `format` error.
 *
 * @example
 * ```ts
 * const root = parseXmlResponse(response, 'WMTS capabilities')
 * ```
 */
export function parseXmlResponse(response: HttpResponse, what: string): XmlNode {
  return parseXml(responseText(response, what), `${what} — ${response.url}`);
}
