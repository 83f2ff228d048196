import { describe, expect, it } from 'vitest';
import { draftDeterministic } from '../../src/domain/postmortem/deterministic-draft.js';
import type { PostmortemDraft, TimelineEntry } from '../../src/domain/postmortem/types.js';
import { verifyDraft } from '../../src/domain/postmortem/verify.js';
import { at, permalink, scriptedIncident } from '../fixtures/postmortem/incident.js';

const input = scriptedIncident();
const base = draftDeterministic(input);
const entry = (e: Partial<TimelineEntry> & Pick<TimelineEntry, 'eventId' | 'at' | 'cite'>): TimelineEntry => ({
  text: 'model summary',
  kind: 'message',
  category: 'diagnosis',
  origin: 'model',
  ...e,
});

describe('verifyDraft', () => {
  it('drops timeline entries citing events that are not in the input, or not matching them', () => {
    const draft: PostmortemDraft = {
      ...base,
      timeline: [
        ...base.timeline,
        entry({ eventId: 'e-msg-1', at: at(4, 30), cite: permalink('e1002') }),
        entry({ eventId: 'e-invented', at: at(9), cite: 'record:e-invented' }),
        entry({ eventId: 'e-msg-2', at: at(40), cite: permalink('e1003') }),
        entry({ eventId: 'e-msg-2', at: at(5), cite: 'https://acme.slack.com/archives/C0INC42/p999' }),
        entry({ eventId: 'e-msg-2', at: at(5), cite: permalink('e1002') }),
      ],
    };
    const verified = verifyDraft(draft, input);
    expect(verified.timeline).toHaveLength(base.timeline.length + 1);
    const kept = verified.timeline.find((e) => e.eventId === 'e-msg-1');
    // Within the minute, and then the recorded time wins.
    expect(kept?.at).toEqual(at(4));
    expect(verified.timeline.map((e) => e.eventId)).not.toContain('e-invented');
    expect(verified.stats.droppedEvents).toBe(4);
  });

  it('drops claims and action items left without a citation to the input', () => {
    const draft: PostmortemDraft = {
      ...base,
      wentWell: {
        needsHuman: false,
        origin: 'model',
        claims: [
          { text: 'The runbook worked first time.', cites: ['record:e-executed', 'record:e-made-up'] },
          { text: 'Paging was instant.', cites: ['record:e-made-up'] },
          { text: 'An uncited opinion.', cites: [] },
          { text: 'The pin helped.', cites: [permalink('e1003')] },
          { text: 'A forged link.', cites: ['https://evil.example/p1'] },
        ],
      },
      actionItems: [
        {
          key: 'a',
          type: 'detect',
          description: 'Alert on maxmemory',
          priority: 'P1',
          validation: 'v',
          cites: ['record:e-note'],
        },
        { key: 'b', type: 'prevent', description: 'Invented', priority: 'P0', validation: 'v', cites: ['record:nope'] },
      ],
    };
    const verified = verifyDraft(draft, input);
    expect(verified.wentWell).toEqual({
      needsHuman: false,
      origin: 'model',
      claims: [
        { text: 'The runbook worked first time.', cites: ['record:e-executed'] },
        { text: 'The pin helped.', cites: [permalink('e1003')] },
      ],
    });
    expect(verified.actionItems.map((a) => a.key)).toEqual(['a']);
    expect(verified.stats.droppedClaims).toBe(4);
    // Facts from the incident row need no citation.
    expect(verified.impact).toEqual(base.impact);
  });
});
