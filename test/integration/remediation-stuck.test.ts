import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents, remediationAudit, remediationProposals } from '../../src/db/schema/index.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { approveProposal } from '../../src/services/remediation/approve-proposal.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle, waitFor } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const SECRET = 'executor-secret-0123456789abcdef';
const HOOK = 'https://automation.example.test';
const CONFIG = `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
approvers: [UDAVE]
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
`;
const clock = new TestClock('2026-11-23T10:00:00Z');
const h = useHarness({ config: CONFIG, now: clock.now, env: { FIREBREAK_EXECUTOR_SECRET: SECRET } });
afterEach(() => nock.cleanAll());
const MIN = 60_000;

async function analyzedIncident(): Promise<{ ch: string; proposalTs: string; proposalId: string }> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on checkout');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [proposal] = await h.db.select().from(remediationProposals);
  if (!proposal) throw new Error(`no proposal; channel says: ${botTexts(h, ch).join(' | ')}`);
  return { ch, proposalTs: proposal.channelTs!, proposalId: proposal.id };
}
const messageAt = (ch: string, ts: string) => h.emulator.messages(ch).find((m) => m.ts === ts)!;
const buttonsOf = (ch: string, ts: string) =>
  JSON.stringify(messageAt(ch, ts).blocks).match(/"action_id":"[a-z_]+"/g) ?? [];
const proposal = async () => (await h.db.select().from(remediationProposals))[0]!;

/** Records every webhook the executor receives, answering 200 (it de-duplicates by idempotency key). */
function executor() {
  const keys: string[] = [];
  nock(HOOK)
    .post('/firebreak')
    .times(10)
    .reply(function () {
      keys.push(String(this.req.headers['idempotency-key']));
      return [200, { accepted: true }];
    });
  return keys;
}

/** The app's services, but the process "dies" right after the executor accepted: nothing is recorded. */
function diesAfterAccept(services: ServiceDeps): ServiceDeps {
  const r = services.remediation!;
  return {
    ...services,
    remediation: {
      ...r,
      executors: {
        execute: async (...args: Parameters<typeof r.executors.execute>) => {
          await r.executors.execute(...args);
          return new Promise(() => {});
        },
      },
    },
  };
}

describe('an approved remediation is never left half-done', () => {
  it('a runbook that cannot be rendered fails the proposal before executing, and the person is told', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const keys = executor();
    const { ch, proposalTs, proposalId } = await analyzedIncident();
    // The runbook's parameters no longer fit it (a config reload removed the service since the proposal).
    await h.db
      .update(remediationProposals)
      .set({ params: { service: 'retired' } })
      .where(eq(remediationProposals.id, proposalId));
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' });
    await settle(h);
    expect(lastEphemeral(h, 'UBOB')).toMatch(/^The runbook could not be prepared \(.+\); nothing was executed\.$/);
    expect(await proposal()).toMatchObject({ status: 'failed', executingSince: null });
    expect(keys).toHaveLength(0);
    expect(JSON.stringify(messageAt(ch, proposalTs).blocks)).toMatch(/execution failed: not sent: /);
    expect(buttonsOf(ch, proposalTs)).toEqual([]);
  });

  it('an execution whose answer was never recorded is settled by the sweeper: asked again with the same key, once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const keys = executor();
    const { ch, proposalTs, proposalId } = await analyzedIncident();
    void approveProposal(diesAfterAccept(h.app.services), { proposalId, actorId: 'UBOB' });
    await waitFor(() => expect(keys).toHaveLength(1));
    expect((await proposal()).status).toBe('executing');

    clock.set(new Date(clock.nowMs() + MIN));
    await h.app.tick();
    expect(keys).toHaveLength(1); // not stuck yet: it may still be on its way
    clock.set(new Date(clock.nowMs() + 2 * MIN));
    await h.app.tick();
    await h.app.tick();
    await settle(h);
    expect(keys).toEqual([proposalId, proposalId]);
    expect(await proposal()).toMatchObject({ status: 'executed', executionStatus: 'accepted' });
    const events = (await h.db.select().from(remediationAudit)).map((a) => a.event);
    expect(events.filter((e) => e === 'executed')).toHaveLength(1);
    expect(JSON.stringify(messageAt(ch, proposalTs).blocks)).toMatch(/Approved by <@UBOB>.*executed/);
  });

  it('too late to ask again, it is marked failed on its message and in the channel', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const keys = executor();
    const { ch, proposalTs, proposalId } = await analyzedIncident();
    void approveProposal(diesAfterAccept(h.app.services), { proposalId, actorId: 'UBOB' });
    await waitFor(() => expect(keys).toHaveLength(1));
    // Firebreak was down for an hour: the situation may have moved on.
    clock.set(new Date(clock.nowMs() + 60 * MIN));
    await h.app.tick();
    await settle(h);
    expect(keys).toHaveLength(1);
    expect(await proposal()).toMatchObject({ status: 'failed' });
    expect(JSON.stringify(messageAt(ch, proposalTs).blocks)).toMatch(
      /execution failed: answer lost, not sent again: it is too long since the approval/,
    );
    expect(botTexts(h, ch).filter((t) => t.includes("lost the executor's answer"))).toHaveLength(1);
    await h.app.tick();
    await settle(h);
    expect(botTexts(h, ch).filter((t) => t.includes("lost the executor's answer"))).toHaveLength(1);
  });

  // Once flaky: the second instance started without the executor's secret, so when it won the claim
  // (under load) the resend never reached the executor. Replicas now share the environment, and the
  // second one sweeping alone (the case that failed) is a test of its own.
  const sweeps = {
    'two replicas sweeping': (second: { tick(): Promise<void> }) =>
      Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]),
    'the other replica sweeping': (second: { tick(): Promise<void> }) => Promise.all([second.tick(), second.tick()]),
  };
  for (const [name, sweep] of Object.entries(sweeps))
    it.skipIf(!process.env.DATABASE_URL)(`${name} settle a stuck execution once`, async () => {
      clock.set('2026-11-23T10:00:00Z');
      const keys = executor();
      const { proposalId } = await analyzedIncident();
      void approveProposal(diesAfterAccept(h.app.services), { proposalId, actorId: 'UBOB' });
      await waitFor(() => expect(keys).toHaveLength(1));
      const second = await startSecondInstance(h, { config: CONFIG, now: clock.now });
      try {
        clock.set(new Date(clock.nowMs() + 3 * MIN));
        await sweep(second);
        await settle(h);
        expect(keys).toEqual([proposalId, proposalId]);
        expect(await proposal()).toMatchObject({ status: 'executed' });
        const events = (await h.db.select().from(remediationAudit)).map((a) => a.event);
        expect(events.filter((e) => e === 'executed')).toHaveLength(1);
      } finally {
        await stopSecondInstance(second);
      }
    });
});

describe('proposals of a resolved incident', () => {
  it('are closed on resolve (no buttons, saying why); a stale click is refused; reopening does not revive them', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const keys = executor();
    const { ch, proposalTs } = await analyzedIncident();
    expect(buttonsOf(ch, proposalTs)).toContain('"action_id":"proposal_approve"');
    // A client that has not redrawn the message yet still shows (and clicks) the old buttons.
    const stale = { shownBlocks: messageAt(ch, proposalTs).blocks as unknown[] };
    await run(h, 'UBOB', ch, 'resolve Restarted by hand');
    expect(buttonsOf(ch, proposalTs)).toEqual([]);
    expect(JSON.stringify(messageAt(ch, proposalTs).blocks)).toContain('the incident was resolved');
    expect((await proposal()).status).toBe('closed');

    await h.emulator.clickButton({
      user: 'UBOB',
      channel: ch,
      messageTs: proposalTs,
      actionId: 'proposal_approve',
      ...stale,
    });
    await settle(h);
    expect(lastEphemeral(h, 'UBOB')).toBe('The incident is resolved, so its proposals are closed; nothing was done.');
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: ch,
      messageTs: proposalTs,
      actionId: 'proposal_reject',
      ...stale,
    });
    await settle(h);
    expect(lastEphemeral(h, 'UBOB')).toBe('The incident is resolved, so its proposals are closed; nothing was done.');

    await run(h, 'UBOB', ch, 'reopen');
    expect(buttonsOf(ch, proposalTs)).toEqual([]);
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: ch,
      messageTs: proposalTs,
      actionId: 'proposal_approve',
      ...stale,
    });
    await settle(h);
    expect(lastEphemeral(h, 'UBOB')).toBe('This proposal is closed: the incident was resolved; nothing was done.');
    expect(keys).toHaveLength(0);
    expect((await proposal()).status).toBe('closed');
  });
});
