import { JumeauError } from '@jumeau/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed XML element as fast-xml-parser gives it: attributes under `@name`, text under `#text`. */
export type XmlNode = { readonly [key: string]: unknown };

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and numeric character references, and nothing else. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return PREDEFINED[entity] ?? '';
  });
}

// Entity expansion is off (`processEntities: false`): a DOCTYPE cannot define entities that expand (no
// "billion laughs", no external entities). Only the predefined ones are decoded, by `decodeXmlEntities`.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  tagValueProcessor: (_name, value) => decodeXmlEntities(value),
  attributeValueProcessor: (_name, value) => decodeXmlEntities(value),
});

/**
 * Parses an XML document with namespace prefixes removed, entity expansion off, every value kept as a string.
 * Throws a `format` JumeauError naming `what` and the line of the first error on malformed XML.
 *
 * @example
 * ```ts
 * const root = parseXml('<a x="1"><b>t</b></a>', 'capabilities') // { a: { '@x': '1', b: 't' } }
 * ```
 */
export function parseXml(text: string, what: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new JumeauError('format', `Malformed XML in ${what}: ${valid.err.msg} (line ${valid.err.line})`, {
      details: { what, line: valid.err.line },
    });
  }
  if (/<!ENTITY/i.test(text.slice(0, 4096))) {
    throw new JumeauError('format', `Refusing XML with entity declarations in ${what}`, { details: { what } });
  }
  return parser.parse(text) as XmlNode;
}

/** Always an array: `undefined` → `[]`, a single value → `[value]`. */
export function asArray<T>(value: T | readonly T[] | undefined | null): readonly T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** The text of a node (a string, or an element with `#text`), trimmed; `undefined` when empty. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object' && value !== null) {
    const node = value as XmlNode;
    if ('#text' in node) return textOf(node['#text']);
    if ('CharacterString' in node) return textOf(node.CharacterString);
    if ('Anchor' in node) return textOf(node.Anchor);
  }
  return undefined;
}

/** A child element (the first when repeated), or `undefined`. */
export function child(node: unknown, name: string): XmlNode | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as XmlNode)[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return typeof first === 'object' ? (first as XmlNode) : { '#text': first };
}

/** Follows a path of element names, `undefined` as soon as one is missing. */
export function path(node: unknown, ...names: readonly string[]): XmlNode | undefined {
  let current: XmlNode | undefined = node as XmlNode | undefined;
  for (const name of names) {
    current = child(current, name);
    if (current === undefined) return undefined;
  }
  return current;
}

/** Every child element of a name, as an array. */
export function children(node: unknown, name: string): readonly XmlNode[] {
  if (typeof node !== 'object' || node === null) return [];
  return asArray((node as XmlNode)[name]).map((item) =>
    typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item },
  );
}

/** An attribute value (`@name`) of an element. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}
