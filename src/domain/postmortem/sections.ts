import type { PostmortemDraft, Section } from './types.js';

/** The prose sections of a draft, in document order, with the titles people see. */
export const SECTION_KEYS = [
  'summary',
  'impact',
  'rootCause',
  'fiveWhys',
  'contributingFactors',
  'detectionHow',
  'detectionSooner',
  'resolutionHow',
  'wentWell',
  'wentWrong',
  'gotLucky',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Section headings as people see them; also the `where` of a blameless warning. */
export const SECTION_TITLE: Record<SectionKey, string> = {
  summary: 'Summary',
  impact: 'Impact',
  rootCause: 'Root cause',
  fiveWhys: '5 whys',
  contributingFactors: 'Contributing factors',
  detectionHow: 'Detection',
  detectionSooner: 'Detection',
  resolutionHow: 'Resolution',
  wentWell: 'What went well',
  wentWrong: 'What went wrong',
  gotLucky: 'Where we got lucky',
};

/** Reads one prose section; the nesting follows docs/domain.md's outline, this flattens it. */
export function getSection(d: PostmortemDraft, key: SectionKey): Section {
  switch (key) {
    case 'rootCause':
      return d.rootCause.statement;
    case 'fiveWhys':
      return d.rootCause.fiveWhys;
    case 'detectionHow':
      return d.detection.how;
    case 'detectionSooner':
      return d.detection.couldBeSooner;
    case 'resolutionHow':
      return d.resolution.how;
    default:
      return d[key];
  }
}

/** A copy of the draft with one prose section replaced. */
export function withSection(d: PostmortemDraft, key: SectionKey, s: Section): PostmortemDraft {
  switch (key) {
    case 'rootCause':
      return { ...d, rootCause: { ...d.rootCause, statement: s } };
    case 'fiveWhys':
      return { ...d, rootCause: { ...d.rootCause, fiveWhys: s } };
    case 'detectionHow':
      return { ...d, detection: { ...d.detection, how: s } };
    case 'detectionSooner':
      return { ...d, detection: { ...d.detection, couldBeSooner: s } };
    case 'resolutionHow':
      return { ...d, resolution: { ...d.resolution, how: s } };
    default:
      return { ...d, [key]: s };
  }
}

/** A copy of the draft with `fn` applied to every prose section. */
export function mapSections(d: PostmortemDraft, fn: (s: Section, key: SectionKey) => Section): PostmortemDraft {
  return SECTION_KEYS.reduce((draft, key) => withSection(draft, key, fn(getSection(draft, key), key)), d);
}

/** A section left for a human, shown as a marked prompt. */
export const prompt = (text: string): Section => ({ needsHuman: true, prompt: text });
