import { describe, expect, it } from 'vitest';
import { compare as c, compareRate } from '../../src/domain/metrics/comparison.js';
import type { Digest, ResponseTimes, Spread } from '../../src/domain/metrics/digest.js';
import { buildDigestMessage } from '../../src/slack/views/digest.js';

const MIN = 60_000;
const none = c(null, null);
const zero = c(0, 0);
const empty: Spread = { median: none, p90: none, n: 0 };
const quiet: ResponseTimes = { mtta: empty, mttm: empty, mttr: empty };

/** A week with some of everything; tests override what they look at. */
function sampleDigest(): Digest {
  return {
    period: {
      prevFrom: new Date('2026-11-09T00:00:00Z'),
      from: new Date('2026-11-16T00:00:00Z'),
      to: new Date('2026-11-23T00:00:00Z'),
      now: new Date('2026-11-23T09:00:00Z'),
    },
    incidents: {
      total: c(9, 3),
      bySeverity: { 0: c(1, 0), 1: c(2, 1), 2: c(4, 2), 3: c(2, 0) },
      falseAlarms: compareRate(1, 7, 1, 3),
    },
    top: {
      services: [{ name: 'payments', count: c(3, 1), share: 3 / 9 }],
      types: [{ name: 'flush-cache', count: c(3, 0), share: 3 / 9 }],
      unclassified: c(0, 3),
    },
    response: {
      mtta: { median: c(4 * MIN, 15 * MIN), p90: c(16 * MIN, 19 * MIN), n: 8 },
      mttm: empty,
      mttr: { median: c(105 * MIN, 780 * MIN), p90: c(150 * MIN, 1308 * MIN), n: 6 },
      bySeverity: { 0: quiet, 1: quiet, 2: quiet, 3: quiet },
    },
    open: {
      count: c(3, 1),
      private: 1,
      oldest: [
        {
          number: 5,
          title: 'Flaky search indexer',
          severity: 3,
          channelId: 'CP5',
          declaredAt: new Date('2026-11-02T09:00:00Z'),
          ageMs: 21 * 24 * 60 * MIN,
        },
      ],
    },
    automation: {
      made: c(10, 0),
      approved: c(8, 0),
      autoApproved: c(2, 0),
      rejected: c(1, 0),
      expired: c(1, 0),
      stopped: c(1, 0),
      timeToApproval: { median: c(22_500, null), p90: c(45_000, null), n: 6 },
      autoResolution: compareRate(2, 6, 0, 2),
      aiHandledMttr: c(32.5 * MIN, null),
      regression: compareRate(2, 6, 0, 0),
      shadowAccuracy: compareRate(0, 0, 0, 0),
    },
    closedLoop: { verified: c(4, 1), autoRolledBack: c(1, 0) },
    communication: { onTime: c(2, 2), late: c(2, 1), onTimeRate: compareRate(2, 4, 2, 3) },
    paging: {
      sent: c(6, 10),
      acknowledged: c(5, 10),
      timeToAcknowledge: { median: c(90_000, 120_000), p90: c(240_000, 300_000), n: 5 },
      perIncident: c(2, 5),
      reduced: 0.6,
    },
    followUp: {
      postmortemsDue: c(2, 1),
      postmortemsOverdue: c(1, 1),
      actionItemsOpen: c(3, 3),
      actionItemsOverdue: c(2, 1),
      actionItemsClosed: zero,
    },
  };
}

type Field = { text: string };
type AnyBlock = {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: Field[];
  elements?: { text: string }[];
};
const build = (d = sampleDigest(), definitionsUrl?: string) =>
  buildDigestMessage(d, {
    title: 'Weekly incident digest',
    periodLabel: '16–22 Nov 2026',
    ...(definitionsUrl && { definitionsUrl }),
  });
const blocksOf = (m: { blocks: unknown[] }) => m.blocks as AnyBlock[];
const fieldsOf = (m: { blocks: unknown[] }, id: string) =>
  blocksOf(m)
    .find((b) => b.block_id === id)!
    .fields!.map((f) => f.text);

describe('the digest message', () => {
  it('shows the closed loop and earned autonomy: verified, rolled back, suspended, ready, team trust', () => {
    const d = sampleDigest();
    expect(fieldsOf(build(d), 'digest_trust')).toEqual([
      '*Verified after the action*\n4 ↑ +3',
      '*Rolled back automatically*\n1 ↑ +1',
    ]);
    d.trust = {
      suspended: ['redis-timeout-flush-cache'],
      readyForAutoApproval: ['pod-oomkilled-restart'],
      readyToLeaveShadow: null,
      survey: { month: '2026-10', score: 8.4444, answered: 9, asked: 11 },
    };
    expect(fieldsOf(build(d), 'digest_trust').slice(2)).toEqual([
      '*Suspended runbooks*\n`redis-timeout-flush-cache`',
      '*Ready for auto-approval*\n`pod-oomkilled-restart`\n_gates met; set `auto_approve: true` to trust them_',
      '*Team trust (October 2026)*\n8.4/10 · 9 of 11 answered\ntarget > 8/10 ✅',
    ]);
    d.trust = { suspended: [], readyForAutoApproval: [], readyToLeaveShadow: ['disk-full-clear-logs'], survey: null };
    expect(fieldsOf(build(d), 'digest_trust').slice(2)).toEqual([
      '*Suspended runbooks*\nnone',
      '*Ready for auto-approval*\nnone yet',
      '*Ready to leave shadow mode*\n`disk-full-clear-logs`',
      '*Team trust*\nno survey yet',
    ]);
  });

  it('shows each figure with its arrow and change, and the targets', () => {
    const m = build();
    expect(blocksOf(m)[0]).toMatchObject({ type: 'header', text: { text: 'Weekly incident digest' } });
    expect(fieldsOf(m, 'digest_paging')).toEqual([
      '*Pages sent*\n6 ↓ -4',
      '*Pages acknowledged*\n5 ↓ -5',
      expect.stringMatching(/^\*Time to acknowledge \(median\)\*\n1\.5 min|^\*Time to acknowledge \(median\)\*\n/),
      '*Pages per incident*\n2 ↓ -3',
      '*Pages reduced*\n60% vs last week\ntarget > 60% ⚠️',
    ]);
    expect(fieldsOf(m, 'digest_incidents')).toEqual([
      '*Incidents*\n9 ↑ +6',
      '*SEV0*\n1 ↑ +1',
      '*SEV1*\n2 ↑ +1',
      '*SEV2*\n4 ↑ +2',
      '*SEV3*\n2 ↑ +2',
      '*False alarms*\n1 of 7 · 14% ↓ -19 pp\ntarget < 5% ⚠️',
    ]);
    expect(fieldsOf(m, 'digest_response')[2]).toBe(
      '*MTTR (median)*\n1 h 45 min ↓ -11 h 15 min\np90 2 h 30 min ↓ -19 h 18 min · n=6',
    );
    const ai = fieldsOf(m, 'digest_automation');
    expect(ai).toContain('*Time to approval (median)*\n23 s (last week: no data)\ntarget < 30 s ✅');
    expect(ai).toContain('*Auto-resolution*\n2 of 6 · 33% ↑ +33 pp\ntarget > 70% ⚠️');
    expect(ai).toContain('*Shadow-mode accuracy*\nno data');
    expect(fieldsOf(m, 'digest_top')[0]).toBe('*Top services*\n1. payments — 3 ↑ +2 (33%)');
  });

  it('says "no data" rather than 0 where nothing was measured', () => {
    const m = build();
    expect(fieldsOf(m, 'digest_response')[1]).toBe('*MTTM (median)*\nno data\np90 no data');
    expect(fieldsOf(m, 'digest_response_by_severity')[0]).toContain('MTTA no data (p90 no data)');
  });

  it('counts private open incidents without naming them', () => {
    const open = blocksOf(build()).find((b) => b.block_id === 'digest_open')!.text!.text;
    expect(open).toBe(
      '*Open incidents:* 3 ↑ +2 (1 private)\n• *SEV3* <#CP5> Flaky search indexer · INC-5 · open 21 d\n…and 1 more',
    );
  });

  it('carries the key numbers in the notification text, and links the definitions', () => {
    const m = build(sampleDigest(), 'https://wiki.example.com/digest');
    expect(m.text).toBe(
      'Weekly incident digest, 16–22 Nov 2026: 9 ↑ +6 incidents · MTTR median 1 h 45 min ↓ -11 h 15 min · ' +
        'time to approval median 23 s (last week: no data)',
    );
    const last = blocksOf(m).at(-1)!;
    expect(last.type).toBe('context');
    expect(last.elements![0]!.text).toContain('<https://wiki.example.com/digest|How each figure is computed>');
  });

  it('stays within Block Kit limits with long and hostile text', () => {
    const d = sampleDigest();
    const title = `<!channel> ${'very long title '.repeat(20)}`;
    d.open.count = c(60, 0);
    d.open.oldest = Array.from({ length: 10 }, (_, i) => ({ ...d.open.oldest[0]!, number: i, title }));
    d.top.services = Array.from({ length: 5 }, (_, i) => ({
      name: `${'service'.repeat(60)}${i}`,
      count: c(1, 0),
      share: 0.1,
    }));
    const m = buildDigestMessage(d, { title: 'T'.repeat(200), periodLabel: '16–22 Nov 2026' });
    const blocks = blocksOf(m);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) {
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
      if (b.elements) expect(b.elements.length).toBeLessThanOrEqual(10);
    }
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });
});
