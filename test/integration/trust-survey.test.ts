import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTrustSurvey } from '../../src/db/repositories/trust-surveys.js';
import { incidents, remediationProposals, trustSurveys } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

// The monthly trust survey through the whole app: people decide on proposals in November; the
// survey goes out by DM with the first digest firing of December (Monday 7 Dec, 09:00 UTC).
const HOOK = 'https://automation.example.test';
const clock = new TestClock('2026-11-20T10:00:00Z');
const CONFIG = `
channels: { broadcast: ${BROADCAST} }
services:
  - { name: payments, risk: critical, team: payments }
approvers: [UDAVE]
ai: { mode: propose }
runbooks_dir: ./runbooks
executors: { webhook: { url: "${HOOK}/firebreak" } }
`;
const ENV = { FIREBREAK_EXECUTOR_SECRET: 'executor-secret-0123456789abcdef' };
const h = useHarness({ config: CONFIG, env: ENV, now: clock.now });
const FIRST_MONDAY = '2026-12-07T09:00:30Z';

beforeEach(() => {
  clock.set('2026-11-20T10:00:00Z');
  nock(HOOK).persist().post('/firebreak').reply(200, { accepted: true });
});
afterEach(() => nock.cleanAll());

/** In November: Bob (IC) approves a proposal, Carol presses STOP. Alice only declares. */
async function novemberDecisions(): Promise<void> {
  const ch = await declare(h, 'declare sev1 Pods OOMKilled on payments');
  await h.db.update(incidents).set({ services: ['payments'] });
  await run(h, 'UALICE', ch, 'ic <@UBOB>');
  await run(h, 'UBOB', ch, 'analyze');
  const [p] = await h.db.select().from(remediationProposals);
  await h.emulator.clickButton({ user: 'UBOB', channel: ch, messageTs: p!.channelTs!, actionId: 'proposal_approve' });
  await settle(h);
  await run(h, 'UCAROL', ch, 'stop');
}

async function tick(app = h.app) {
  await app.tick();
  await settle(h);
}
/** The bot's messages in a person's DM with the app. */
const dm = (user: string) =>
  h.emulator.messages(`D${user.slice(1)}`).filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo);
const rows = () => h.db.select().from(trustSurveys);

describe('the monthly trust survey', () => {
  it('goes by DM, once, to each person who approved, rejected or stopped a proposal that month', async () => {
    await novemberDecisions();
    clock.set('2026-12-01T08:00:00Z'); // December, but the digest schedule has not fired this month yet
    await tick();
    expect(await rows()).toHaveLength(0);
    clock.set(FIRST_MONDAY);
    await tick();
    expect((await rows()).map((r) => [r.month, r.userId]).sort()).toEqual([
      ['2026-11', 'UBOB'],
      ['2026-11', 'UCAROL'],
    ]);
    expect(dm('UBOB')).toHaveLength(1);
    expect(dm('UBOB')[0]!.text).toContain("How far do you trust Firebreak's proposals? (November 2026)");
    const ids = JSON.stringify(dm('UBOB')[0]!.blocks).match(/"action_id":"trust_score:\d+"/g);
    expect(ids).toHaveLength(11);
    expect(dm('UALICE')).toHaveLength(0);
    // Later ticks, a restart: nobody is asked twice.
    clock.advance(60 * 60_000);
    await tick();
    await h.restart({ config: CONFIG, env: ENV, now: clock.now });
    await tick();
    expect(dm('UBOB')).toHaveLength(1);
    expect(dm('UCAROL')).toHaveLength(1);
  });

  it('is answered with one click, once: a second click says it was already answered', async () => {
    await novemberDecisions();
    clock.set(FIRST_MONDAY);
    await tick();
    const survey = dm('UBOB')[0]!;
    const shown = survey.blocks;
    await h.emulator.clickButton({ user: 'UBOB', channel: 'DBOB', messageTs: survey.ts, actionId: 'trust_score:9' });
    await settle(h);
    const row = (await rows()).find((r) => r.userId === 'UBOB')!;
    expect(row).toMatchObject({ score: 9 });
    expect(dm('UBOB')[0]!.text).toContain('you answered 9/10');
    // An old copy of the message, still showing the buttons.
    await h.emulator.clickButton({
      user: 'UBOB',
      channel: 'DBOB',
      messageTs: survey.ts,
      actionId: 'trust_score:2',
      shownBlocks: shown,
    });
    await settle(h);
    expect(lastEphemeral(h, 'UBOB')).toBe(
      'You already answered the survey for November 2026 (9/10); each survey is answered once.',
    );
    expect((await rows()).find((r) => r.userId === 'UBOB')!.score).toBe(9);

    // The optional comment, through its form, once.
    await h.emulator.clickButton({ user: 'UBOB', channel: 'DBOB', messageTs: survey.ts, actionId: 'trust_comment' });
    await settle(h);
    const [view] = h.emulator.openModals('UBOB');
    await h.emulator.submitView({
      user: 'UBOB',
      viewId: view!.id,
      values: { comment: 'Good, but <!channel> too slow' },
    });
    await settle(h);
    expect((await rows()).find((r) => r.userId === 'UBOB')!.comment).toBe('Good, but <!channel> too slow');
    expect(JSON.stringify(dm('UBOB')[0]!.blocks)).toContain('Your comment was recorded.');
  });

  it('a send claimed by a sender that died is taken over after its lease, still once', async () => {
    await novemberDecisions();
    clock.set(FIRST_MONDAY);
    // Another replica claimed Bob's survey and died before posting.
    await claimTrustSurvey(h.db, {
      month: '2026-11',
      userId: 'UBOB',
      now: clock.now(),
      staleBefore: new Date(clock.nowMs() - 10 * 60_000),
    });
    await tick();
    expect(dm('UBOB')).toHaveLength(0);
    expect(dm('UCAROL')).toHaveLength(1);
    clock.advance(11 * 60_000);
    await tick();
    expect(dm('UBOB')).toHaveLength(1);
    await tick();
    expect(dm('UBOB')).toHaveLength(1);
  });

  it('two replicas ticking together send each survey once', async () => {
    await novemberDecisions();
    clock.set(FIRST_MONDAY);
    const second = await startSecondInstance(h, { config: CONFIG, now: clock.now, env: ENV });
    try {
      await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
      await settle(h);
      expect(dm('UBOB')).toHaveLength(1);
      expect(dm('UCAROL')).toHaveLength(1);
    } finally {
      await stopSecondInstance(second);
    }
  });
});
