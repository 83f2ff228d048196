import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidents, remediationAudit, remediationProposals, runbookSuspensions } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { seedTrackRecord } from '../support/track-record.js';

// Autonomy earned from the record, through the whole app: the analysis of a disk-full incident on a
// low-risk service whose config allows auto-approval, and the executor webhook at the nock edge.
const HOOK = 'https://automation.example.test';
const clock = new TestClock('2026-11-30T10:00:00Z');
const CONFIG = `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
  - { name: analytics, risk: low, team: data, auto_approve: true }
approvers: [UDAVE]
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
`;
const h = useHarness({
  config: CONFIG,
  env: { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' },
  now: clock.now,
});
const RUNBOOK = 'disk-full-clear-logs';

let sent: string[] = [];
beforeEach(() => {
  clock.set('2026-11-30T10:00:00Z');
  sent = [];
  nock(HOOK)
    .persist()
    .post('/firebreak')
    .reply((_uri, body) => {
      sent.push((body as { action: { name: string } }).action.name);
      return [200, { accepted: true }];
    });
});
afterEach(() => nock.cleanAll());

/** A disk-full incident on analytics, analysed: the proposal row and its message. */
async function analysed() {
  const ch = await declare(h, 'declare sev2 No space left on device on the analytics workers');
  await h.db
    .update(incidents)
    .set({ services: ['analytics'] })
    .where(eq(incidents.channelId, ch));
  await run(h, 'UALICE', ch, 'analyze');
  await settle(h, 300);
  // The seeded past has hypothesis 'earlier'; this analysis made the one other proposal.
  const proposal = (await h.db.select().from(remediationProposals)).find((p) => p.hypothesis !== 'earlier')!;
  const message = h.emulator.messages(ch).find((m) => m.ts === proposal.channelTs)!;
  return { ch, proposal, message, blocks: JSON.stringify(message.blocks) };
}

describe('auto-approval gated by the record', () => {
  it('a runbook with no record is held back, and the message says which gates held it', async () => {
    const { proposal, message, blocks } = await analysed();
    expect(proposal).toMatchObject({ runbookId: RUNBOOK, status: 'pending', autoApproved: null });
    expect(sent).toEqual([]);
    expect(blocks).toContain(
      'Not auto-approved: first proposed less than a day ago, 30 days in service needed; 0 of 5 verified executions needed.',
    );
    expect(blocks).toContain('proposal_approve');
    expect(message.text).toContain("confidence 90% (runbook's estimate; no record yet)");
    const held = await h.db.select().from(remediationAudit).where(eq(remediationAudit.event, 'auto_approval_held'));
    expect(held).toHaveLength(1);
  });

  it('30 days in service and 5 verified executions without a regression: auto-approved and sent once', async () => {
    await seedTrackRecord(h, clock.now(), RUNBOOK, { firstDaysAgo: 40, verified: 5 });
    const { proposal, message, blocks } = await analysed();
    expect(proposal).toMatchObject({ runbookId: RUNBOOK, status: 'executed', autoApproved: 'policy' });
    expect(sent).toEqual(['archive-old-logs']);
    expect(blocks).toContain('automatically (auto-approve policy');
    expect(blocks).not.toContain('Not auto-approved');
    // Its confidence is now its record, labelled as such. With no Prometheus configured this execution
    // cannot be verified, so the redrawn message counts it as not verified.
    expect(message.text).toContain('works in 5 of 6 (83.3%, last 90 days)');
    expect(blocks).toContain('*Confidence (record)*');
  });

  it('only 3 verified executions: "3 of 5 verified executions needed"', async () => {
    await seedTrackRecord(h, clock.now(), RUNBOOK, { firstDaysAgo: 40, verified: 3 });
    const { proposal, blocks } = await analysed();
    expect(proposal.status).toBe('pending');
    expect(sent).toEqual([]);
    expect(blocks).toContain('Not auto-approved: 3 of 5 verified executions needed.');
  });

  it('one regression in 11 executions is over 2%: held, with the rate', async () => {
    await seedTrackRecord(h, clock.now(), RUNBOOK, { firstDaysAgo: 40, verified: 10, regressed: 1 });
    const { proposal, blocks } = await analysed();
    expect(proposal.status).toBe('pending');
    expect(sent).toEqual([]);
    expect(blocks).toContain('Not auto-approved: 1 of 11 executions regressed (9.1%), under 2% needed.');
  });

  it('a suspended runbook is never auto-approved, whatever its record', async () => {
    await seedTrackRecord(h, clock.now(), RUNBOOK, { firstDaysAgo: 40, verified: 6 });
    await h.db
      .insert(runbookSuspensions)
      .values({ runbookId: RUNBOOK, suspendedAt: clock.now(), cause: 'worse than before' });
    const { proposal, blocks } = await analysed();
    expect(proposal.status).toBe('pending');
    expect(sent).toEqual([]);
    expect(blocks).not.toContain('proposal_approve');
    expect(blocks).toContain('Runbook suspended after a regression');
  });

  it('the thresholds are configurable (ai.autonomy)', async () => {
    await h.restart({
      config: CONFIG.replace(
        'ai: { mode: propose }',
        'ai: { mode: propose, autonomy: { min_days: 7, min_verified: 2 } }',
      ),
      env: { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' },
      now: clock.now,
    });
    try {
      await seedTrackRecord(h, clock.now(), RUNBOOK, { firstDaysAgo: 8, verified: 2 });
      const { proposal } = await analysed();
      expect(proposal.status).toBe('executed');
      expect(sent).toEqual(['archive-old-logs']);
    } finally {
      await h.restart({
        config: CONFIG,
        env: { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' },
        now: clock.now,
      });
    }
  });

  it('/incident runbooks shows each runbook’s confidence, labelled, and the gates of an auto_approve one', async () => {
    await seedTrackRecord(h, clock.now(), RUNBOOK, { firstDaysAgo: 12, verified: 3 });
    await run(h, 'UCAROL', BROADCAST, 'runbooks');
    const list = lastEphemeral(h, 'UCAROL');
    expect(list).toMatch(
      /`disk-full-clear-logs` .* · auto-approve · works in 3 of 3 \(100%, last 90 days\), rolled back 0 · Not auto-approved: first proposed 12 days ago, 30 days needed; 3 of 5 verified executions needed\./,
    );
    expect(list).toMatch(
      /`pod-oomkilled-restart` .* · approval · no executions in 90 days; confidence 95% \(runbook's estimate; no record yet\)/,
    );
  });
});
