import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  actionItems,
  postmortems,
  remediationAudit,
  remediationProposals,
  roleAssignments,
  slackInbox,
  statusUpdates,
  timelineEvents,
} from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { DEFAULT_CONFIG, useHarness } from '../support/harness.js';
import { declare, run, settle } from '../support/scenario.js';

const clock = new TestClock();
const CONFIG = `${DEFAULT_CONFIG}
inbox: { grace: 30s, max_attempts: 3, retention: 7d }
`;
const h = useHarness({ config: CONFIG, now: clock.now });

/** What a request can have done: rows, and the bot's messages anywhere (channels and DMs), and files. */
async function effects() {
  const botMessages = h.emulator
    .channels()
    .flatMap((c) => h.emulator.messages(c.id))
    .filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo)
    .map((m) => m.text)
    .sort();
  return {
    actionItems: (await h.db.select().from(actionItems)).length,
    timeline: (await h.db.select().from(timelineEvents)).map((e) => e.kind).sort(),
    roles: (await h.db.select().from(roleAssignments)).length,
    updates: (await h.db.select().from(statusUpdates)).length,
    postmortems: (await h.db.select().from(postmortems)).length,
    proposals: (await h.db.select().from(remediationProposals)).map((p) => `${p.runbookId} ${p.status}`),
    audit: (await h.db.select().from(remediationAudit)).map((a) => a.event).sort(),
    files: h.emulator.callCount('files.completeUploadExternal'),
    botMessages,
    // A request carried out again must not tell its person it failed ("already SEV1").
    toldAlice: h.emulator.ephemeralsFor('UALICE').map((m) => m.text),
  };
}

/**
 * The process carried the request out completely and died before marking its inbox row done: the
 * row is pending again with a lapsed lease, and the next tick carries it out a second time.
 */
async function crashBeforeDone(kind: string, match: (payload: Record<string, unknown>) => boolean) {
  const rows = (await h.db.select().from(slackInbox)).filter((r) => r.kind === kind && match(r.payload));
  expect(rows).toHaveLength(1);
  await h.db
    .update(slackInbox)
    .set({ status: 'pending', claimedAt: new Date(clock.nowMs() - 60_000), claimedBy: 'killed', finishedAt: null })
    .where(eq(slackInbox.id, rows[0]!.id));
  clock.advance(1_000);
  await h.app.tick();
  await settle(h);
  const [after] = await h.db.select().from(slackInbox).where(eq(slackInbox.id, rows[0]!.id));
  expect(after).toMatchObject({ status: 'done', attempts: 2 });
}

/**
 * As if the process died just before announcing the change (the newest bot message in `channel` that
 * `shows`): neither that message nor any later one (the broadcast, a DM) was posted, so no echo of
 * them is on the timeline and nothing links to them.
 */
async function neverAnnounced(channel: string, shows: RegExp) {
  const announced = h.emulator
    .messages(channel)
    .filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo && shows.test(m.text))
    .pop()!;
  const later = h.emulator
    .channels()
    .flatMap((ch) => h.emulator.messages(ch.id).map((m) => ({ ...m, channel: ch.id })))
    .filter((m) => m.user === h.emulator.botUserId && !m.ephemeralTo && Number(m.ts) >= Number(announced.ts));
  for (const m of later) {
    expect(h.emulator.neverPosted({ channel: m.channel, ts: m.ts })).toBe(true);
    await h.db.delete(timelineEvents).where(eq(timelineEvents.dedupeKey, `msg:${m.ts}`));
    await h.db.update(timelineEvents).set({ messageTs: null }).where(eq(timelineEvents.messageTs, m.ts));
  }
}

// A note the rules recognise: the analysis proposes a runbook for it.
const OOM = 'note payments pods OOMKilled, exit code 137';

const COMMANDS: { name: string; before?: string[]; text: string; shows: RegExp; toldAgain?: RegExp }[] = [
  { name: 'action', text: 'action <@UBOB> 2026-12-07 Add a canary for checkout', shows: /canary for checkout/ },
  { name: 'sev', text: 'sev 1', shows: /SEV1/ },
  { name: 'status', text: 'status identified', shows: /Identified/ },
  { name: 'resolve', text: 'resolve Rolled back the deploy', shows: /resolved/i },
  { name: 'reopen', before: ['ic <@UALICE>', 'resolve'], text: 'reopen', shows: /reopened/i },
  { name: 'assign', text: 'comms <@UBOB>', shows: /UBOB/ },
  { name: 'update', text: 'update Still looking at the payments pool', shows: /payments pool/ },
  { name: 'note', text: 'note Seen twice would be wrong', shows: /Seen twice/ },
  // A DM cannot be looked up: not sent twice, and the person is told it may have gone out.
  { name: 'page a person', text: 'page <@UCAROL>', shows: /./, toldAgain: /may already have sent them a direct/ },
  { name: 'postmortem', before: ['resolve'], text: 'postmortem', shows: /[Pp]ostmortem/ },
  { name: 'analyze', before: [OOM], text: 'analyze', shows: /Proposed remediation/ },
  { name: 'stop', before: [OOM, 'analyze'], text: 'stop', shows: /STOP by/ },
];

describe('a request carried out again after a crash does everything once', () => {
  for (const c of COMMANDS)
    it(`/incident ${c.text} (${c.name})`, async () => {
      clock.set('2026-12-01T10:00:00Z');
      const channel = await declare(h);
      for (const step of c.before ?? []) await run(h, 'UALICE', channel, step);
      await run(h, 'UALICE', channel, c.text);
      const once = await effects();
      expect(
        once.botMessages.some((t) => c.shows.test(t)),
        JSON.stringify([once.botMessages, h.emulator.ephemeralsFor('UALICE')]),
      ).toBe(true);
      await crashBeforeDone('command', (p) => p.text === c.text);
      const twice = await effects();
      if (c.toldAgain) expect(twice.toldAlice.pop()).toMatch(c.toldAgain);
      expect(twice).toEqual(once);
    });

  // The change was recorded, then the process died before announcing it: carried out again, the
  // announcement is made (once) instead of the person being told "already SEV1".
  for (const c of COMMANDS.filter((x) =>
    ['sev', 'status', 'resolve', 'reopen', 'assign', 'action', 'stop'].includes(x.name),
  ))
    it(`/incident ${c.text} (${c.name}), the crash coming before its announcement`, async () => {
      clock.set('2026-12-01T10:00:00Z');
      const channel = await declare(h);
      for (const step of c.before ?? []) await run(h, 'UALICE', channel, step);
      await run(h, 'UALICE', channel, c.text);
      const once = await effects();
      await neverAnnounced(channel, c.shows);
      await crashBeforeDone('command', (p) => p.text === c.text);
      expect(await effects()).toEqual(once);
    });

  // The analysis was posted and its proposal stored, then the process died before posting the proposal.
  it('/incident analyze, the crash coming before the proposal is posted', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const channel = await declare(h);
    await run(h, 'UALICE', channel, OOM);
    await run(h, 'UALICE', channel, 'analyze');
    const once = await effects();
    expect(once.proposals).toHaveLength(1);
    await neverAnnounced(channel, /Proposed remediation/);
    await h.db.update(remediationProposals).set({ channelTs: null });
    await crashBeforeDone('command', (p) => p.text === 'analyze');
    expect(await effects()).toEqual(once);
    expect((await h.db.select().from(remediationProposals))[0]!.channelTs).not.toBeNull();
  });

  // Re-enabled after a STOP (the button on the offer), then the process died before saying so: carried
  // out again, the re-enabling is not repeated but its message is posted, once.
  for (const crash of ['after everything', 'before its announcement'])
    it(`re-enabling automation and analysing again, the crash coming ${crash}`, async () => {
      clock.set('2026-12-01T10:00:00Z');
      const channel = await declare(h);
      for (const step of ['ic <@UALICE>', OOM, 'analyze', 'stop', 'analyze']) await run(h, 'UALICE', channel, step);
      const offer = h.emulator.ephemeralsFor('UALICE').at(-1)!;
      expect(offer.text).toContain('Re-enable');
      await h.emulator.clickButton({ user: 'UALICE', channel, messageTs: offer.ts, actionId: 'automation_enable' });
      await settle(h);
      const once = await effects();
      expect(once.botMessages.filter((t) => /re-enabled/.test(t))).toHaveLength(1);
      if (crash !== 'after everything') {
        await neverAnnounced(channel, /re-enabled/);
        await h.db
          .update(remediationProposals)
          .set({ channelTs: null })
          .where(eq(remediationProposals.status, 'pending'));
      }
      await crashBeforeDone('action', (p) => JSON.stringify(p).includes('automation_enable'));
      expect(await effects()).toEqual(once);
    });

  it('the STOP button on a proposal', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const channel = await declare(h);
    await run(h, 'UALICE', channel, OOM);
    await run(h, 'UALICE', channel, 'analyze');
    const [proposal] = await h.db.select().from(remediationProposals);
    await h.emulator.clickButton({
      user: 'UCAROL',
      channel,
      messageTs: proposal!.channelTs!,
      actionId: 'automation_stop',
    });
    await settle(h);
    const once = await effects();
    expect(once.proposals).toEqual(['pod-oomkilled-restart stopped']);
    await crashBeforeDone('action', () => true);
    expect(await effects()).toEqual(once);
  });

  // The file was shared, then the process died before storing its id: carried out again, the file is
  // found in the channel by its name, not uploaded a second time.
  it('/incident postmortem, the crash coming between the upload and storing the file id', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const channel = await declare(h);
    await run(h, 'UALICE', channel, 'resolve');
    await run(h, 'UALICE', channel, 'postmortem');
    const once = await effects();
    const [file] = h.emulator.files();
    expect(file).toMatchObject({ completed: true, channels: [channel] });
    await neverAnnounced(channel, /Postmortem draft v1/);
    await h.db.update(postmortems).set({ fileId: null, summaryTs: null, publishedAt: null });
    await h.db.delete(timelineEvents).where(eq(timelineEvents.kind, 'postmortem_drafted'));
    await crashBeforeDone('command', (p) => p.text === 'postmortem');
    expect(await effects()).toEqual(once);
    expect(h.emulator.files().map((f) => f.id)).toEqual([file!.id]);
    expect((await h.db.select().from(postmortems))[0]!.fileId).toBe(file!.id);
  });

  it('the action item form', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const channel = await declare(h);
    await run(h, 'UALICE', channel, 'action');
    const [view] = h.emulator.openModals('UALICE');
    await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: { description: 'Alert on pool saturation', owner: 'UCAROL', type: 'detect', priority: 'P1' },
    });
    await settle(h);
    const once = await effects();
    expect(once.actionItems).toBe(1);
    await crashBeforeDone('view', () => true);
    expect(await effects()).toEqual(once);
  });

  it('the "I\'ll be IC" button', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const channel = await declare(h);
    const first = h.emulator.messages(channel)[0]!;
    await h.emulator.clickButton({ user: 'UDAVE', channel, messageTs: first.ts, actionId: 'ic_take' });
    await settle(h);
    const once = await effects();
    expect(once.botMessages).toContain('👤 <@UDAVE> is now IC');
    await crashBeforeDone('action', () => true);
    expect(await effects()).toEqual(once);
  });

  it('the "I\'ll be IC" button, the crash coming before its announcement', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const channel = await declare(h);
    const first = h.emulator.messages(channel)[0]!;
    await h.emulator.clickButton({ user: 'UDAVE', channel, messageTs: first.ts, actionId: 'ic_take' });
    await settle(h);
    const once = await effects();
    await neverAnnounced(channel, /is now IC/);
    await crashBeforeDone('action', () => true);
    expect(await effects()).toEqual(once);
  });
});
