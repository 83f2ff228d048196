/**
 * Deterministic symptom matching for the rules engine. Text is only ever tokenised and compared,
 * never interpreted, so instructions hidden in an incident message are just words that match nothing.
 *
 * A symptom matches when its words appear in order, with at most MAX_GAP other words between two of
 * them ("redis timeout" matches "Redis connection timeout"). Words of 4+ characters may sit inside a
 * longer token ("OOMKilled" matches "KubePodOOMKilled"); shorter ones ("of", "137") must be whole tokens
 * so "out of memory" does not match "timeout offline memory".
 */

const MAX_GAP = 2;

/** Lowercase tokens; dots stay inside a token so `10.0.0.1:6379` is two words, not five. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t.length > 0);
}

/**
 * Token streams to match a text against: as written, and with camelCase split so an alert named
 * `RedisTimeout` matches "redis timeout" while `OOMKilled` still matches "OOMKilled".
 */
export function textTokens(text: string): string[][] {
  const plain = tokenize(text);
  const split = tokenize(text.replace(/([a-z0-9])([A-Z])/g, '$1 $2'));
  return split.length === plain.length ? [plain] : [plain, split];
}

function wordMatches(token: string, word: string): boolean {
  return word.length <= 3 ? token === word : token.includes(word);
}

/** Whether the symptom's words occur in `tokens` in order, each within MAX_GAP words of the previous. */
export function phraseMatches(tokens: readonly string[], words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const from = (wordIndex: number, start: number, end: number): boolean => {
    for (let i = start; i < Math.min(end, tokens.length); i++) {
      if (!wordMatches(tokens[i]!, words[wordIndex]!)) continue;
      if (wordIndex === words.length - 1 || from(wordIndex + 1, i + 1, i + 2 + MAX_GAP)) return true;
    }
    return false;
  };
  return from(0, 0, tokens.length);
}

/** Whether a symptom (as written in a runbook) matches any of the token streams of one text. */
export function symptomMatches(symptom: string, streams: readonly (readonly string[])[]): boolean {
  const words = tokenize(symptom);
  return streams.some((tokens) => phraseMatches(tokens, words));
}
