const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const REFERENCE = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;

/**
 * Decodes the five predefined XML entities and numeric character references, and nothing else (no DTD entity is
 * ever expanded). Out-of-range code points are left as written.
 *
 * @example
 * ```ts
 * decodeXmlEntities('Rivi&#232;res &amp; c&#xF4;tes') // 'Rivières & côtes'
 * ```
 */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (match, entity: string) => {
    if (entity.startsWith('#')) {
      const codePoint = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
    }
    return PREDEFINED[entity] ?? match;
  });
}

const BARE_AMPERSAND = /&(?!#x[0-9a-fA-F]+;|#\d+;|[A-Za-z_:][\w.:-]*;)/;

/** Index of the first `&` that does not start a well-formed reference (`&name;`, `&#n;`, `&#xh;`), or −1. */
export function findBareAmpersand(text: string): number {
  if (!text.includes('&')) return -1;
  const match = BARE_AMPERSAND.exec(text);
  return match === null ? -1 : match.index;
}
