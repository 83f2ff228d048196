import { eq } from 'drizzle-orm';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents, remediationAudit, remediationProposals } from '../../src/db/schema/index.js';
import { approveProposal } from '../../src/services/remediation/approve-proposal.js';
import { chooseProposalTarget } from '../../src/services/remediation/choose-proposal-target.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';

const SECRET = 'executor-secret-0123456789abcdef';
const HOOK = 'https://automation.example.test';
const h = useHarness({
  config: `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
  - { name: analytics, risk: low, team: data, auto_approve: true }
approvers: [UDAVE]
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
`,
  env: { FIREBREAK_EXECUTOR_SECRET: SECRET },
});
afterEach(() => nock.cleanAll());

/** An OOM incident that names no catalogued service, IC bob, analysed. */
async function untargetedProposal() {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on checkout');
  await h.db.update(incidents).set({ services: [] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [proposal] = await h.db.select().from(remediationProposals);
  if (!proposal) throw new Error('no proposal');
  return { ch, ts: proposal.channelTs!, id: proposal.id };
}

type Block = { type: string; block_id?: string; accessory?: { type: string; options?: { value: string }[] } };
const message = (ch: string, ts: string) => h.emulator.messages(ch).find((m) => m.ts === ts)!;
const actionIds = (ch: string, ts: string) =>
  JSON.stringify(message(ch, ts).blocks).match(/"action_id":"[a-z_]+"/g) ?? [];

describe('a runbook matching an incident with no catalogued service', () => {
  it('offers the services it applies to, and Approve only once an approver chose one', async () => {
    const bodies: Record<string, unknown>[] = [];
    nock(HOOK)
      .post('/firebreak')
      .times(3)
      .reply((_uri, body) => {
        bodies.push(body as Record<string, unknown>);
        return [200, { accepted: true }];
      });
    const { ch, ts, id } = await untargetedProposal();
    const select = (message(ch, ts).blocks as Block[]).find((b) => b.block_id === 'proposal_target')!;
    expect(select.accessory?.type).toBe('static_select');
    expect(select.accessory?.options?.map((o) => o.value)).toEqual([`${id}:payments`, `${id}:analytics`]);
    expect(actionIds(ch, ts)).not.toContain('"action_id":"proposal_approve"');
    // No target, no auto-approval either, even though analytics would allow it.
    expect((await h.db.select().from(remediationProposals))[0]!.status).toBe('pending');
    await expect(approveProposal(h.app.services, { proposalId: id, actorId: 'UBOB' })).rejects.toThrow(
      'Choose the service this runbook should act on first',
    );

    await h.emulator.selectOption({
      user: 'UCAROL',
      channel: ch,
      messageTs: ts,
      actionId: 'proposal_target',
      value: `${id}:analytics`,
    });
    await settle(h);
    expect(lastEphemeral(h, 'UCAROL')).toBe(
      'Only the IC, the ops lead or a configured approver can choose the target.',
    );
    expect((await h.db.select().from(remediationProposals))[0]!.params).toEqual({});

    await h.emulator.selectOption({
      user: 'UBOB',
      channel: ch,
      messageTs: ts,
      actionId: 'proposal_target',
      value: `${id}:analytics`,
    });
    await settle(h);
    const [row] = await h.db.select().from(remediationProposals);
    expect(row).toMatchObject({ params: { service: 'analytics' }, status: 'pending' });
    const choice = await h.db.select().from(remediationAudit).where(eq(remediationAudit.event, 'target_chosen'));
    expect(choice).toEqual([expect.objectContaining({ actorId: 'UBOB', detail: { service: 'analytics' } })]);
    expect(JSON.stringify(message(ch, ts).blocks)).toContain('Target *analytics*, chosen by <@UBOB>');
    expect(actionIds(ch, ts)).toContain('"action_id":"proposal_approve"');
    expect(actionIds(ch, ts)).not.toContain('"action_id":"proposal_target"');

    await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: ts, actionId: 'proposal_approve' });
    await settle(h);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ action: { params: { deployment: 'analytics' } }, approved_by: 'UBOB' });
  });

  it('keeps the first choice when two approvers choose at once', async () => {
    const { ch, ts, id } = await untargetedProposal();
    await Promise.all([
      h.emulator.selectOption({
        user: 'UBOB',
        channel: ch,
        messageTs: ts,
        actionId: 'proposal_target',
        value: `${id}:payments`,
      }),
      h.emulator.selectOption({
        user: 'UDAVE',
        channel: ch,
        messageTs: ts,
        actionId: 'proposal_target',
        value: `${id}:analytics`,
      }),
    ]);
    await settle(h);
    const [row] = await h.db.select().from(remediationProposals);
    const chosen = await h.db.select().from(remediationAudit).where(eq(remediationAudit.event, 'target_chosen'));
    expect(chosen).toHaveLength(1);
    expect(row!.params.service).toBe((chosen[0]!.detail as { service: string }).service);
    expect(lastEphemeral(h, 'UBOB') + lastEphemeral(h, 'UDAVE')).toMatch(/already has its target|targeted meanwhile/);
  });

  it('refuses a service the runbook does not apply to, naming the ones it does, and changes nothing', async () => {
    // The menu offers only valid services; a forged option value reaches the same verb.
    const { id } = await untargetedProposal();
    await expect(
      chooseProposalTarget(h.app.services, { proposalId: id, service: 'billing', actorId: 'UBOB' }),
    ).rejects.toThrow('Runbook pod-oomkilled-restart cannot act on that service; choose one of payments, analytics.');
    expect((await h.db.select().from(remediationProposals))[0]!.params).toEqual({});
  });
});
