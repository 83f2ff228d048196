import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents, remediationAudit, remediationProposals } from '../../src/db/schema/index.js';
import { verifyFirebreakSignature } from '../../src/remediation/executors/webhook.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle, waitFor } from '../support/scenario.js';

const SECRET = 'executor-secret-0123456789abcdef';
const HOOK = 'https://automation.example.test';
const config = (mode: string) => `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
  - { name: analytics, risk: low, team: data, auto_approve: true }
approvers: [UDAVE]
ai: { mode: ${mode}, autonomy: { min_days: 0, min_verified: 0 } }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
`;
const h = useHarness({ config: config('propose'), env: { FIREBREAK_EXECUTOR_SECRET: SECRET } });
afterEach(() => nock.cleanAll());

/** Declares an OOM incident on `service` with IC bob, and runs /incident analyze. */
async function analyzedIncident(service = 'payments'): Promise<{ ch: string; proposalTs: string; proposalId: string }> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on checkout');
  await h.db.update(incidents).set({ services: [service] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [proposal] = await h.db.select().from(remediationProposals);
  if (!proposal) throw new Error(`no proposal; channel says: ${botTexts(h, ch).join(' | ')}`);
  return { ch, proposalTs: proposal.channelTs!, proposalId: proposal.id };
}

const buttonsOf = (h_: typeof h, ch: string, ts: string) =>
  JSON.stringify(h_.emulator.messages(ch).find((m) => m.ts === ts)!.blocks).match(/"action_id":"[a-z_]+"/g) ?? [];

describe('analysis and proposals (rule-based, no OpenAI key)', () => {
  it('says it is rule-based, and shows the proposal with evidence, steps, risk and Approve / Reject / STOP', async () => {
    const { ch, proposalTs } = await analyzedIncident();
    expect(botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))).toContain('rule-based');
    const message = h.emulator.messages(ch).find((m) => m.ts === proposalTs)!;
    expect(message.text).toMatch(
      /Proposed remediation for INC-1: .*\(pod-oomkilled-restart\), confidence 95% \(runbook.s estimate; no record yet\), 📏 rule-based/,
    );
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('*Risk*\\ncritical');
    expect(blocks).toContain('Blast radius');
    expect(blocks).toContain('Reversibility');
    expect(blocks).toContain('kubectl rollout restart deployment/payments');
    const buttons = (
      message.blocks as { type: string; elements?: { text?: { text: string }; style?: string; confirm?: unknown }[] }[]
    )
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => b.text?.text)).toEqual(['✅ Approve', 'Reject', '🛑 STOP all automation']);
    const stop = buttons.find((b) => b.text?.text.includes('STOP'))!;
    expect(stop.style).toBe('danger');
    expect(stop.confirm).toBeUndefined();
  });

  it('abstains on an unrelated incident', async () => {
    const ch = await declare(h, 'declare sev2 Marketing page has a typo');
    await h.db.update(incidents).set({ services: ['payments'] });
    await run(h, 'UALICE', ch, 'analyze');
    expect(botTexts(h, ch).find((t) => t.startsWith('🔎 Analysis'))).toMatch(/Nothing proposed/);
    expect(await h.db.select().from(remediationProposals)).toHaveLength(0);
  });

  it('refuses approval by someone who is not the IC, the ops lead or an approver, and sends nothing', async () => {
    const hook = nock(HOOK).post('/firebreak').reply(200, {});
    const { ch, proposalTs } = await analyzedIncident();
    await h.emulator.clickButton({ user: 'UCAROL', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' });
    await settle(h);
    expect(lastEphemeral(h, 'UCAROL')).toBe(
      'Only the IC, the ops lead or a configured approver can approve a remediation.',
    );
    expect(hook.isDone()).toBe(false);
    expect((await h.db.select().from(remediationProposals))[0]!.status).toBe('pending');
  });

  it('executes a double-clicked approval exactly once, with a valid signature, and redraws the message', async () => {
    const bodies: { body: string; headers: Record<string, string> }[] = [];
    nock(HOOK)
      .post('/firebreak')
      .times(5)
      .reply(function (_uri, body) {
        bodies.push({ body: JSON.stringify(body), headers: this.req.headers as Record<string, string> });
        return [200, { accepted: true }];
      });
    const { ch, proposalTs, proposalId } = await analyzedIncident();
    await Promise.all([
      h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' }),
      h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' }),
      h.emulator.clickButton({ user: 'UDAVE', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' }),
    ]);
    await settle(h, 300);
    expect(bodies).toHaveLength(1);
    const sent = JSON.parse(bodies[0]!.body);
    expect(sent).toMatchObject({
      idempotency_key: proposalId,
      runbook: { id: 'pod-oomkilled-restart' },
      action: { params: { deployment: 'payments' } },
    });
    expect(['UBOB', 'UDAVE']).toContain(sent.approved_by);
    const [row] = await h.db.select().from(remediationProposals);
    expect(row).toMatchObject({ status: 'executed', executionStatus: 'accepted' });
    expect(row!.approvalMs).toBeGreaterThanOrEqual(0);
    const text = h.emulator.messages(ch).find((m) => m.ts === proposalTs)!;
    expect(JSON.stringify(text.blocks)).toMatch(/Approved by <@U(BOB|DAVE)>.*executed/);
    // Approve is gone for good; what is left is the runbook's rollback.
    expect(buttonsOf(h, ch, proposalTs)).toEqual(['"action_id":"proposal_rollback"']);
    const events = (await h.db.select().from(remediationAudit).where(eq(remediationAudit.proposalId, proposalId))).map(
      (a) => a.event,
    );
    expect(events).toEqual(expect.arrayContaining(['proposed', 'approved', 'executed']));
    expect(events.filter((e) => e === 'approved')).toHaveLength(1);
    expect(lastEphemeral(h, 'UBOB') + lastEphemeral(h, 'UDAVE')).toMatch(/already (approved|being executed|executed)/);
  });

  it('rolls an executed remediation back once, by an approver, with the runbook rollback action', async () => {
    const bodies: Record<string, unknown>[] = [];
    nock(HOOK)
      .post('/firebreak')
      .times(5)
      .reply((_uri, body) => {
        bodies.push(body as Record<string, unknown>);
        return [200, { accepted: true }];
      });
    const { ch, proposalTs, proposalId } = await analyzedIncident();
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' });
    await settle(h);
    await h.emulator.clickButton({ user: 'UCAROL', channel: ch, messageTs: proposalTs, actionId: 'proposal_rollback' });
    await settle(h);
    expect(lastEphemeral(h, 'UCAROL')).toBe(
      'Only the IC, the ops lead or a configured approver can roll back a remediation.',
    );
    await Promise.all([
      h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_rollback' }),
      h.emulator.clickButton({ user: 'UDAVE', channel: ch, messageTs: proposalTs, actionId: 'proposal_rollback' }),
    ]);
    await settle(h, 300);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toMatchObject({
      idempotency_key: `${proposalId}:rollback`,
      action: { name: 'rollout-undo', params: { deployment: 'payments' } },
    });
    const [row] = await h.db.select().from(remediationProposals);
    expect(row).toMatchObject({ status: 'executed', rollbackStatus: 'accepted' });
    expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === proposalTs)!.blocks)).toMatch(
      /Rolled back by <@U(BOB|DAVE)>/,
    );
    expect(buttonsOf(h, ch, proposalTs)).toEqual([]);
    const audit = await h.db.select().from(remediationAudit).where(eq(remediationAudit.proposalId, proposalId));
    expect(audit.filter((a) => a.event === 'rolled_back')).toHaveLength(1);
  });

  it('STOP cancels pending proposals at once; nothing can be approved or sent afterwards', async () => {
    const hook = nock(HOOK).post('/firebreak').reply(200, {});
    const { ch, proposalTs } = await analyzedIncident();
    await h.emulator.clickButton({ user: 'UCAROL', channel: ch, messageTs: proposalTs, actionId: 'automation_stop' });
    await waitFor(() => expect(botTexts(h, ch).some((t) => t.startsWith('🛑 STOP by <@UCAROL>'))).toBe(true));
    expect((await h.db.select().from(remediationProposals))[0]!.status).toBe('stopped');
    await h.emulator
      .clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' })
      .catch(() => {});
    await settle(h);
    expect(hook.isDone()).toBe(false);
    await run(h, 'UCAROL', ch, 'analyze');
    expect(lastEphemeral(h, 'UCAROL')).toMatch(/^Automation was stopped for this incident\. Only the IC/);
  });

  it('a STOP between approval and sending wins: the executor is never called', async () => {
    const hook = nock(HOOK).post('/firebreak').reply(200, {});
    const { ch, proposalId } = await analyzedIncident();
    const { transitionProposal } = await import('../../src/db/repositories/proposals.js');
    const { execute } = await import('../../src/services/remediation/execute-proposal.js');
    const approved = await transitionProposal(h.db, proposalId, 'pending', {
      status: 'approved',
      decidedBy: 'UBOB',
      decidedAt: new Date(),
    });
    await run(h, 'UCAROL', ch, 'stop');
    const after = await execute(h.app.services, h.app.services.remediation!, approved!);
    expect(after.status).toBe('stopped');
    expect(hook.isDone()).toBe(false);
  });

  it('only the IC re-enables automation after a STOP, then analysis runs again', async () => {
    const { ch } = await analyzedIncident();
    await run(h, 'UCAROL', ch, 'stop');
    await run(h, 'UBOB', ch, 'analyze');
    const offer = h.emulator.ephemeralsFor('UBOB').at(-1)!;
    expect(offer.text).toContain('Re-enable');
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: offer.ts, actionId: 'automation_enable' });
    await settle(h);
    expect(botTexts(h, ch)).toContain('▶️ Automation re-enabled by <@UBOB> (IC).');
    expect((await h.db.select().from(remediationProposals)).filter((p) => p.status === 'pending')).toHaveLength(1);
  });

  it('rejects with a record of who, and expires unanswered proposals', async () => {
    const { ch, proposalTs } = await analyzedIncident();
    // Someone who may not decide is told at once, and gets no form to fill in for nothing.
    await h.emulator.clickButton({ user: 'UCAROL', channel: ch, messageTs: proposalTs, actionId: 'proposal_reject' });
    await settle(h);
    expect(h.emulator.openModals('UCAROL')).toHaveLength(0);
    expect(lastEphemeral(h, 'UCAROL')).toContain('Only the IC, the ops lead or a configured approver can reject');

    await h.emulator.clickButton({ user: 'UDAVE', channel: ch, messageTs: proposalTs, actionId: 'proposal_reject' });
    await settle(h);
    const [form] = h.emulator.openModals('UDAVE');
    expect(form).toBeDefined();
    await h.emulator.submitView({
      user: 'UDAVE',
      viewId: form!.id,
      values: { reason: 'latency started before the cache errors' },
    });
    await settle(h);
    expect((await h.db.select().from(remediationProposals))[0]).toMatchObject({
      status: 'rejected',
      decidedBy: 'UDAVE',
      reason: 'latency started before the cache errors',
    });
    expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === proposalTs)!.blocks)).toContain(
      'Rejected by <@UDAVE>',
    );
    expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === proposalTs)!.blocks)).toContain(
      'latency started before the cache errors',
    );
    const audit = await h.db.select().from(remediationAudit);
    expect(audit.find((a) => a.event === 'rejected')).toMatchObject({ actorId: 'UDAVE' });

    await run(h, 'UBOB', ch, 'analyze');
    await h.db
      .update(remediationProposals)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(remediationProposals.status, 'pending'));
    await h.app.tick();
    await settle(h);
    const statuses = (await h.db.select().from(remediationProposals)).map((p) => p.status).sort();
    expect(statuses).toEqual(['expired', 'rejected']);
  });

  it('auto-approves an auto_approve runbook on a low-risk service that allows it, and says so', async () => {
    const hook = nock(HOOK).post('/firebreak').reply(200, {});
    const ch = await declare(h, 'declare sev2 No space left on device on the analytics workers');
    await h.db.update(incidents).set({ services: ['analytics'] });
    await run(h, 'UALICE', ch, 'analyze');
    await settle(h, 300);
    expect(hook.isDone()).toBe(true);
    const [row] = await h.db.select().from(remediationProposals);
    expect(row).toMatchObject({ runbookId: 'disk-full-clear-logs', status: 'executed', autoApproved: 'policy' });
    expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === row!.channelTs)!.blocks)).toContain(
      'automatically (auto-approve policy',
    );
  });
});

describe('shadow mode', () => {
  it('shows proposals without Approve and cannot execute them', async () => {
    await h.restart({ config: config('shadow'), env: { FIREBREAK_EXECUTOR_SECRET: SECRET } });
    try {
      const { ch, proposalTs, proposalId } = await analyzedIncident();
      expect(buttonsOf(h, ch, proposalTs)).toEqual(['"action_id":"proposal_reject"', '"action_id":"automation_stop"']);
      expect(JSON.stringify(h.emulator.messages(ch).find((m) => m.ts === proposalTs)!.blocks)).toContain('Shadow mode');
      const { approveProposal } = await import('../../src/services/remediation/approve-proposal.js');
      await expect(approveProposal(h.app.services, { proposalId, actorId: 'UBOB' })).rejects.toThrow(
        /shadow-mode proposal/,
      );
    } finally {
      await h.restart({ config: config('propose'), env: { FIREBREAK_EXECUTOR_SECRET: SECRET } });
    }
  });
});

describe('the webhook signature', () => {
  it('is the documented v1 HMAC of "<timestamp>.<body>"', async () => {
    let captured: { body: string; ts: string; sig: string } | undefined;
    nock(HOOK)
      .post('/firebreak')
      .reply(function (_uri, body) {
        const headers = this.req.headers as Record<string, string>;
        captured = {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          ts: headers['x-firebreak-timestamp']!,
          sig: headers['x-firebreak-signature']!,
        };
        return [202, {}];
      });
    const { ch, proposalTs } = await analyzedIncident();
    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: proposalTs, actionId: 'proposal_approve' });
    await settle(h);
    expect(captured).toBeDefined();
    expect(captured!.sig).toMatch(/^v1=[0-9a-f]{64}$/);
    // nock hands the JSON body over parsed; the executor sends JSON.stringify output, so re-serialising is byte-identical.
    expect(verifyFirebreakSignature(captured!.body, captured!.ts, captured!.sig, SECRET)).toBe(true);
    expect(
      verifyFirebreakSignature(captured!.body.replace('payments', 'search'), captured!.ts, captured!.sig, SECRET),
    ).toBe(false);
    expect(verifyFirebreakSignature(captured!.body, captured!.ts, captured!.sig, 'another-secret-0123456789')).toBe(
      false,
    );
  });
});
