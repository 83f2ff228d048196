import { severityLabel } from '../severity.js';
import { checkBlameless } from './blameless.js';
import { computeDurations, type IncidentDurations } from './durations.js';
import { prompt } from './sections.js';
import {
  citeOf,
  entryFor,
  isChatter,
  isReviewRecord,
  type NamePerson,
  plainPerson,
  type Scrub,
} from './timeline-entries.js';
import type {
  Claim,
  PostmortemDraft,
  PostmortemEvent,
  PostmortemIncident,
  PostmortemInput,
  Section,
  TimelineEntry,
} from './types.js';

export interface DeterministicOptions {
  /**
   * Applied to every quoted channel text (pins, notes, status updates). The document travels further
   * than the channel did, so callers pass the redactor; identity by default keeps this module pure.
   */
  scrub?: Scrub;
  /** How people are named in the timeline's text; plain `@U123` by default (see `NamePerson`). */
  person?: NamePerson;
}

/** Human-only sections: what the record cannot know. Phrased so the answer is about the system. */
export const PROMPTS = {
  summary: 'One paragraph in plain words: what happened, who was affected, how it was resolved.',
  impact: 'Users affected (count or share), SLO error budget consumed, data loss (none, or what), support tickets.',
  rootCause: 'The root cause as a system condition: what in the system, process or tooling allowed this to happen.',
  fiveWhys: 'Five whys: start from the user-visible symptom and ask "why?" until you reach a missing guardrail.',
  contributingFactors:
    'Conditions that made it worse or more likely (load, config drift, missing alerts, unclear runbook).',
  detectionHow: 'How was the problem first noticed: an alert, a customer report, an engineer?',
  detectionSooner: 'Could it have been detected sooner? Which signal would have caught it earlier?',
  resolutionHow: 'What fixed it, and how was recovery confirmed?',
  wentWell: 'What went well (tools, practices, decisions worth keeping).',
  wentWrong: 'What went wrong (gaps in tooling, process or information — not people).',
  gotLucky: 'Where we got lucky (things that limited the impact by chance).',
};

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

const written = (claims: Claim[], hint: string): Section =>
  claims.length ? { needsHuman: false, origin: 'record', claims, prompt: hint } : prompt(hint);

/** Events in time order; already-sorted input (the usual case: the repository orders by `at`) is not copied. */
function inOrder(events: readonly PostmortemEvent[]): readonly PostmortemEvent[] {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.at.getTime() < events[i - 1]!.at.getTime())
      // Array.prototype.sort is stable: events recorded at the same instant keep their order.
      return [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  return events;
}

interface Milestones {
  declared?: PostmortemEvent | undefined;
  resolved?: PostmortemEvent | undefined;
}

function summaryClaims(i: PostmortemIncident, d: IncidentDurations, { declared, resolved }: Milestones): Claim[] {
  const outcome = i.resolvedAt
    ? `resolved${i.resolution === 'false_alarm' ? ' as not an incident' : ''} after ${d.resolve.text}`
    : `is ${i.status}`;
  const kind = `${severityLabel(i.severity)}${i.isDrill ? ' drill' : ''}`;
  const claims: Claim[] = [
    {
      text: `${i.ref} (${kind}) "${i.title}" was declared at ${iso(i.declaredAt)} and ${outcome}.`,
      cites: [declared, resolved].filter((e) => e !== undefined).map(citeOf),
    },
  ];
  if (i.summary) claims.push({ text: i.summary, cites: resolved ? [citeOf(resolved)] : [] });
  return claims;
}

function impactClaims(i: PostmortemIncident, d: IncidentDurations): Claim[] {
  const claims: Claim[] = [];
  if (i.impact) claims.push({ text: i.impact, cites: [] });
  if (i.services.length) claims.push({ text: `Services affected: ${i.services.join(', ')}.`, cites: [] });
  claims.push({ text: `Duration: ${d.resolve.text} (${d.resolve.basis}).`, cites: [] });
  return claims;
}

/**
 * A postmortem draft from the record alone: header and durations from the incident's milestones, a
 * timeline of what people put on record (milestones, pins, notes, highlights, status updates,
 * severity/status/role changes, remediation proposals and decisions — not the chatter), each entry
 * citing its event. The analytic sections are prompts for the people in the review. Linear in the
 * number of events; no clock, so the same input gives the same draft.
 */
export function draftDeterministic(input: PostmortemInput, options: DeterministicOptions = {}): PostmortemDraft {
  const scrub = options.scrub ?? ((t: string) => t);
  const person = options.person ?? plainPerson;
  const i: PostmortemIncident = {
    ...input.incident,
    title: scrub(input.incident.title),
    impact: input.incident.impact && scrub(input.incident.impact),
    summary: input.incident.summary && scrub(input.incident.summary),
  };
  const events = inOrder(input.events);
  const durations = computeDurations(i, events);

  const timeline: TimelineEntry[] = [];
  const milestones: Milestones = {};
  let messages = 0;
  const failed: PostmortemEvent[] = [];
  const fixes: PostmortemEvent[] = [];
  for (const e of events) {
    if (e.kind === 'message') messages++;
    if (isChatter(e.kind) || isReviewRecord(e.kind)) continue;
    // The first declaration, and the last resolution (an incident may be reopened and resolved again).
    if (e.kind === 'declared') milestones.declared ??= e;
    if (e.kind === 'resolved') milestones.resolved = e;
    if (e.kind === 'remediation_failed') failed.push(e);
    if (e.kind === 'remediation_executed' || (e.kind === 'status_changed' && e.data.to === 'mitigated')) fixes.push(e);
    timeline.push(entryFor(e, scrub, person));
  }

  const firstAlert = events.find((e) => e.kind.startsWith('alert'));
  const { declared, resolved } = milestones;
  const claimOf = (e: PostmortemEvent): Claim => ({
    text: `${iso(e.at)} — ${entryFor(e, scrub, person).text}`,
    cites: [citeOf(e)],
  });
  const detection = [firstAlert, declared].filter((e) => e !== undefined).map(claimOf);
  const resolution = [...fixes, ...(resolved ? [resolved] : [])].map(claimOf);
  const wentWrong = failed.map(claimOf);
  const authors = [...new Set([input.people.ic, input.people.scribe].filter((u): u is string => Boolean(u)))];

  const draft: PostmortemDraft = {
    source: 'deterministic',
    header: {
      ref: i.ref,
      title: i.title,
      date: i.declaredAt.toISOString().slice(0, 10),
      severity: severityLabel(i.severity),
      duration: i.resolvedAt ? durations.resolve.text : 'ongoing',
      authors,
      status: 'draft',
      isDrill: i.isDrill,
      resolution: i.resolution,
    },
    summary: written(summaryClaims(i, durations, milestones), PROMPTS.summary),
    impact: written(impactClaims(i, durations), PROMPTS.impact),
    timeline,
    rootCause: { statement: prompt(PROMPTS.rootCause), fiveWhys: prompt(PROMPTS.fiveWhys) },
    contributingFactors: prompt(PROMPTS.contributingFactors),
    detection: {
      how: written(detection, PROMPTS.detectionHow),
      timeToDetect: durations.detect,
      couldBeSooner: prompt(PROMPTS.detectionSooner),
    },
    resolution: {
      how: written(resolution, PROMPTS.resolutionHow),
      timeToAcknowledge: durations.acknowledge,
      timeToMitigate: durations.mitigate,
      timeToResolve: durations.resolve,
    },
    wentWell: prompt(PROMPTS.wentWell),
    wentWrong: written(wentWrong, PROMPTS.wentWrong),
    gotLucky: prompt(PROMPTS.gotLucky),
    actionItems: [],
    warnings: [],
    stats: {
      inputTokens: 0,
      calls: 0,
      chunks: 0,
      messages,
      droppedEvents: 0,
      droppedClaims: 0,
      sampledOut: 0,
      redactions: 0,
    },
    ...(input.timezone ? { timezone: input.timezone } : {}),
  };
  return { ...draft, warnings: checkBlameless(draft, input.names) };
}
