import { mapSections } from './sections.js';
import type {
  ActionItem,
  Cite,
  Claim,
  PostmortemDraft,
  PostmortemEvent,
  PostmortemInput,
  Section,
  TimelineEntry,
} from './types.js';

/** How far a timeline entry's time may be from its event's (the model rounds to the minute). */
export const TIME_TOLERANCE_MS = 60_000;

/** The input's events by id and by permalink: what a citation may point at. */
export interface EventIndex {
  byId: Map<string, PostmortemEvent>;
  permalinks: Set<string>;
}

/** Indexes the input's events once, for checking many citations. */
export function indexEvents(input: Pick<PostmortemInput, 'events'>): EventIndex {
  const byId = new Map<string, PostmortemEvent>();
  const permalinks = new Set<string>();
  for (const e of input.events) {
    byId.set(e.id, e);
    if (e.permalink) permalinks.add(e.permalink);
  }
  return { byId, permalinks };
}

/** Whether `cite` points at an input event: its permalink, or `record:<id>` of an event that exists. */
export function citesInput(cite: Cite, index: EventIndex): boolean {
  return cite.startsWith('record:') ? index.byId.has(cite.slice('record:'.length)) : index.permalinks.has(cite);
}

/**
 * The event a timeline entry is about, when the entry holds up: the event exists, the citation is its
 * permalink or its record id, and the entry's time is within a minute of the event's.
 */
export function eventOf(entry: TimelineEntry, index: EventIndex): PostmortemEvent | undefined {
  const e = index.byId.get(entry.eventId);
  if (!e) return undefined;
  if (entry.cite !== e.permalink && entry.cite !== `record:${e.id}`) return undefined;
  const at = entry.at.getTime();
  return Number.isFinite(at) && Math.abs(at - e.at.getTime()) <= TIME_TOLERANCE_MS ? e : undefined;
}

/**
 * Holds a draft to the record. Drops timeline entries whose event is not in the input, whose
 * citation is not that event's, or whose time is off by more than a minute (kept entries take the
 * recorded time); drops citations to anything outside the input, and then every claim and action
 * item left without one — except facts taken from the incident row (`origin: 'record'`), which need
 * none. Drops are added to `stats`. Every model draft goes through here before anyone sees it.
 */
export function verifyDraft(draft: PostmortemDraft, input: Pick<PostmortemInput, 'events'>): PostmortemDraft {
  const index = indexEvents(input);
  let droppedEvents = 0;
  let droppedClaims = 0;

  const timeline: TimelineEntry[] = [];
  for (const entry of draft.timeline) {
    const e = eventOf(entry, index);
    if (e) timeline.push({ ...entry, at: e.at });
    else droppedEvents++;
  }

  const keep = <T extends Claim | ActionItem>(item: T, needsCite: boolean): T | undefined => {
    const cites = item.cites.filter((c) => citesInput(c, index));
    if (cites.length === 0 && (needsCite || item.cites.length > 0)) {
      droppedClaims++;
      return undefined;
    }
    return { ...item, cites };
  };
  const section = (s: Section): Section => {
    if (s.needsHuman) return s;
    const claims = s.claims.map((c) => keep(c, s.origin === 'model')).filter((c) => c !== undefined);
    return { ...s, claims };
  };
  const actionItems = draft.actionItems.map((a) => keep(a, true)).filter((a) => a !== undefined);

  const verified = mapSections({ ...draft, timeline, actionItems }, section);
  return {
    ...verified,
    stats: {
      ...draft.stats,
      droppedEvents: draft.stats.droppedEvents + droppedEvents,
      droppedClaims: draft.stats.droppedClaims + droppedClaims,
    },
  };
}
