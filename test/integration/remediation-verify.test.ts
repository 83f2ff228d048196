import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimWatches } from '../../src/db/repositories/watches.js';
import {
  incidents,
  remediationAudit,
  remediationProposals,
  remediationWatches,
  runbookSuspensions,
  timelineEvents,
} from '../../src/db/schema/index.js';
import { approveProposal } from '../../src/services/remediation/approve-proposal.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

// The verification loop through the whole app: Prometheus and the automation endpoint are nock at
// the HTTP edge, time is a test clock, and the scheduler is ticked by hand.
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

/** The pod-oomkilled-restart verify query (memory vs limit, healthy below 0.9) answers `memory.value`. */
const memory = { value: 0.97 };
let hooks: { key: string; action: string }[] = [];
beforeEach(() => {
  clock.set('2026-11-23T10:00:00Z');
  memory.value = 0.97;
  hooks = [];
  nock(PROM)
    .persist()
    .post('/api/v1/query')
    .reply((_uri, body) => {
      const query = new URLSearchParams(String(body)).get('query') ?? '';
      const value = query.startsWith('max(container_memory_working_set_bytes') ? memory.value : 1;
      return [
        200,
        {
          status: 'success',
          data: { resultType: 'vector', result: [{ metric: {}, value: [clock.nowMs() / 1000, String(value)] }] },
        },
      ];
    });
  nock(HOOK)
    .persist()
    .post('/firebreak')
    .reply((_uri, body) => {
      const b = body as { idempotency_key: string; action: { name: string } };
      hooks.push({ key: b.idempotency_key, action: b.action.name });
      return [200, { accepted: true }];
    });
});
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

/** An OOM incident on payments, IC bob, analysed, approved by bob: the restart is sent and watched. */
async function executed(): Promise<{ ch: string; proposalId: string; ts: string }> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on payments');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [p] = await h.db.select().from(remediationProposals);
  await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: p!.channelTs!, actionId: 'proposal_approve' });
  await settle(h);
  return { ch, proposalId: p!.id, ts: p!.channelTs! };
}

async function tick(app = h.app) {
  await app.tick();
  await settle(h);
}
const watch = async () => (await h.db.select().from(remediationWatches))[0]!;
const events = async (proposalId: string) =>
  (await h.db.select().from(remediationAudit).where(eq(remediationAudit.proposalId, proposalId))).map((a) => a.event);

describe('verification after an accepted action', () => {
  it('records the value before, and verifies once healthy for `hold`; the IC gets one click to mitigate', async () => {
    const { ch, proposalId } = await executed();
    expect(hooks).toEqual([{ key: proposalId, action: 'restart-deployment' }]);
    expect(await watch()).toMatchObject({ status: 'watching', beforeValue: 0.97, op: '<', threshold: 0.9 });
    memory.value = 0.42;
    await tick();
    expect(await watch()).toMatchObject({ status: 'watching', lastValue: 0.42 });
    clock.advance(3 * 60_000);
    await tick();
    expect(await watch()).toMatchObject({ status: 'verified' });
    const said = botTexts(h, ch).find((t) => t.startsWith('✅ Verified'))!;
    expect(said).toContain('from 0.97 (97%) before the action to 0.42 (42%)');
    expect(said).toContain('<@UBOB>, mark the incident mitigated?');
    expect(await events(proposalId)).toEqual(expect.arrayContaining(['watching', 'verified']));
    const kinds = (await h.db.select().from(timelineEvents)).map((e) => e.kind);
    expect(kinds).toContain('remediation_verified');
    await tick();
    expect(botTexts(h, ch).filter((t) => t.startsWith('✅ Verified'))).toHaveLength(1);
    const msg = h.emulator.messages(ch).find((m) => m.text.startsWith('✅ Verified'))!;
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: msg.ts, actionId: 'status_mitigated' });
    await settle(h);
    expect((await h.db.select().from(incidents))[0]!.status).toBe('mitigated');
    expect(hooks).toHaveLength(1);
  });

  it('a value worse than before rolls back once, tells the IC with numbers, and suspends the runbook', async () => {
    const { ch, proposalId } = await executed();
    memory.value = 0.99;
    await tick();
    await tick();
    expect(hooks).toEqual([
      { key: proposalId, action: 'restart-deployment' },
      { key: `${proposalId}:rollback`, action: 'rollout-undo' },
    ]);
    expect(await watch()).toMatchObject({
      status: 'regressed',
      cause: 'worse than before: 0.99 (99%), was 0.97 (97%)',
    });
    const said = botTexts(h, ch).filter((t) => t.startsWith('🚨'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('<@UBOB> Regression after `pod-oomkilled-restart` on payments');
    expect(said[0]).toContain('Rolled back automatically');
    expect(said[0]).toContain('/incident runbooks enable pod-oomkilled-restart');
    expect(await events(proposalId)).toEqual(expect.arrayContaining(['regressed', 'rolled_back']));
    expect(await h.db.select().from(runbookSuspensions)).toMatchObject([
      { runbookId: 'pod-oomkilled-restart', liftedAt: null },
    ]);

    // Suspended everywhere: a fresh analysis shows it, with no Approve, and an old button is refused.
    await run(h, 'UBOB', ch, 'analyze');
    const fresh = (await h.db.select().from(remediationProposals)).find((p) => p.id !== proposalId)!;
    const blocks = JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === fresh.channelTs)!.blocks);
    expect(blocks).not.toContain('proposal_approve');
    expect(blocks).toContain('Runbook suspended after a regression');
    // The message has no Approve; the verb refuses too (a message drawn before the suspension still had one).
    await expect(approveProposal(h.app.services, { proposalId: fresh.id, actorId: 'UBOB' })).rejects.toThrow(
      /^Runbook pod-oomkilled-restart is suspended after a regression/,
    );
    expect(hooks).toHaveLength(2);
  });

  it('/incident runbooks shows the record and the suspension; an approver lifts it, with who and why', async () => {
    const { ch } = await executed();
    memory.value = 0.99;
    await tick();
    await run(h, 'UCAROL', BROADCAST, 'runbooks');
    const list = lastEphemeral(h, 'UCAROL');
    expect(list).toContain('`pod-oomkilled-restart`');
    expect(list).toContain('works in 0 of 1 (0%, last 90 days), rolled back 1');
    expect(list).toMatch(/pod-oomkilled-restart.*⛔ \*suspended\* since/);
    await run(h, 'UCAROL', BROADCAST, 'runbooks enable pod-oomkilled-restart');
    expect(lastEphemeral(h, 'UCAROL')).toBe(
      'Only a configured approver or the IC of an open incident can re-enable a runbook.',
    );
    await run(h, 'UDAVE', BROADCAST, 'runbooks enable pod-oomkilled-restart leak fixed in v2.3');
    expect(lastEphemeral(h, 'UDAVE')).toBe('Runbook pod-oomkilled-restart is enabled again (leak fixed in v2.3).');
    expect(await h.db.select().from(runbookSuspensions)).toMatchObject([
      { liftedBy: 'UDAVE', liftedReason: 'leak fixed in v2.3' },
    ]);
    await run(h, 'UBOB', ch, 'analyze');
    const fresh = (await h.db.select().from(remediationProposals)).find((p) => p.status === 'pending')!;
    expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === fresh.channelTs)!.blocks)).toContain(
      'proposal_approve',
    );
    await run(h, 'UDAVE', BROADCAST, 'runbooks enable pod-oomkilled-restart');
    expect(lastEphemeral(h, 'UDAVE')).toBe('Runbook pod-oomkilled-restart is not suspended; nothing changed.');
  });

  it('not healthy by `within` is a regression too', async () => {
    const { proposalId } = await executed();
    memory.value = 0.95;
    await tick();
    expect((await watch()).status).toBe('watching');
    clock.advance(10 * 60_000);
    await tick();
    expect((await watch()).cause).toBe('not healthy (< 0.9 (90%)) within 10 min: 0.95 (95%)');
    expect(hooks.map((x) => x.key)).toEqual([proposalId, `${proposalId}:rollback`]);
  });

  it('STOP during a watch cancels it: no rollback is ever sent', async () => {
    const { ch } = await executed();
    await run(h, 'UCAROL', ch, 'stop');
    memory.value = 0.99;
    clock.advance(11 * 60_000);
    await tick();
    expect(await watch()).toMatchObject({ status: 'cancelled', cause: 'stopped' });
    expect(hooks).toHaveLength(1);
    expect(await h.db.select().from(runbookSuspensions)).toHaveLength(0);
  });

  it('a verification stored but never told (the process died in between) is told after the lease, once', async () => {
    const { ch, proposalId } = await executed();
    memory.value = 0.42;
    await tick();
    clock.advance(3 * 60_000);
    // The ending is stored, then telling the channel fails: what a crash right after the store leaves.
    h.emulator.failNext('chat.postMessage', 'fatal_error');
    await tick();
    expect(await watch()).toMatchObject({ status: 'verified', toldAt: null });
    expect(botTexts(h, ch).filter((t) => t.startsWith('✅ Verified'))).toHaveLength(0);
    await tick();
    expect(botTexts(h, ch).filter((t) => t.startsWith('✅ Verified'))).toHaveLength(0);
    clock.advance(3 * 60_000);
    await tick();
    expect(botTexts(h, ch).filter((t) => t.startsWith('✅ Verified'))).toHaveLength(1);
    expect((await watch()).toldAt).not.toBeNull();
    expect((await events(proposalId)).filter((e) => e === 'verified')).toHaveLength(1);
    clock.advance(3 * 60_000);
    await tick();
    expect(botTexts(h, ch).filter((t) => t.startsWith('✅ Verified'))).toHaveLength(1);
  });

  it('a regression whose message was cut off is told after the lease with the rollback, never sent twice', async () => {
    const { ch, proposalId } = await executed();
    memory.value = 0.99;
    h.emulator.failNext('chat.postMessage', 'fatal_error');
    await tick();
    expect(await watch()).toMatchObject({ status: 'regressed', toldAt: null });
    expect(hooks.map((x) => x.key)).toEqual([proposalId, `${proposalId}:rollback`]);
    expect(botTexts(h, ch).filter((t) => t.startsWith('🚨'))).toHaveLength(0);
    clock.advance(3 * 60_000);
    await tick();
    const said = botTexts(h, ch).filter((t) => t.startsWith('🚨'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Rolled back automatically');
    expect(hooks).toHaveLength(2);
    expect((await events(proposalId)).filter((e) => e === 'regressed')).toHaveLength(1);
    clock.advance(3 * 60_000);
    await tick();
    expect(botTexts(h, ch).filter((t) => t.startsWith('🚨'))).toHaveLength(1);
  });

  it('survives a restart, and a replica that died holding a watch hands it on after its lease', async () => {
    const { proposalId } = await executed();
    await h.restart({ config: CONFIG, env: ENV, now: clock.now });
    // A replica claimed it and died before evaluating.
    expect(await claimWatches(h.db, clock.now(), new Date(clock.nowMs() + 2 * 60_000))).toHaveLength(1);
    memory.value = 0.99;
    await tick();
    expect((await watch()).status).toBe('watching');
    clock.advance(2 * 60_000);
    await tick();
    expect((await watch()).status).toBe('regressed');
    expect(hooks.map((x) => x.key)).toEqual([proposalId, `${proposalId}:rollback`]);
  });

  it.runIf(!!h.database?.url || !!process.env.DATABASE_URL)(
    'two replicas ticking together roll back once',
    async () => {
      const { proposalId } = await executed();
      const second = await startSecondInstance(h, { config: CONFIG, now: clock.now, env: ENV });
      try {
        memory.value = 0.99;
        await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
        await settle(h);
        expect(hooks.map((x) => x.key)).toEqual([proposalId, `${proposalId}:rollback`]);
        expect(await h.db.select().from(runbookSuspensions)).toHaveLength(1);
      } finally {
        await stopSecondInstance(second);
      }
    },
  );
});
