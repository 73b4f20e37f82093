import { JumeauError } from '@jumeau/core';
import { decodeXmlEntities, findBareAmpersand } from './xml-entities.js';

/** A parsed XML element: attributes under `@name`, text under `#text`, repeated children as arrays. */
export type XmlNode = { readonly [key: string]: unknown };

type MutableNode = Record<string, unknown>;

interface Frame {
  /** Local name (namespace prefix removed), the key in the parent. */
  readonly name: string;
  /** Name as written, to match the closing tag. */
  readonly rawName: string;
  node: MutableNode | undefined;
  text: string | undefined;
}

const GREATER_THAN = 62;
const SLASH = 47;
const QUESTION = 63;
const EXCLAMATION = 33;
const EQUALS = 61;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const MAXIMUM_DEPTH = 1000;
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const PROCESSING_ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function isNameEnd(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === SLASH || code === GREATER_THAN || Number.isNaN(code);
}

/** The local part of an element name: what follows the first colon. */
function localElementName(raw: string): string {
  const colon = raw.indexOf(':');
  return colon === -1 ? raw : raw.slice(colon + 1);
}

/** The local part of an attribute name, or `''` for a namespace declaration (dropped). */
function localAttributeName(raw: string): string {
  if (raw === 'xmlns' || raw.startsWith('xmlns:')) return '';
  const colon = raw.indexOf(':');
  if (colon === -1 || raw.indexOf(':', colon + 1) !== -1) return raw;
  return raw.slice(colon + 1);
}

function addChild(parent: Frame, name: string, value: unknown): void {
  const node = (parent.node ??= {});
  const existing = node[name];
  if (existing === undefined || !Object.hasOwn(node, name)) node[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

function frameValue(frame: Frame): unknown {
  if (frame.node === undefined) return frame.text ?? '';
  if (frame.text !== undefined) frame.node['#text'] = frame.text;
  return frame.node;
}

/**
 * A single-pass XML scanner that checks well-formedness and builds the same plain-object tree as
 * fast-xml-parser with `removeNSPrefix`, `ignoreAttributes: false`, `attributeNamePrefix: '@'`, `trimValues` and
 * no value parsing — about five times faster, because it validates while it builds (one pass, no regular
 * expression per tag) and never expands a DTD entity.
 */
class XmlScanner {
  private readonly xml: string;
  private readonly what: string;
  private readonly document: Frame = { name: '', rawName: '', node: {}, text: undefined };
  private readonly stack: Frame[] = [];
  private rawText = '';
  private rootSeen = false;
  /** Element names already checked, with their local part: a document repeats a few dozen names. */
  private readonly elementNames = new Map<string, string>();
  /** Attribute names of the tag being read (reused: no allocation per tag). */
  private readonly seenAttributes = new Set<string>();

  constructor(xml: string, what: string) {
    this.xml = xml.includes('\r') ? xml.replace(/\r\n?/g, '\n') : xml;
    this.what = what;
  }

  fail(message: string, index: number): never {
    let line = 1;
    for (let position = this.xml.indexOf('\n'); position !== -1 && position < index; position = this.xml.indexOf('\n', position + 1))
      line += 1;
    throw new JumeauError('format', `Malformed XML in ${this.what}: ${message} (line ${line})`, {
      details: { what: this.what, line },
    });
  }

  // The hot loop: one `indexOf('<')` per markup, text taken as substrings.
  run(): XmlNode {
    const xml = this.xml;
    const length = xml.length;
    let position = 0;
    while (position < length) {
      const open = xml.indexOf('<', position);
      if (open === -1) {
        this.addText(position, length);
        break;
      }
      if (open > position) this.addText(position, open);
      const next = xml.charCodeAt(open + 1);
      if (next === SLASH) position = this.closeTag(open);
      else if (next === QUESTION) position = this.processingInstruction(open);
      else if (next === EXCLAMATION) position = this.declaration(open);
      else position = this.openTag(open);
    }
    this.flushText(length);
    if (this.stack.length > 0) this.fail(`unclosed element <${this.current().rawName}>`, length);
    if (!this.rootSeen) this.fail('no root element', length);
    return this.document.node as XmlNode;
  }

  private current(): Frame {
    return this.stack.length === 0 ? this.document : (this.stack[this.stack.length - 1] as Frame);
  }

  /** Appends `xml[start, end)` to the pending text, without allocating for the usual indentation-only runs. */
  private addText(start: number, end: number): void {
    if (this.rawText === '') {
      let position = start;
      while (position < end && isSpace(this.xml.charCodeAt(position))) position += 1;
      if (position === end) return;
    }
    this.rawText += this.xml.slice(start, end);
  }

  /** Stores the text seen since the last markup that ends a text run (comments do not). */
  private flushText(index: number): void {
    if (this.rawText === '') return;
    const text = this.rawText.trim();
    this.rawText = '';
    if (text === '') return;
    if (this.stack.length === 0) this.fail(`text outside the root element: "${text.slice(0, 40)}"`, index);
    const bare = findBareAmpersand(text);
    if (bare !== -1) this.fail(`"&" not starting an entity reference: "${text.slice(bare, bare + 20)}"`, index);
    const frame = this.current();
    const decoded = decodeXmlEntities(text);
    if (decoded !== '') frame.text = frame.text === undefined ? decoded : frame.text + decoded;
  }

  private closeTag(open: number): number {
    const close = this.xml.indexOf('>', open + 2);
    if (close === -1) this.fail('closing tag is not closed', open);
    const rawName = this.xml.slice(open + 2, close).trim();
    this.flushText(open);
    const frame = this.stack.pop();
    if (frame === undefined) this.fail(`closing tag </${rawName}> without an opening tag`, open);
    if (frame.rawName !== rawName) this.fail(`closing tag </${rawName}> does not match <${frame.rawName}>`, open);
    addChild(this.current(), frame.name, frameValue(frame));
    return close + 1;
  }

  // Hot kernel: element name and attributes read by char codes.
  private openTag(open: number): number {
    const xml = this.xml;
    let position = open + 1;
    while (!isNameEnd(xml.charCodeAt(position))) position += 1;
    const rawName = xml.slice(open + 1, position);
    let name = this.elementNames.get(rawName);
    if (name === undefined) {
      this.checkElementName(rawName, open);
      name = localElementName(rawName);
      this.elementNames.set(rawName, name);
    }
    this.flushText(open);
    if (this.stack.length === 0) {
      if (this.rootSeen) this.fail(`a second root element <${rawName}>`, open);
      this.rootSeen = true;
    }
    const frame: Frame = { name, rawName, node: undefined, text: undefined };
    this.seenAttributes.clear();
    for (;;) {
      const before = position;
      while (isSpace(xml.charCodeAt(position))) position += 1;
      const code = xml.charCodeAt(position);
      if (code === GREATER_THAN) {
        if (this.stack.length >= MAXIMUM_DEPTH) this.fail(`elements nested deeper than ${MAXIMUM_DEPTH}`, open);
        this.stack.push(frame);
        return position + 1;
      }
      if (code === SLASH) {
        if (xml.charCodeAt(position + 1) !== GREATER_THAN) this.fail(`"/" not followed by ">" in <${rawName}>`, position);
        addChild(this.current(), frame.name, frameValue(frame));
        return position + 2;
      }
      if (Number.isNaN(code)) this.fail(`element <${rawName}> is not closed`, open);
      if (position === before) this.fail(`no space before an attribute in <${rawName}>`, position);
      position = this.attribute(frame, position);
    }
  }

  private checkElementName(rawName: string, index: number): void {
    if (rawName === '') this.fail('"<" not followed by an element name', index);
    const first = rawName.charCodeAt(0);
    if (first === 45 || first === 46 || (first >= 48 && first <= 57) || /["'=<&;,]/.test(rawName))
      this.fail(`invalid element name "${rawName}"`, index);
    if (FORBIDDEN_NAMES.has(localElementName(rawName))) this.fail(`refused element name "${rawName}"`, index);
  }

  // Hot kernel: `name = "value"`, returns the position after the closing quote.
  private attribute(frame: Frame, start: number): number {
    const xml = this.xml;
    let position = start;
    let code = xml.charCodeAt(position);
    while (code !== EQUALS && !isNameEnd(code)) code = xml.charCodeAt((position += 1));
    const rawName = xml.slice(start, position);
    while (isSpace(xml.charCodeAt(position))) position += 1;
    if (xml.charCodeAt(position) !== EQUALS) this.fail(`attribute "${rawName}" of <${frame.rawName}> has no value`, start);
    position += 1;
    while (isSpace(xml.charCodeAt(position))) position += 1;
    const quote = xml.charCodeAt(position);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) this.fail(`attribute "${rawName}" of <${frame.rawName}> is not quoted`, start);
    const end = xml.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", position + 1);
    if (end === -1) this.fail(`attribute "${rawName}" of <${frame.rawName}> is not closed`, start);
    const value = xml.slice(position + 1, end);
    if (value.includes('<')) this.fail(`"<" in the value of attribute "${rawName}"`, start);
    if (this.seenAttributes.has(rawName)) this.fail(`attribute "${rawName}" repeated in <${frame.rawName}>`, start);
    this.seenAttributes.add(rawName);
    this.storeAttribute(frame, rawName, value, start);
    return end + 1;
  }

  private storeAttribute(frame: Frame, rawName: string, value: string, index: number): void {
    const name = localAttributeName(rawName);
    if (name === '') return;
    if (FORBIDDEN_NAMES.has(name)) this.fail(`refused attribute name "${rawName}"`, index);
    const bare = findBareAmpersand(value);
    if (bare !== -1) this.fail(`"&" not starting an entity reference in attribute "${rawName}"`, index);
    (frame.node ??= {})[`@${name}`] = decodeXmlEntities(value.trim());
  }

  private processingInstruction(open: number): number {
    const close = this.xml.indexOf('?>', open + 2);
    if (close === -1) this.fail('processing instruction is not closed', open);
    const body = this.xml.slice(open + 2, close);
    const target = body.split(/\s/, 1)[0] ?? '';
    if (target === '') this.fail('processing instruction without a target', open);
    if (target.toLowerCase() === 'xml' && open !== 0 && this.xml.slice(0, open).trim() !== '')
      this.fail('XML declaration not at the start of the document', open);
    this.flushText(open);
    const attributes: MutableNode = {};
    for (const match of body.slice(target.length).matchAll(PROCESSING_ATTRIBUTE)) {
      const name = localAttributeName(match[1] ?? '');
      if (name !== '' && !FORBIDDEN_NAMES.has(name)) attributes[`@${name}`] = decodeXmlEntities((match[2] ?? match[3] ?? '').trim());
    }
    addChild(this.current(), `?${target}`, Object.keys(attributes).length === 0 ? '' : attributes);
    return close + 2;
  }

  private declaration(open: number): number {
    const xml = this.xml;
    if (xml.startsWith('<!--', open)) {
      const close = xml.indexOf('-->', open + 4);
      if (close === -1) this.fail('comment is not closed', open);
      return close + 3;
    }
    if (xml.startsWith('<![CDATA[', open)) {
      const close = xml.indexOf(']]>', open + 9);
      if (close === -1) this.fail('CDATA section is not closed', open);
      this.flushText(open);
      if (this.stack.length === 0) this.fail('CDATA section outside the root element', open);
      const frame = this.current();
      const content = xml.slice(open + 9, close);
      if (content !== '') frame.text = frame.text === undefined ? content : frame.text + content;
      return close + 3;
    }
    if (xml.startsWith('<!DOCTYPE', open)) return this.doctype(open);
    return this.fail(`unknown markup "${xml.slice(open, open + 12)}"`, open);
  }

  /** Skips a DOCTYPE (and its internal subset), refusing entity declarations: nothing is ever expanded. */
  private doctype(open: number): number {
    if (this.rootSeen) this.fail('DOCTYPE after the root element', open);
    const bracket = this.xml.indexOf('[', open);
    let close = this.xml.indexOf('>', open);
    if (bracket !== -1 && close !== -1 && bracket < close) {
      const subsetEnd = this.xml.indexOf(']', bracket);
      close = subsetEnd === -1 ? -1 : this.xml.indexOf('>', subsetEnd);
    }
    if (close === -1) this.fail('DOCTYPE is not closed', open);
    if (/<!ENTITY/i.test(this.xml.slice(open, close))) {
      throw new JumeauError('format', `Refusing XML with entity declarations in ${this.what}`, { details: { what: this.what } });
    }
    return close + 1;
  }
}

/**
 * Parses and checks an XML document in one pass. Namespace prefixes are removed (`wfs:FeatureType` →
 * `FeatureType`, `xlink:href` → `@href`), `xmlns` declarations dropped, text trimmed, values kept as strings, the
 * five predefined entities and character references decoded, CDATA kept verbatim; DTD entities are refused.
 * Throws a `format` JumeauError naming `what`, the problem and its line on malformed XML.
 *
 * @example
 * ```ts
 * scanXml('<wfs:A xmlns:wfs="…" n="1"><B>t</B><B>u</B></wfs:A>', 'capabilities')
 * // { A: { '@n': '1', B: ['t', 'u'] } }
 * ```
 */
export function scanXml(text: string, what: string): XmlNode {
  return new XmlScanner(text, what).run();
}
