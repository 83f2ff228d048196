/**
 * Text from outside (alert payloads, Slack) made storable. PostgreSQL refuses a NUL byte in `text`
 * and `\u0000` or an unpaired surrogate escape in `jsonb`: one such character in an alert label
 * would make the whole delivery unstorable, answered 500 on every retry and lost. Other control
 * characters carry no meaning in a chat message and can hide text, so they go too; tab and newline
 * stay.
 */

// C0 controls but tab and newline, DEL and the C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// A surrogate without its partner is not a character: UTF-8 cannot carry it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes control characters (tab and newline kept) and replaces unpaired surrogates with U+FFFD. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** `cleanText` applied to every string and key of a parsed JSON value (what goes into `jsonb`). */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanJson(v);
    return out;
  }
  return value;
}

// In JSON.stringify's output, what `cleanText` would change: an escaped control character (\b, \f, \r,
// \u00XX; tab and newline come out as \t and \n and stay), an escaped lone surrogate, or a raw DEL or C1
// control. A false alarm (a backslash followed by such a letter in the text) only costs the slow path.
const NEEDS_CLEANING = /\\[bfr]|\\u00|\\ud[89a-f]|[\u007F-\u009F]/i;

/**
 * `JSON.stringify(cleanJson(value))`, without walking and copying the value when nothing in it needs
 * cleaning (nearly always): serialised once, checked once.
 */
export function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  return NEEDS_CLEANING.test(json) ? JSON.stringify(cleanJson(value)) : json;
}
