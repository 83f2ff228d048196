/**
 * Deterministic symptom matching for the rules engine. Text is only ever tokenised and compared,
 * never interpreted, so instructions hidden in an incident message are just words that match nothing.
 *
 * A symptom matches when its words appear in order, with at most MAX_GAP other words between two of
 * them ("redis timeout" matches "Redis connection timeout"). Words of 4+ characters may sit inside a
 * longer token ("OOMKilled" matches "KubePodOOMKilled"); shorter ones ("of", "137") must be whole tokens
 * so "out of memory" does not match "timeout offline memory".
 *
 * Responders do not write the way runbooks do: "timed out", "ENOSPC", "filesystem full", "we shipped
 * v2 and 5xx started". Both sides are also compared after folding such variants to one spelling
 * (`SYNONYMS`), so a runbook lists the idea once and matches the ways people and logs say it.
 * A symptom written as `/regular expression/` is tested against the raw text instead, case-insensitively.
 */

const MAX_GAP = 2;

/**
 * Variants folded to one canonical spelling before matching, on both the symptom and the text. Only
 * whole words fold (`\b`), so "timeout" inside "KubePodTimeoutX" is left to the substring rule.
 * Kept to failure vocabulary: each entry was checked against the unrelated incidents of the
 * evaluation set (test/fixtures/symptom-eval.ts) so a fold cannot turn chatter into a match.
 */
const SYNONYMS: readonly (readonly [canonical: string, variants: RegExp])[] = [
  ['timeout', /\b(?:timed[\s_-]*out|time[\s_-]*out|timing[\s_-]*out|timeouts|etimedout|deadline exceeded)\b/g],
  [
    'disk full',
    /\b(?:no space left on (?:the )?device|out of (?:disk )?space|(?:disk|file[\s_-]*system|fs|volume|partition)(?: is)?[\s_-]*(?:full|out of space)|enospc|disk space (?:exhausted|full))\b/g,
  ],
  [
    'out of memory',
    /\b(?:oom[\s_-]*kill(?:ed|er|s)?|oom|ran out of memory|memory exhausted|out of memory|outofmemory(?:error)?)\b/g,
  ],
  [
    'too many connections',
    /\b(?:too many (?:connections|clients)|connection pool (?:is )?(?:exhausted|full)|pool exhausted|max(?:imum)?[\s_]*connections (?:reached|exceeded)|connection limit (?:reached|exceeded)|remaining connection slots)\b/g,
  ],
  // "release" only as a noun or past tense: "release the lock" is not a deploy.
  [
    'deploy',
    /\b(?:deploy(?:ed|ment|ments|s|ing)?|released|(?:new|the|this|last|latest|a) release|release v?\d[\w.-]*|rolled[\s-]*out|roll[\s-]*out|rollouts?|shipped)\b/g,
  ],
  ['errors', /\b(?:errors?|5xx|50[0234]s|exceptions?|erroring)\b/g],
];

/** The text with every synonym folded to its canonical spelling (lowercased). */
export function foldSynonyms(text: string): string {
  let folded = text.toLowerCase();
  // Spaces around: a fold inside `java.lang.OutOfMemoryError` must still become words of its own.
  for (const [canonical, variants] of SYNONYMS) folded = folded.replace(variants, ` ${canonical} `);
  return folded;
}

/** Whether the text says one of the canonical ideas of `SYNONYMS` (`deploy`, `errors`, …) in any of its spellings. */
export function mentionsConcept(text: string, canonical: (typeof SYNONYMS)[number][0]): boolean {
  return ` ${tokenize(foldSynonyms(text)).join(' ')} `.includes(` ${canonical} `);
}

/** Lowercase tokens; dots stay inside a token so `10.0.0.1:6379` is two words, not five. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t.length > 0);
}

/** One text prepared for matching: its token streams, and the raw text for `/regex/` symptoms. */
export interface ScannedText {
  raw: string;
  streams: string[][];
}

/**
 * Token streams to match a text against: as written, with camelCase split (so an alert named
 * `RedisTimeout` matches "redis timeout" while `OOMKilled` still matches "OOMKilled"), and each of
 * those with synonyms folded.
 */
export function textTokens(text: string): string[][] {
  const camel = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  const candidates = [tokenize(text), tokenize(camel), tokenize(foldSynonyms(text)), tokenize(foldSynonyms(camel))];
  const seen = new Set<string>();
  return candidates.filter((stream) => {
    const key = stream.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prepares one text for `symptomMatches`. */
export function scanText(text: string): ScannedText {
  return { raw: text, streams: textTokens(text) };
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

const REGEX_SYMPTOM = /^\/(.+)\/$/s;

/** The pattern of a `/regular expression/` symptom, or undefined for a plain phrase. */
export function symptomPattern(symptom: string): RegExp | undefined {
  const source = REGEX_SYMPTOM.exec(symptom)?.[1];
  return source === undefined ? undefined : new RegExp(source, 'iu');
}

/** Why a `/regular expression/` symptom cannot be used, or undefined when it is a phrase or a valid pattern. */
export function symptomProblem(symptom: string): string | undefined {
  try {
    const pattern = symptomPattern(symptom);
    if (pattern?.test('')) return 'is a regular expression that matches empty text, so it would match everything';
    return undefined;
  } catch (err) {
    return `is not a valid regular expression (${(err as Error).message})`;
  }
}

/** Only this much of one text is searched by a `/regex/` symptom: a bound on the work a paste can cause. */
const REGEX_TEXT_MAX = 20_000;

/** Whether a symptom (as written in a runbook) matches one scanned text. */
export function symptomMatches(symptom: string, text: ScannedText): boolean {
  const pattern = symptomPattern(symptom);
  if (pattern) return pattern.test(text.raw.slice(0, REGEX_TEXT_MAX));
  const forms = [tokenize(symptom), tokenize(foldSynonyms(symptom))];
  return forms.some((words) => text.streams.some((tokens) => phraseMatches(tokens, words)));
}
