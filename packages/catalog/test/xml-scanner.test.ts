import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJumeauError } from '@jumeau/core';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { decodeXmlEntities } from '../src/ogc/xml.js';
import { parseXml, readWfsCapabilities, readWmsCapabilities, readWmtsCapabilities } from '../src/index.js';
import { FIXTURES } from './support/fixtures.js';

// The oracle: fast-xml-parser with the options `parseXml` used before the dedicated scanner (its tree is what
// every reader was written and tested against), behind its own validator.
const oracle = new XMLParser({
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
const oracleParse = (text: string): unknown => {
  expect(XMLValidator.validate(text)).toBe(true);
  return oracle.parse(text);
};

const xmlFixtures = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.xml'));

describe('scanXml gives the tree fast-xml-parser gives', () => {
  it.each(xmlFixtures)('on the recorded %s', (file) => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    expect(parseXml(text, file)).toEqual(oracleParse(text));
  });

  it('on generated documents: prefixes, repeats, attributes, entities, comments, CDATA, mixed text (property)', () => {
    fc.assert(
      fc.property(documentArbitrary, (text) => {
        expect(parseXml(text, 'generated')).toEqual(oracleParse(text));
      }),
      { numRuns: 400 },
    );
  });
});

// Golden files: sha-256 of the typed capabilities the readers produced with the previous (fast-xml-parser) tree.
// Regenerate with JUMEAU_UPDATE_GOLDEN=1 (it then uses the oracle's tree, never the scanner's).
const GOLDEN = join(import.meta.dirname, 'golden', 'capabilities.json');
const READERS = {
  'wfs/getcapabilities-featuretypelist.xml': readWfsCapabilities,
  'wmts/getcapabilities.xml': readWmtsCapabilities,
  'wms-r/getcapabilities.xml': readWmsCapabilities,
} as const;
const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('capabilities read through the scanner match the golden files', () => {
  if (process.env.JUMEAU_UPDATE_GOLDEN === '1') {
    const golden = Object.fromEntries(
      Object.entries(READERS).map(([file, read]) => {
        const result = read(oracle.parse(readFileSync(join(FIXTURES, file), 'utf8')) as never);
        return [file, { layers: result.layers.length, sha256: digest(result) }];
      }),
    );
    writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`);
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, { layers: number; sha256: string }>;
  it.each(Object.keys(READERS))('%s', (file) => {
    const read = READERS[file as keyof typeof READERS];
    const result = read(parseXml(readFileSync(join(FIXTURES, file), 'utf8'), file));
    expect({ layers: result.layers.length, sha256: digest(result) }).toEqual(golden[file]);
  });
});

describe('scanXml refuses what is not well-formed XML, with the line', () => {
  const refusals: readonly [string, RegExp][] = [
    ['<a>\n<b></a>', /does not match <b> \(line 2\)/],
    ['<a><b></b>', /unclosed element <a>/],
    ['<a></a><b/>', /second root element <b>/],
    ['<a x=1/>', /not quoted/],
    ['<a x="1" x="2"/>', /repeated/],
    ['<a x="1"y="2"/>', /no space before an attribute/],
    ['<a>AT&T</a>', /"&" not starting an entity reference/],
    ['<a x="<"/>', /"<" in the value/],
    ['</a>', /without an opening tag/],
    ['text<a/>', /text outside the root element/],
    ['<a><!-- never closed</a>', /comment is not closed/],
    ['<a><![CDATA[x</a>', /CDATA section is not closed/],
    ['<a><__proto__>1</__proto__></a>', /refused element name/],
    ['', /no root element/],
    ['<1a/>', /invalid element name/],
  ];
  it.each(refusals)('%j', (text, message) => {
    expect(() => parseXml(text, 'test document')).toThrow(message);
    try {
      parseXml(text, 'test document');
    } catch (error) {
      expect(isJumeauError(error, 'format')).toBe(true);
    }
  });

  it('refuses entity declarations (no billion laughs, no external entities)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>';
    expect(() => parseXml(bomb, 'bomb')).toThrow(/Refusing XML with entity declarations in bomb/);
    expect(parseXml('<!DOCTYPE html><l>&amp;b;</l>', 'doctype')).toEqual({ l: '&b;' });
  });

  it('throws a format error on every strict prefix of a well-formed document (property)', () => {
    fc.assert(
      fc.property(documentArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), (text, fraction) => {
        const rootClose = text.lastIndexOf('</');
        const cut = Math.floor(fraction * rootClose);
        if (rootClose <= 0 || text.slice(0, cut).trim() === '') return;
        expect(() => parseXml(text.slice(0, cut), 'cut')).toThrow(/Malformed XML in cut/);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps an element named like an Object method under its own name (fast-xml-parser renames it)', () => {
    const root = parseXml('<a><toString>1</toString><toString>2</toString></a>', 'names') as { a: Record<string, unknown> };
    expect(Object.hasOwn(root.a, 'toString')).toBe(true);
    expect(root.a.toString).toEqual(['1', '2']);
  });

  it('accepts a byte-order mark and CRLF line ends, as fast-xml-parser does', () => {
    const text = '\uFEFF<?xml version="1.0"?>\r\n<a x="1">\r\n <b>t</b>\r\n</a>\r\n';
    expect(parseXml(text, 'bom')).toEqual({ '?xml': { '@version': '1.0' }, a: { '@x': '1', b: 't' } });
  });

  it('keeps CDATA verbatim, where fast-xml-parser would decode entities in it', () => {
    expect(parseXml('<a><![CDATA[x &amp; <y>]]></a>', 'cdata')).toEqual({ a: 'x &amp; <y>' });
  });
});

// A generator of well-formed documents in the shapes OGC services write.
const nameArbitrary = fc.constantFrom('Layer', 'Title', 'wfs:Name', 'ows:Keyword', 'gml:pos', 'Format', 'a');
const textArbitrary = fc
  .array(fc.constantFrom('Rivière', ' ', '\n', '&amp;', '&lt;', '&#233;', '&#xF4;', 'x', '42', '\t', ']', '>'), { maxLength: 6 })
  .map((parts) => parts.join(''));
const attributeArbitrary = fc.dictionary(
  fc.constantFrom('name', 'xlink:href', 'xmlns:wfs', 'xmlns', 'version', 'isDefault', 'format'),
  textArbitrary.map((value) => value.replace(/[<"]/g, '')),
  { maxKeys: 3 },
);
type Tree = { name: string; attributes: Record<string, string>; content: (Tree | string)[] };
const { tree: treeArbitrary } = fc.letrec<{ tree: Tree; content: Tree | string }>((tie) => ({
  tree: fc.record({
    name: nameArbitrary,
    attributes: attributeArbitrary,
    content: fc.array(tie('content'), { maxLength: 4, depthIdentifier: 'tree' }),
  }),
  content: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    textArbitrary,
    textArbitrary.map((text) => `<!-- ${text.replace(/-/g, '')} -->`),
    fc.constantFrom('<![CDATA[ raw < text ]]>', '<![CDATA[]]>'),
    tie('tree'),
  ),
}));
function serialize(tree: Tree): string {
  const attributes = Object.entries(tree.attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  if (tree.content.length === 0) return `<${tree.name}${attributes}/>`;
  const inner = tree.content.map((item) => (typeof item === 'string' ? item : serialize(item))).join('');
  return `<${tree.name}${attributes}>${inner}</${tree.name}>`;
}
const documentArbitrary = fc
  .tuple(fc.boolean(), treeArbitrary)
  .map(([declaration, tree]) => `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${serialize(tree)}\n`);
