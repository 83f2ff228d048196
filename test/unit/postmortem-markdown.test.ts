import { describe, expect, it } from 'vitest';
import { draftDeterministic } from '../../src/domain/postmortem/deterministic-draft.js';
import { renderPostmortemMarkdown } from '../../src/domain/postmortem/render-markdown.js';
import type { PostmortemDraft } from '../../src/domain/postmortem/types.js';
import { permalink, scriptedEvents, scriptedIncident } from '../fixtures/postmortem/incident.js';

// docs/domain.md, "Blameless postmortem".
const SECTIONS = [
  '## Summary',
  '## Impact',
  '## Timeline',
  '## Root cause and contributing factors',
  '### 5 whys',
  '### Contributing factors',
  '## Detection',
  '## Resolution',
  '## What went well',
  '## What went wrong',
  '## Where we got lucky',
  '## Action items',
  '## Blameless review',
];

describe('renderPostmortemMarkdown', () => {
  const draft = draftDeterministic({ ...scriptedIncident(), timezone: 'Europe/Paris' });
  const md = renderPostmortemMarkdown(draft);

  it('has every section docs/domain.md requires, in order', () => {
    const positions = SECTIONS.map((s) => md.indexOf(`\n${s}\n`));
    for (const [i, p] of positions.entries()) expect(p, SECTIONS[i]).toBeGreaterThan(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('has the header fields', () => {
    expect(md).toMatch(/^# INC-42: Checkout payments failing\n/);
    for (const row of [
      '| Date | 2024-05-01 |',
      '| Severity | SEV1 |',
      '| Duration | 1 hour 12 minutes |',
      '| Authors | @U01DANA, @U04SAM |',
      '| Status | draft |',
    ])
      expect(md).toContain(row);
  });

  it('lists the timeline with source links, UTC times and the incident timezone', () => {
    expect(md).toContain(
      `- **2024-05-01T10:06:00Z (12:06 Europe/Paris)** — Pinned by @U03ALICE: "cache node restarted at 09:55" — [source](${permalink('e1003')})`,
    );
    expect(md).toContain(
      '- **2024-05-01T10:08:00Z (12:08 Europe/Paris)** — Severity changed SEV2 → SEV1 by @U01DANA — `record:e-sev`',
    );
  });

  it('prints durations and marked prompts for what humans must write', () => {
    expect(md).toContain('- **Time to detect:** 12 minutes (first signal → declared)');
    expect(md).toContain('- **Time to resolve:** 1 hour 12 minutes (declared → resolved)');
    expect(md).toMatch(/### Root cause\n> ✍️ \*\*Fill in:\*\* The root cause as a system condition/);
    expect(md).toMatch(/## Action items\n> ✍️ \*\*Fill in:\*\*/);
  });

  it('renders action items as a table and warnings as a review list', () => {
    const withItems: PostmortemDraft = {
      ...draft,
      actionItems: [
        {
          key: 'pm-abc',
          type: 'detect',
          description: 'Alert on Redis maxmemory | eviction rate',
          priority: 'P1',
          validation: 'Fire a test alert',
          cites: ['record:e-note'],
        },
      ],
      warnings: [{ phrase: 'Bob broke prod', suggestion: 'Describe the pipeline gap.', where: 'Root cause' }],
    };
    const out = renderPostmortemMarkdown(withItems);
    expect(out).toContain('| ID | Type | Description | Owner | Priority | Due date | Status | Validation |');
    expect(out).toContain(
      '| pm-abc | detect | Alert on Redis maxmemory \\| eviction rate (`record:e-note`) | _to assign_ | P1 | _to set_ | proposed | Fire a test alert |',
    );
    expect(out).toContain('## Blameless review\n- "Bob broke prod" (Root cause): Describe the pipeline gap.');
  });

  it('names authors and owners as the caller asks', () => {
    const person = (id: string) => `[person ${id}]`;
    const item = {
      ref: 'INC-42-A1',
      type: 'detect',
      description: 'Alert on evictions',
      ownerId: 'U04SAM',
      priority: 'P1',
      due: '2024-05-08',
      status: 'open',
      validation: null,
    };
    const out = renderPostmortemMarkdown(draft, { recordedActionItems: [item], person });
    expect(out).toContain('| Authors | [person U01DANA], [person U04SAM] |');
    expect(out).toContain('| INC-42-A1 | detect | Alert on evictions | [person U04SAM] | P1 | 2024-05-08 | open |');
    expect(renderPostmortemMarkdown(draft, { recordedActionItems: [item] })).not.toMatch(/<[@#!]/);
  });

  it('works without a timezone and marks model sections for review', () => {
    const plain = draftDeterministic(scriptedIncident(scriptedEvents()));
    const out = renderPostmortemMarkdown({
      ...plain,
      source: 'model',
      wentWell: {
        needsHuman: false,
        origin: 'model',
        claims: [{ text: 'The runbook worked.', cites: ['record:e-executed'] }],
      },
    });
    expect(out).toContain('- **2024-05-01T10:00:00Z** — Incident declared');
    expect(out).toMatch(/## What went well\n_AI draft[^\n]*_\n\n- The runbook worked\. \(`record:e-executed`\)/);
  });
});
