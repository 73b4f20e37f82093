import { scanXml, type XmlNode } from './xml-scanner.js';

export type { XmlNode } from './xml-scanner.js';
export { decodeXmlEntities } from './xml-entities.js';

/**
 * Parses an XML document with namespace prefixes removed, entity expansion off, every value kept as a string
 * (the tree fast-xml-parser would give with the same options; see {@link scanXml}). Throws a `format` JumeauError
 * naming `what`, the problem and its line on malformed XML, and refuses DTD entity declarations.
 *
 * @example
 * ```ts
 * const root = parseXml('<a x="1"><b>t</b></a>', 'capabilities') // { a: { '@x': '1', b: 't' } }
 * ```
 */
export function parseXml(text: string, what: string): XmlNode {
  return scanXml(text, what);
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
