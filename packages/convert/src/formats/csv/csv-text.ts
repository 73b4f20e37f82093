/** The separators {@link detectSeparator} chooses from, in order of preference on ties. */
export const CSV_SEPARATORS = [',', ';', '\t', '|'] as const;

/** A CSV separator: comma, semicolon, tab or pipe. */
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

/** Counts each separator outside quotes on the first lines (≤ 20) of the text. */
function separatorCounts(text: string): number[][] {
  const lines: number[][] = [];
  let counts = CSV_SEPARATORS.map(() => 0);
  let quoted = false;
  for (let index = 0; index < text.length && lines.length < 20; index += 1) {
    const character = text[index] as string;
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === '\n') {
      lines.push(counts);
      counts = CSV_SEPARATORS.map(() => 0);
    } else if (!quoted) {
      const which = CSV_SEPARATORS.indexOf(character as CsvSeparator);
      if (which >= 0) counts[which] = (counts[which] as number) + 1;
    }
  }
  if (counts.some((count) => count > 0)) lines.push(counts);
  return lines;
}

/**
 * Guesses the separator of a CSV text: the one present on the header line with the same count on every sampled
 * line (quotes respected), the most frequent when several qualify; `,` when nothing does (one column).
 *
 * @example
 * ```ts
 * detectSeparator('code;nom\n17093;Dolus') // ';'
 * ```
 */
export function detectSeparator(text: string): CsvSeparator {
  const lines = separatorCounts(text);
  let best: CsvSeparator = ',';
  let bestCount = 0;
  CSV_SEPARATORS.forEach((separator, which) => {
    const header = lines[0]?.[which] ?? 0;
    if (header === 0 || !lines.every((line) => line[which] === header)) return;
    if (header > bestCount) {
      best = separator;
      bestCount = header;
    }
  });
  return best;
}

/**
 * Splits CSV text into rows of fields (RFC 4180: quoted fields may hold separators, newlines and doubled quotes;
 * CRLF or LF line ends; a final empty line is ignored). One pass over the characters: it is the hot path.
 *
 * @example
 * ```ts
 * parseCsvRows('a;b\n"x;y";2', ';') // [['a', 'b'], ['x;y', '2']]
 * ```
 */
export function parseCsvRows(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (quoted) {
      if (code !== 34) continue;
      if (text.charCodeAt(index + 1) === 34) {
        field += text.slice(start, index + 1);
        index += 1;
        start = index + 1;
      } else {
        field += text.slice(start, index);
        quoted = false;
        start = index + 1;
      }
    } else if (code === 34 && start === index && field === '') {
      quoted = true;
      start = index + 1;
    } else if (text[index] === separator || code === 10 || code === 13) {
      row.push(field + text.slice(start, index));
      field = '';
      start = index + 1;
      if (code === 13 && text.charCodeAt(index + 1) === 10) {
        index += 1;
        start = index + 1;
      }
      if (code !== 10 && code !== 13) continue;
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
    }
  }
  if (start < text.length || field !== '' || row.length > 0) {
    row.push(field + text.slice(start));
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
  }
  return rows;
}

/** Decodes CSV bytes: a UTF-8 BOM is dropped; text that is not valid UTF-8 is read as Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array, encoding?: string): string {
  if (encoding !== undefined) return new TextDecoder(encoding).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
