/**
 * Parses a single-range HTTP `Range` header (`bytes=start-end`, `bytes=start-`, `bytes=-suffix`) against a file of
 * `size` bytes; returns the inclusive byte range, or null when unsatisfiable or malformed (→ 416). Multi-range
 * requests are not supported (the COG reader never sends them) and return null.
 *
 * @example
 * ```ts
 * parseRange('bytes=0-1023', 1_207_292) // { start: 0, end: 1023 }
 * parseRange('bytes=-500', 1000)        // { start: 500, end: 999 }
 * ```
 */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '') || size === 0) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}
