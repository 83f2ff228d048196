import { describe, expect, it } from 'vitest';
import { checkBlameless, findBlame } from '../../src/domain/postmortem/blameless.js';
import { draftDeterministic } from '../../src/domain/postmortem/deterministic-draft.js';
import { scriptedEvents, scriptedIncident } from '../fixtures/postmortem/incident.js';

const NAMES = { U02BOB: 'Bob Smith', U03ALICE: 'alice' };
const phrases = (text: string) => findBlame(text, 'Root cause', NAMES).map((w) => w.phrase);

describe('findBlame', () => {
  it.each([
    ['Bob broke prod by pushing an untested config.', 'Bob broke prod by pushing an untested config'],
    ['The outage happened because Bob forgot to renew the certificate.', 'because Bob forgot to renew the certificate'],
    ['<@U123> caused the outage', '<@U123> caused the outage'],
    ['because @bob forgot to drain the node', 'because @bob forgot to drain the node'],
    ['It was human error.', 'human error'],
    ['The on-call should have known the cache was full.', 'The on-call should have known the cache was full'],
    ['A careless change to the config.', 'careless'],
    ['This was the fault of the release manager.', 'the fault of'],
    ["It was Bob's mistake.", "Bob's mistake"],
    ['Bob Smith accidentally deleted the table', 'Bob Smith accidentally deleted the table'],
    ['alice ignored the page for an hour', 'alice ignored the page for an hour'],
    ['someone forgot to bump the version', 'someone forgot to bump the version'],
  ])('flags %j', (text, phrase) => {
    expect(phrases(text)).toEqual([phrase]);
  });

  it.each([
    '@bob restarted the pod and latency recovered.',
    '<@U123> restarted the pod',
    'Alice rolled back the deploy, which fixed it.',
    'The deploy broke checkout because the health check failed to detect the bad config.',
    'the pipeline missed the regression',
    'Bob Smith joined as scribe at 10:03.',
  ])('does not flag the neutral %j', (text) => {
    expect(phrases(text)).toEqual([]);
  });

  it('suggests a system-focused rewrite and says where, never touching the text', () => {
    const [warning] = findBlame('Bob broke prod', 'Root cause', NAMES);
    expect(warning).toEqual({
      phrase: 'Bob broke prod',
      suggestion: expect.stringContaining('the deploy pipeline allowed an unreviewed change to reach prod'),
      where: 'Root cause',
    });
  });
});

describe('checkBlameless', () => {
  it('checks the timeline, sections and action items of a draft', () => {
    const events = scriptedEvents().map((e) =>
      e.id === 'e-note' ? { ...e, text: 'because <@U02BOB> forgot to raise maxmemory' } : e,
    );
    const draft = draftDeterministic(scriptedIncident(events));
    expect(draft.warnings).toEqual([
      { phrase: 'because <@U02BOB> forgot to raise maxmemory', suggestion: expect.any(String), where: 'Timeline' },
    ]);
    const withItem = {
      ...draft,
      actionItems: [
        {
          key: 'k',
          type: 'process' as const,
          description: 'Stop human error in deploys',
          priority: 'P1' as const,
          validation: '',
          cites: [],
        },
      ],
    };
    expect(checkBlameless(withItem, {}).map((w) => [w.phrase, w.where])).toContainEqual([
      'human error',
      'Action items',
    ]);
  });
});
