/** Longer than any real dashboard or alert link; a cap keeps a clipped message from cutting a link in half. */
export const LINK_URL_MAX = 1000;

/**
 * The URL when it is safe to turn into a link, else undefined. A URL from an alert is text from
 * outside: `https://x|Open> <!channel> <https://evil` would close Slack's `<url|label>` early and
 * ping the channel. Only http(s), parseable by `URL`, with no `|`, `<`, `>`, whitespace or control
 * characters, and not absurdly long. The caller shows anything else as plain, escaped text.
 */
export function linkableUrl(text: string | null | undefined): string | undefined {
  if (!text || text.length > LINK_URL_MAX) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\s|<>\u0000-\u001f\u007f]/.test(text)) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.hostname ? text : undefined;
}
