import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { recordInboxRequest } from '../../src/db/repositories/inbox.js';
import { incidents, remediationProposals, slackInbox } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, run, settle } from '../support/scenario.js';

const SECRET = 'executor-secret-0123456789abcdef';
const HOOK = 'https://automation.example.test';
const clock = new TestClock(new Date());
const CONFIG = `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
approvers: [UDAVE]
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
inbox: { grace: 30s, max_attempts: 5, retention: 7d }
`;
const OPTIONS = { config: CONFIG, env: { FIREBREAK_EXECUTOR_SECRET: SECRET }, now: clock.now };
const h = useHarness(OPTIONS);
afterEach(() => nock.cleanAll());

async function proposal(): Promise<{ ch: string; proposalId: string; ts: string }> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on checkout');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [row] = await h.db.select().from(remediationProposals);
  if (!row) throw new Error(`no proposal; channel says: ${botTexts(h, ch).join(' | ')}`);
  return { ch, proposalId: row.id, ts: row.channelTs! };
}

/** The Approve click exactly as Slack sent it, stored by a process that was killed right after its ack. */
function approveClick(ch: string, ts: string, proposalId: string) {
  return {
    type: 'block_actions',
    user: { id: 'UBOB', username: 'bob', team_id: h.emulator.teamId },
    api_app_id: h.emulator.appId,
    token: h.emulator.verificationToken,
    container: { type: 'message', message_ts: ts, channel_id: ch, is_ephemeral: false },
    trigger_id: h.emulator.issueTriggerId('UBOB'),
    team: { id: h.emulator.teamId, domain: 'sandbox' },
    channel: { id: ch, name: 'incident' },
    response_url: `${h.emulator.baseUrl}/response-url/none`,
    actions: [
      { action_id: 'proposal_approve', block_id: 'proposal', type: 'button', value: proposalId, action_ts: ts },
    ],
  };
}

describe('an Approve acknowledged before a crash', () => {
  it('executes exactly once after the restart, and not again on later sweeps', async () => {
    const { ch, proposalId, ts } = await proposal();
    const calls: unknown[] = [];
    nock(HOOK)
      .post('/firebreak')
      .times(3)
      .reply(200, (_uri, body) => {
        calls.push(body);
        return { status: 'succeeded' };
      });
    await recordInboxRequest(h.db, {
      key: 'action:approve-before-crash',
      kind: 'action',
      payload: approveClick(ch, ts, proposalId),
      receivedAt: new Date(clock.nowMs() - 60_000),
      claimedBy: 'a-process-that-was-killed',
    });
    await h.restart(OPTIONS);
    await settle(h);
    expect(calls).toHaveLength(1);
    const [executed] = await h.db.select().from(remediationProposals);
    expect(executed!.status).toMatch(/executed|succeeded/);

    // The process dies again after executing but before marking the click done: carried out again, executed once.
    const [row] = (await h.db.select().from(slackInbox)).filter((r) => r.key === 'action:approve-before-crash');
    expect(row!.status).toBe('done');
    await recordInboxRequest(h.db, {
      key: 'action:approve-before-crash-2',
      kind: 'action',
      payload: approveClick(ch, ts, proposalId),
      receivedAt: new Date(clock.nowMs() - 60_000),
      claimedBy: 'a-process-that-was-killed',
    });
    await h.app.tick();
    clock.advance(5 * 60_000);
    await h.app.tick();
    await settle(h);
    expect(calls).toHaveLength(1);
  });
});
