const SECRET_PARAMETERS = new Set(['apikey', 'api_key', 'key', 'token', 'access_token', 'gppkey']);

/**
 * The URL as it may be printed: secret query parameters (`apikey`, `token`, …) and user info replaced by `***`.
 * Every URL that reaches an error message or a log goes through it.
 *
 * @example
 * ```ts
 * redactUrl('https://data.geopf.fr/private/wms-r?apikey=abc&LAYERS=x') // '…?apikey=***&LAYERS=x'
 * ```
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return String(url).replace(/([?&](?:apikey|api_key|key|token|access_token|gppkey)=)[^&#]*/gi, '$1***');
  }
  if (parsed.username || parsed.password) {
    parsed.username = '***';
    parsed.password = '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMETERS.has(name.toLowerCase())) parsed.searchParams.set(name, '***');
  }
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}

/**
 * Replaces every occurrence of `secret` in `text` by `***` (for server messages that echo a key back).
 *
 * @example
 * ```ts
 * redactSecret('invalid key abc123', 'abc123') // 'invalid key ***'
 * ```
 */
export function redactSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
