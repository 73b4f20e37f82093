import { children, parseXml, textOf, attribute, type XmlNode } from './xml.js';

/** One exception of an OGC `ExceptionReport` / `ServiceExceptionReport`. */
export interface OgcException {
  readonly code: string | undefined;
  readonly locator: string | undefined;
  readonly text: string;
}

/**
 * Reads the exceptions of an OGC exception report (OWS 1.1/2.0 `ExceptionReport`, WMS `ServiceExceptionReport`),
 * or returns `undefined` when the text is not one. Never throws.
 *
 * @example
 * ```ts
 * readExceptionReport('<ows:ExceptionReport …><ows:Exception exceptionCode="InvalidParameterValue">…')
 * // [{ code: 'InvalidParameterValue', locator: 'typeName', text: 'Feature type nope unknown' }]
 * ```
 */
export function readExceptionReport(text: string): readonly OgcException[] | undefined {
  const head = text.slice(0, 2048);
  if (!/ExceptionReport/.test(head)) return undefined;
  let root: XmlNode;
  try {
    root = parseXml(text, 'exception report');
  } catch {
    return [{ code: undefined, locator: undefined, text: text.slice(0, 500).trim() }];
  }
  const report = (root.ExceptionReport ?? root.ServiceExceptionReport) as XmlNode | undefined;
  if (report === undefined) return undefined;
  const exceptions = [...children(report, 'Exception'), ...children(report, 'ServiceException')];
  return exceptions.map((exception) => ({
    code: attribute(exception, 'exceptionCode') ?? attribute(exception, 'code'),
    locator: attribute(exception, 'locator'),
    text: (textOf(exception.ExceptionText) ?? textOf(exception) ?? '').replace(/\s+/g, ' ').trim(),
  }));
}

/** One line for a message: `InvalidParameterValue (typeName): Feature type nope unknown`. */
export function formatExceptions(exceptions: readonly OgcException[]): string {
  return exceptions
    .map((exception) => {
      const where = exception.locator ? ` (${exception.locator})` : '';
      return `${exception.code ?? 'Exception'}${where}: ${exception.text}`;
    })
    .join('; ');
}
