import { describe, expect, it } from 'vitest';
import { draftDeterministic } from '../../src/domain/postmortem/deterministic-draft.js';
import { computeDurations } from '../../src/domain/postmortem/durations.js';
import type { Section } from '../../src/domain/postmortem/types.js';
import { verifyDraft } from '../../src/domain/postmortem/verify.js';
import { at, permalink, scriptedEvents, scriptedIncident, withChatter } from '../fixtures/postmortem/incident.js';

const claims = (s: Section) => (s.needsHuman ? [] : s.claims);

describe('draftDeterministic', () => {
  it('lists what was put on record, in time order, each citing its event', () => {
    const draft = draftDeterministic(scriptedIncident());
    expect(draft.timeline.map((e) => [e.eventId, e.cite])).toEqual([
      ['e-alert', 'record:e-alert'],
      ['e-declared', 'record:e-declared'],
      ['e-channel', 'record:e-channel'],
      ['e-first-status', permalink('e1001')],
      ['e-ic', 'record:e-ic'],
      ['e-scribe', 'record:e-scribe'],
      ['e-pin', permalink('e1003')],
      ['e-sev', 'record:e-sev'],
      ['e-identified', 'record:e-identified'],
      ['e-note', permalink('e1004')],
      ['e-proposed', 'record:e-proposed'],
      ['e-approved', 'record:e-approved'],
      ['e-executed', 'record:e-executed'],
      ['e-mitigated', 'record:e-mitigated'],
      ['e-update', permalink('e1005')],
      ['e-resolved', 'record:e-resolved'],
    ]);
    const text = (id: string) => draft.timeline.find((e) => e.eventId === id)?.text;
    expect(text('e-declared')).toBe('Incident declared as SEV2 by @U01DANA: "Checkout payments failing"');
    expect(text('e-ic')).toBe('Incident Commander assigned: @U01DANA by @U01DANA');
    expect(text('e-pin')).toBe('Pinned by @U03ALICE: "cache node restarted at 09:55"');
    expect(text('e-sev')).toBe('Severity changed SEV2 → SEV1 by @U01DANA');
    expect(text('e-approved')).toBe('Remediation flush-cache approved by @U01DANA');
    expect(draft.timeline.find((e) => e.eventId === 'e-sev')?.at).toEqual(at(8));
  });

  it('leaves ordinary chatter and deleted messages out of the timeline', () => {
    const draft = draftDeterministic(scriptedIncident());
    const ids = draft.timeline.map((e) => e.eventId);
    expect(ids).not.toContain('e-msg-1');
    expect(ids).not.toContain('e-deleted');
    expect(draft.stats.messages).toBe(2);
  });

  it('leaves records of the review itself (earlier drafts) out', () => {
    const events = [
      ...scriptedEvents(),
      {
        ...scriptedEvents()[0]!,
        id: 'e-pm',
        at: at(90),
        kind: 'postmortem_drafted',
        text: 'Postmortem draft v1 (model)',
      },
    ];
    expect(draftDeterministic(scriptedIncident(events)).timeline.map((e) => e.eventId)).not.toContain('e-pm');
  });

  it('sorts an out-of-order timeline', () => {
    const draft = draftDeterministic(scriptedIncident(scriptedEvents().reverse()));
    const times = draft.timeline.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('computes the header and durations from the milestones', () => {
    const draft = draftDeterministic(scriptedIncident());
    expect(draft.header).toEqual({
      ref: 'INC-42',
      title: 'Checkout payments failing',
      date: '2024-05-01',
      severity: 'SEV1',
      duration: '1 hour 12 minutes',
      authors: ['U01DANA', 'U04SAM'],
      status: 'draft',
      isDrill: false,
      resolution: 'fixed',
    });
    expect(draft.detection.timeToDetect).toEqual({
      ms: 12 * 60_000,
      text: '12 minutes',
      basis: 'first signal → declared',
    });
    expect(draft.resolution.timeToAcknowledge.text).toBe('2 minutes');
    expect(draft.resolution.timeToMitigate.text).toBe('25 minutes');
    expect(draft.resolution.timeToResolve.text).toBe('1 hour 12 minutes');
  });

  it('says "not recorded" rather than guessing a missing milestone', () => {
    const input = scriptedIncident(scriptedEvents().filter((e) => e.kind !== 'alert_received'));
    const open = { ...input.incident, status: 'investigating' as const, mitigatedAt: null, resolvedAt: null };
    const d = computeDurations(open, input.events);
    expect(d.detect).toEqual({ ms: null, text: 'not recorded', basis: 'first signal → declared' });
    expect(d.mitigate.text).toBe('not recorded');
    expect(d.resolve.ms).toBeNull();
    expect(draftDeterministic({ ...input, incident: open }).header.duration).toBe('ongoing');
  });

  it('marks the analytic sections as prompts for humans', () => {
    const draft = draftDeterministic(scriptedIncident());
    for (const s of [
      draft.rootCause.statement,
      draft.rootCause.fiveWhys,
      draft.contributingFactors,
      draft.detection.couldBeSooner,
      draft.wentWell,
      draft.gotLucky,
    ])
      expect(s).toMatchObject({ needsHuman: true, prompt: expect.any(String) });
    expect(draft.actionItems).toEqual([]);
    expect(draft.source).toBe('deterministic');
  });

  it('fills the factual parts of summary, detection and resolution from the record', () => {
    const draft = draftDeterministic(scriptedIncident());
    expect(claims(draft.summary)[0]?.text).toBe(
      'INC-42 (SEV1) "Checkout payments failing" was declared at 2024-05-01T10:00:00Z and resolved after 1 hour 12 minutes.',
    );
    expect(claims(draft.detection.how).map((c) => c.cites)).toEqual([['record:e-alert'], ['record:e-declared']]);
    expect(claims(draft.resolution.how).flatMap((c) => c.cites)).toEqual([
      'record:e-executed',
      'record:e-mitigated',
      'record:e-resolved',
    ]);
  });

  it('passes its own verification unchanged', () => {
    const input = scriptedIncident();
    const draft = draftDeterministic(input);
    expect(verifyDraft(draft, input)).toEqual(draft);
  });

  it('scrubs quoted channel text when asked', () => {
    const input = scriptedIncident();
    const draft = draftDeterministic(input, { scrub: (t) => t.replace(/09:55/g, '[time]') });
    expect(draft.timeline.find((e) => e.eventId === 'e-pin')?.text).toBe(
      'Pinned by @U03ALICE: "cache node restarted at [time]"',
    );
  });

  it('names people as the caller asks (the domain writes no chat markup of its own)', () => {
    const draft = draftDeterministic(scriptedIncident(), { person: (id) => `[person ${id}]` });
    expect(draft.timeline.find((e) => e.eventId === 'e-ic')?.text).toBe(
      'Incident Commander assigned: [person U01DANA] by [person U01DANA]',
    );
    expect(JSON.stringify(draftDeterministic(scriptedIncident()).timeline)).not.toMatch(/<[@#!]/);
  });

  it('drafts a 10,000-message incident from milestones and pins alone (speed: npm run bench)', () => {
    const input = withChatter(10_000);
    const draft = draftDeterministic(input);
    expect(draft.stats.messages).toBe(10_002);
    // Milestones plus the 20 pins; none of the 10,000 messages.
    expect(draft.timeline).toHaveLength(16 + 20);
    expect(draft.timeline.some((e) => e.kind === 'message')).toBe(false);
  });
});
