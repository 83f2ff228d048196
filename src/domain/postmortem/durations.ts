import { formatDuration } from '../duration-text.js';
import type { DurationFact, PostmortemEvent, PostmortemIncident } from './types.js';

/** What a duration reads when one of its milestones was never recorded: said, not guessed. */
export const NOT_RECORDED = 'not recorded';

/** The response times a postmortem reports, each from two recorded instants, never estimated. */
export interface IncidentDurations {
  /** First signal (an alert, or anything recorded before the declaration) → declared. */
  detect: DurationFact;
  /** Declared → acknowledged (an IC took the incident). */
  acknowledge: DurationFact;
  mitigate: DurationFact;
  resolve: DurationFact;
}

/** `ms` between two instants, as a fact; a missing end (or a start after the end) reads "not recorded". */
export function between(start: Date | null, end: Date | null, basis: string): DurationFact {
  if (!start || !end || end.getTime() < start.getTime()) return { ms: null, text: NOT_RECORDED, basis };
  const ms = end.getTime() - start.getTime();
  return { ms, text: formatDuration(ms), basis };
}

/**
 * The earliest evidence that something was wrong: an alert event (its `data.startsAt` when the
 * monitor says when it began firing) or any event recorded before the declaration. Undefined when
 * the record starts with the declaration, which is the usual case for a human-declared incident.
 */
export function firstSignal(incident: PostmortemIncident, events: readonly PostmortemEvent[]): Date | undefined {
  const declared = incident.declaredAt.getTime();
  let first: number | undefined;
  for (const e of events) {
    const candidates = [e.at.getTime()];
    if (e.kind.startsWith('alert') && typeof e.data.startsAt === 'string') candidates.push(Date.parse(e.data.startsAt));
    for (const t of candidates) {
      const isSignal = e.kind.startsWith('alert') || (e.kind !== 'declared' && t < declared);
      if (isSignal && Number.isFinite(t) && t < declared && (first === undefined || t < first)) first = t;
    }
  }
  return first === undefined ? undefined : new Date(first);
}

/** Time to detect, acknowledge, mitigate and resolve, from the incident's milestones. */
export function computeDurations(incident: PostmortemIncident, events: readonly PostmortemEvent[]): IncidentDurations {
  const declared = incident.declaredAt;
  return {
    detect: between(firstSignal(incident, events) ?? null, declared, 'first signal → declared'),
    acknowledge: between(declared, incident.acknowledgedAt, 'declared → acknowledged'),
    mitigate: between(declared, incident.mitigatedAt, 'declared → mitigated'),
    resolve: between(declared, incident.resolvedAt, 'declared → resolved'),
  };
}
