import { GENERIC_PEOPLE, PERSON_VERBS, PHRASE_RULES, POSSESSIVE } from './blameless-rules.js';
import { getSection, SECTION_KEYS, SECTION_TITLE } from './sections.js';
import type { BlamelessWarning, PostmortemDraft } from './types.js';

// A Slack mention (`<@U123>`, `<@U123|bob>`) or an `@handle`.
const MENTIONS = /<@[UW][A-Z0-9]+(?:\|[^>]*)?>|(?<![\w@])@[A-Za-z0-9][\w.-]*/.source;
const CAUSAL = String.raw`(?:\b(?:because|since|as|after|when) (?:of )?)?`;
// Up to two words between the person and the verb: "Bob accidentally broke", "Bob then forgot".
const GAP = String.raw`(?:\s+[\w'-]+){0,2}?\s+`;
// The rest of the clause, so the phrase reads on its own: "forgot to renew the cert".
const TAIL = String.raw`(?:\s+[\w'@<>|.-]+){0,6}`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Matcher {
  re: RegExp;
  suggestion: string;
}

const cache = new WeakMap<Record<string, string>, Matcher[]>();

/** Person-subject matchers for one names map: display names, first names of multi-word names, mentions. */
function matchersFor(names: Record<string, string>): Matcher[] {
  const known = cache.get(names);
  if (known) return known;
  const words = new Set<string>();
  for (const name of Object.values(names)) {
    const clean = name.trim();
    if (clean.length >= 2) words.add(clean);
    const first = clean.split(/\s+/)[0] ?? '';
    if (first.length >= 3 && first !== clean) words.add(first);
  }
  const named = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => String.raw`(?<![\w@])${escapeRegExp(w)}(?![\w])`);
  const person = `(?:${[MENTIONS, `\\b(?:${GENERIC_PEOPLE})\\b`, ...named].join('|')})`;
  const matchers = PERSON_VERBS.map((v) => ({
    re: new RegExp(`${CAUSAL}${person}${GAP}(?:${v.source})\\b${TAIL}`, 'gi'),
    suggestion: v.suggestion,
  }));
  matchers.push({ re: new RegExp(`${person}${POSSESSIVE.source}\\b`, 'gi'), suggestion: POSSESSIVE.suggestion });
  cache.set(names, matchers);
  return matchers;
}

/**
 * Blaming language in one text: phrases that blame anyone ("human error", "careless"), and people
 * — mentioned, @handled, or named as in `names` — as the subject of a blaming verb ("because
 * <@U1> forgot to…"). A person doing something neutral ("@bob restarted the pod") is not flagged.
 */
export function findBlame(text: string, where: string, names: Record<string, string> = {}): BlamelessWarning[] {
  const hits: { start: number; end: number; suggestion: string }[] = [];
  for (const m of [...matchersFor(names), ...PHRASE_RULES]) {
    m.re.lastIndex = 0;
    for (const hit of text.matchAll(m.re))
      hits.push({ start: hit.index, end: hit.index + hit[0].length, suggestion: m.suggestion });
  }
  // Person rules come first, so at one position the fuller "because Bob forgot…" wins over "forgot".
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const warnings: BlamelessWarning[] = [];
  let covered = -1;
  for (const h of hits) {
    if (h.start < covered) continue;
    covered = h.end;
    warnings.push({
      phrase: text
        .slice(h.start, h.end)
        .trim()
        .replace(/[.,;:!?]+$/, ''),
      suggestion: h.suggestion,
      where,
    });
  }
  return warnings;
}

/** Blameless warnings for the whole draft: prose sections, timeline entries and action items. */
export function checkBlameless(draft: PostmortemDraft, names: Record<string, string> = {}): BlamelessWarning[] {
  const out: BlamelessWarning[] = [];
  for (const key of SECTION_KEYS) {
    const section = getSection(draft, key);
    if (section.needsHuman) continue;
    for (const claim of section.claims) out.push(...findBlame(claim.text, SECTION_TITLE[key], names));
  }
  for (const entry of draft.timeline) out.push(...findBlame(entry.text, 'Timeline', names));
  for (const item of draft.actionItems) out.push(...findBlame(item.description, 'Action items', names));
  return out;
}
