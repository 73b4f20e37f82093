import { JumeauError } from '@jumeau/core';

/**
 * A streaming RFC 4180 CSV reader: quoted fields may hold delimiters, quotes ("") and line breaks. Yields one
 * record (array of fields) at a time with its 1-based line number; a trailing empty line is ignored.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<string | Uint8Array>,
  delimiter: string,
): AsyncGenerator<{ fields: string[]; line: number }> {
  const decoder = new TextDecoder();
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let pendingCarriageReturn = false;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    for (let index = 0; index < text.length; index += 1) {
      const character = text[index] as string;
      if (pendingCarriageReturn) {
        pendingCarriageReturn = false;
        if (character === '\n') continue;
      }
      if (quoted) {
        if (character === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 1;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (character === '\n') line += 1;
          field += character;
        }
        continue;
      }
      if (character === '"' && field.length === 0 && !afterQuote) {
        quoted = true;
      } else if (character === delimiter) {
        fields.push(field);
        field = '';
        afterQuote = false;
      } else if (character === '\n' || character === '\r') {
        fields.push(field);
        yield { fields, line: recordLine };
        fields = [];
        field = '';
        afterQuote = false;
        line += 1;
        recordLine = line;
        pendingCarriageReturn = character === '\r';
      } else if (afterQuote) {
        throw new JumeauError('format', `CSV line ${line}: unexpected "${character}" after a closing quote`);
      } else {
        field += character;
      }
    }
  }
  if (quoted) throw new JumeauError('format', `CSV line ${recordLine}: a quoted field is never closed`);
  if (field.length > 0 || fields.length > 0) {
    fields.push(field);
    yield { fields, line: recordLine };
  }
}

/** Quotes a field when it holds the delimiter, a quote or a line break. */
export function formatCsvField(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

/** Guesses the delimiter from a header line: `;` (French spreadsheets), tab, or `,`. */
export function detectDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((candidate) => ({ candidate, count: header.split(candidate).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0] && counts[0].count > 0 ? counts[0].candidate : ',';
}
