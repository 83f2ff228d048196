import { describe, expect, it } from 'vitest';
import { chunkTimeline, prepareTimeline, tierOf } from '../../src/ai/postmortem/chunk-timeline.js';
import { planMap } from '../../src/ai/postmortem/map-pass.js';
import { SECRETS, withChatter } from '../fixtures/postmortem/incident.js';

const FACTS = { ref: 'INC-42', title: 'Checkout payments failing', severity: 'SEV1', services: ['payments'] };

describe('prepareTimeline', () => {
  it('redacts every text before it is measured, and leaves deleted messages out', () => {
    const input = withChatter(1_000);
    const { items, redactions } = prepareTimeline(input.events);
    const all = items.map((i) => i.line).join('\n');
    for (const secret of Object.values(SECRETS)) expect(all).not.toContain(secret);
    expect(all).toContain('[REDACTED:slack-token]');
    expect(redactions).toBeGreaterThanOrEqual(12);
    expect(items.some((i) => i.item.kind === 'message_deleted')).toBe(false);
  });
});

describe('tierOf', () => {
  it('ranks milestones, then what was put on record, then chatter, then bare acknowledgements', () => {
    const tier = (kind: string, text: string, actorType: 'human' | 'bot' = 'human') =>
      tierOf({ kind, text, actorType });
    expect(tier('severity_changed', 'SEV2 → SEV1')).toBe(0);
    expect(tier('remediation_approved', 'flush-cache: approved')).toBe(0);
    expect(tier('pinned', 'cache node restarted')).toBe(1);
    expect(tier('message', 'First status update posted', 'bot')).toBe(1);
    expect(tier('message', 'redis timeouts in payments logs')).toBe(2);
    expect(tier('message', 'p99 2.3s')).toBe(2);
    expect(tier('message', 'on it')).toBe(3);
  });
});

describe('chunkTimeline', () => {
  it('cuts consecutive time windows of about equal size within the chunk budget', () => {
    const { items } = prepareTimeline(withChatter(2_000).events);
    const chunks = chunkTimeline(items, 5_000);
    expect(chunks.flatMap((c) => c.items)).toEqual(items);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(5_000);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.from >= chunks[i - 1]!.to).toBe(true);
  });
});

describe('planMap', () => {
  it('keeps a 10,000-message timeline within budget: milestones and pins whole, chatter sampled over time', () => {
    const { items } = prepareTimeline(withChatter(10_000).events);
    const plan = planMap(items, FACTS, { model: 'gpt-4o-mini', budget: 45_000, chunkTokens: 8_000 });
    expect(plan.tokens).toBeLessThanOrEqual(45_000);
    expect(plan.tokens).toBeGreaterThan(40_000);
    const sent = plan.calls.flatMap((c) => c.chunk.items.map((i) => i.item));
    expect(sent.filter((i) => i.kind !== 'message')).toHaveLength(items.filter((i) => i.tier < 2).length);
    expect(plan.sampledOut).toBe(items.length - sent.length);
    // Sampled chatter still covers the whole incident.
    const messages = sent.filter((i) => i.kind === 'message');
    expect(messages[0]!.at < '2024-05-01T10:10:00Z').toBe(true);
    expect(messages.at(-1)!.at > '2024-05-01T11:00:00Z').toBe(true);
  });

  it('sends everything when it fits', () => {
    const { items } = prepareTimeline(withChatter(50).events);
    const plan = planMap(items, FACTS, { model: 'm', budget: 45_000, chunkTokens: 8_000 });
    expect(plan.sampledOut).toBe(0);
    expect(plan.calls).toHaveLength(1);
  });
});
