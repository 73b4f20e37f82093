import { JumeauError } from '@jumeau/core';

const MILLISECONDS_PER_JULIAN_YEAR = 365.25 * 86_400_000;

/** A date as a decimal year (2011.747…), the time axis of shoreline-change rates. Julian years of 365.25 days. */
export function decimalYear(date: Date): number {
  const year = date.getUTCFullYear();
  return year + (date.getTime() - Date.UTC(year, 0, 1)) / MILLISECONDS_PER_JULIAN_YEAR;
}

function parseOne(text: string, end: boolean): Date {
  if (/^\d{4}$/.test(text)) return new Date(Date.UTC(Number(text), 6, 1));
  if (/^\d{6}$/.test(text)) {
    const year = Number(text.slice(0, 4));
    const month = Number(text.slice(4, 6)) - 1;
    // A month range is taken from the first day of its first month to the last day of its last month.
    return end ? new Date(Date.UTC(year, month + 1, 0)) : new Date(Date.UTC(year, month, 1));
  }
  if (/^\d{8}$/.test(text)) return new Date(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(4, 6)) - 1, Number(text.slice(6, 8))));
  if (/^\d{14}$/.test(text)) {
    const part = (start: number, length: number) => Number(text.slice(start, start + length));
    return new Date(Date.UTC(part(0, 4), part(4, 2) - 1, part(6, 2), part(8, 2), part(10, 2), part(12, 2)));
  }
  throw new JumeauError('format', `Cannot read the shoreline date "${text}" (expected YYYY, YYYYMM, YYYYMMDD or YYYYMMDDhhmmss)`);
}

/**
 * The date of a shoreline as MobiTC writes it: `date1` and `date2` (`0` when the shoreline has one date). A year
 * alone stands for 1 July; a range (`201109`–`201110`, or two survey timestamps) stands for its midpoint, as in
 * Cerema's MobiTC (the 2011 INGITC shoreline of Sept–Oct 2011 → 1 October 2011; MobiTC prints 30 September).
 *
 * @example
 * ```ts
 * shorelineDate('1942', '0') // 1942-07-01
 * shorelineDate('201109', '201110') // 2011-10-01T00:00Z
 * ```
 */
export function shorelineDate(date1: string, date2: string): Date {
  const start = parseOne(date1.trim(), false);
  const second = date2.trim();
  if (second === '' || second === '0') return start;
  const end = parseOne(second, true);
  return new Date((start.getTime() + end.getTime()) / 2);
}
