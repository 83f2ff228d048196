import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProposal } from '../../src/db/repositories/proposals.js';
import { claimRollback, endWatch, suspendRunbook } from '../../src/db/repositories/watches.js';
import { incidents, remediationAudit, remediationProposals, remediationWatches } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

// A crash between claiming an automatic rollback and sending it: the claim is stored (with a lease)
// in the regression's transaction, so after a restart the sweeper sends it, once, with the same
// idempotency key. Prometheus and the executor are nock at the HTTP edge; time is a test clock.
const PROM = 'http://prometheus.test:9090';
const HOOK = 'https://automation.example.test';
const clock = new TestClock('2026-11-23T10:00:00Z');
const CONFIG = `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
approvers: [UDAVE]
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
metrics: { prometheus: { url: "${PROM}", timeout: 2s } }
`;
const ENV = { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' };
const h = useHarness({ config: CONFIG, env: ENV, now: clock.now });

let hooks: string[] = [];
beforeEach(() => {
  clock.set('2026-11-23T10:00:00Z');
  hooks = [];
  nock(PROM)
    .persist()
    .post('/api/v1/query')
    .reply(() => [
      200,
      {
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [clock.nowMs() / 1000, '0.97'] }] },
      },
    ]);
  nock(HOOK)
    .persist()
    .post('/firebreak')
    .reply((_uri, body) => {
      hooks.push((body as { idempotency_key: string }).idempotency_key);
      return [200, { accepted: true }];
    });
});
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

/**
 * An OOM restart on payments, executed and watched; then exactly what the regression's transaction
 * commits — watch ended `regressed`, rollback claimed for Firebreak with its lease, runbook
 * suspended — and nothing after it: the process died before the rollback went out.
 */
async function crashedAfterClaim(): Promise<{ ch: string; proposalId: string }> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on payments');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [p] = await h.db.select().from(remediationProposals);
  await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: p!.channelTs!, actionId: 'proposal_approve' });
  await settle(h);
  const [w] = await h.db.select().from(remediationWatches);
  const now = clock.now();
  const cause = 'worse than before: 0.99 (99%), was 0.97 (97%)';
  await h.db.transaction(async (tx) => {
    await endWatch(tx, w!.id, { status: 'regressed', cause, endedAt: now, lastValue: 0.99, lastAt: now });
    await claimRollback(tx, p!.id, null, now, new Date(now.getTime() + 2 * 60_000));
    await suspendRunbook(tx, { runbookId: p!.runbookId, proposalId: p!.id, suspendedAt: now, cause });
  });
  expect(hooks).toEqual([p!.id]);
  return { ch, proposalId: p!.id };
}

async function tick(app = h.app) {
  await app.tick();
  await settle(h);
}
const events = async (proposalId: string) =>
  (await h.db.select().from(remediationAudit).where(eq(remediationAudit.proposalId, proposalId))).map((a) => a.event);

describe('an automatic rollback claimed but not sent (crash)', () => {
  it('is sent after a restart once its lease runs out, once, with the same key; the IC is told once', async () => {
    const { ch, proposalId } = await crashedAfterClaim();
    await h.restart({ config: CONFIG, env: ENV, now: clock.now });
    await tick();
    // Within the lease the claimer may still be sending: nobody else does.
    expect(hooks).toEqual([proposalId]);
    clock.advance(2 * 60_000 + 1000);
    await tick();
    expect(hooks).toEqual([proposalId, `${proposalId}:rollback`]);
    expect(await findProposal(h.db, proposalId)).toMatchObject({ rollbackStatus: 'accepted', rollbackBy: null });
    const said = botTexts(h, ch).filter((t) => t.startsWith('🚨'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Rolled back automatically');
    clock.advance(10 * 60_000);
    await tick();
    await tick();
    expect(hooks).toEqual([proposalId, `${proposalId}:rollback`]);
    const ev = await events(proposalId);
    expect(ev.filter((e) => e === 'rolled_back')).toHaveLength(1);
    expect(ev.filter((e) => e === 'regressed')).toHaveLength(1);
    expect(botTexts(h, ch).filter((t) => t.startsWith('🚨'))).toHaveLength(1);
  });

  it('a STOP after the claim cancels it: nothing is sent, the channel is told why', async () => {
    const { ch, proposalId } = await crashedAfterClaim();
    await run(h, 'UCAROL', ch, 'stop');
    clock.advance(3 * 60_000);
    await tick();
    expect(hooks).toEqual([proposalId]);
    expect(await findProposal(h.db, proposalId)).toMatchObject({ rollbackStatus: 'cancelled' });
    expect(await events(proposalId)).toContain('rollback_cancelled');
    const said = botTexts(h, ch).filter((t) => t.startsWith('🚨'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('The automatic rollback was not sent: automation was stopped (a human is in charge).');
  });

  it('too late to send (15 minutes): marked failed and said, not sent', async () => {
    const { ch, proposalId } = await crashedAfterClaim();
    clock.advance(16 * 60_000);
    await tick();
    expect(hooks).toEqual([proposalId]);
    expect(await findProposal(h.db, proposalId)).toMatchObject({ rollbackStatus: 'failed' });
    expect(botTexts(h, ch).find((t) => t.startsWith('🚨'))).toContain('The automatic rollback failed (not sent');
  });

  it('two replicas sweeping together send it once', async () => {
    const { proposalId } = await crashedAfterClaim();
    const second = await startSecondInstance(h, { config: CONFIG, now: clock.now, env: ENV });
    try {
      clock.advance(3 * 60_000);
      await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
      await settle(h);
      expect(hooks).toEqual([proposalId, `${proposalId}:rollback`]);
      expect((await events(proposalId)).filter((e) => e === 'rolled_back')).toHaveLength(1);
    } finally {
      await stopSecondInstance(second);
    }
  });
});
