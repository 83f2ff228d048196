import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordInboxRequest } from '../../src/db/repositories/inbox.js';
import { slackInbox, timelineEvents } from '../../src/db/schema/index.js';
import { TestClock } from '../support/clock.js';
import { DEFAULT_CONFIG, useHarness } from '../support/harness.js';
import { declare, settle, waitFor } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const clock = new TestClock();
const CONFIG = `${DEFAULT_CONFIG}
inbox: { grace: 30s, max_attempts: 2, retention: 7d }
`;
const h = useHarness({ config: CONFIG, now: clock.now });

/** A slash command's fields as Slack sends them (and as Bolt hands them on), with a fresh trigger_id. */
function commandFields(channel: string, text: string, user = 'UALICE'): Record<string, string> {
  return {
    token: h.emulator.verificationToken,
    team_id: h.emulator.teamId,
    team_domain: 'sandbox',
    channel_id: channel,
    channel_name: 'incident',
    user_id: user,
    user_name: 'alice',
    command: '/incident',
    text,
    api_app_id: h.emulator.appId,
    is_enterprise_install: 'false',
    response_url: `${h.emulator.baseUrl}/response-url/none`,
    trigger_id: h.emulator.issueTriggerId(user),
  };
}

const notesIn = async (text: string) =>
  (await h.db.select().from(timelineEvents).where(eq(timelineEvents.kind, 'note'))).filter((e) => e.text === text);
// Whole words: "Replica 1" is not "Replica 10".
const postsWith = (channel: string, text: string) =>
  h.emulator
    .messages(channel)
    .filter((m) => m.user === h.emulator.botUserId && new RegExp(`${text}(?![\\w])`).test(m.text));

/** What the bot said to `user` alone (an ephemeral message or a DM), by Web API call. */
const toldUser = (user: string) =>
  h.emulator.calls
    .filter((c) => c.ok && (c.args.user === user || c.args.channel === user) && c.method.startsWith('chat.post'))
    .map((c) => String(c.args.text));

/** A request stored by a process that died before carrying it out (its lease never renewed). */
async function leftByACrash(payload: Record<string, unknown>, key: string, kind = 'command') {
  return recordInboxRequest(h.db, {
    key,
    kind,
    payload,
    receivedAt: new Date(clock.nowMs() - 60_000),
    claimedBy: 'a-process-that-was-killed',
  });
}

describe('the durable inbox', () => {
  it('stores a request before acknowledging it, and marks it done once carried out', async () => {
    const channel = await declare(h);
    const res = await h.emulator.slashCommand({ user: 'UALICE', channel, text: 'note Stored before the ack' });
    expect(res.status).toBe(200);
    // Read at once, before the work after the ack: the row is already there.
    const row = (await h.db.select().from(slackInbox)).find((r) => r.payload.text === 'note Stored before the ack');
    expect(row).toBeDefined();
    expect(row!.key).toMatch(/^command:/);
    expect(row!.payload.text).toBe('note Stored before the ack');
    await settle(h);
    const [after] = await h.db.select().from(slackInbox).where(eq(slackInbox.id, row!.id));
    expect(after!.status).toBe('done');
    expect(await notesIn('Stored before the ack')).toHaveLength(1);
  });

  it('runs a replayed signed slash command (same body and signature) once', async () => {
    const channel = await declare(h);
    const body = new URLSearchParams(commandFields(channel, 'note Said once')).toString();
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...h.emulator.signatureHeaders(body) };
    expect((await h.emulator.rawPost(body, headers)).status).toBe(200);
    await settle(h);
    const replay = await h.emulator.rawPost(body, headers);
    expect(replay.status).toBe(200);
    expect(replay.body).toBe('');
    await settle(h);
    expect(await notesIn('Said once')).toHaveLength(1);
    expect(postsWith(channel, 'Said once')).toHaveLength(1);
  });

  it('runs a Slack event retry (X-Slack-Retry-Num, same event_id) once', async () => {
    const event = { type: 'app_home_opened', user: 'UALICE', channel: 'DALICE', tab: 'home', event_ts: '1.0' };
    await h.emulator.sendEvent(event, { eventId: 'EvHOMERETRY' });
    await settle(h);
    const published = h.emulator.callCount('views.publish');
    expect(published).toBe(1);
    const retry = await h.emulator.sendEvent(event, { eventId: 'EvHOMERETRY', retryNum: 1 });
    expect(retry.status).toBe(200);
    await settle(h);
    expect(h.emulator.callCount('views.publish')).toBe(published);
  });

  it('carries out after a restart, once, a command acknowledged by a process that then died', async () => {
    const channel = await declare(h);
    const id = await leftByACrash(commandFields(channel, 'note Typed just before the crash'), 'command:crash-1');
    // Not yet: the dead process's lease has a grace before anyone else takes its work.
    clock.advance(-45_000);
    await h.app.tick();
    await settle(h);
    expect(await notesIn('Typed just before the crash')).toHaveLength(0);
    clock.advance(45_000);
    await h.restart({ config: CONFIG, now: clock.now });
    await settle(h);
    expect(await notesIn('Typed just before the crash')).toHaveLength(1);
    await h.app.tick();
    clock.advance(5 * 60_000);
    await h.app.tick();
    await settle(h);
    expect(await notesIn('Typed just before the crash')).toHaveLength(1);
    expect(postsWith(channel, 'Typed just before the crash')).toHaveLength(1);
    const [row] = await h.db.select().from(slackInbox).where(eq(slackInbox.id, id!));
    expect(row).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('does not post a note twice when the crash came after its post', async () => {
    const channel = await declare(h);
    // The first run posted (keyed by the request) and died before recording the note.
    await h.emulator.slashCommand({ user: 'UALICE', channel, text: 'note Posted then crashed' });
    await settle(h);
    const first = (await h.db.select().from(slackInbox)).find((r) => r.payload.text === 'note Posted then crashed');
    await h.db.delete(timelineEvents).where(eq(timelineEvents.kind, 'note'));
    await h.db
      .update(slackInbox)
      .set({ status: 'pending', claimedAt: new Date(clock.nowMs() - 60_000), finishedAt: null })
      .where(eq(slackInbox.id, first!.id));
    await h.app.tick();
    await settle(h);
    expect(postsWith(channel, 'Posted then crashed')).toHaveLength(1);
    expect(await notesIn('Posted then crashed')).toHaveLength(1);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'two app instances sweeping the same unfinished requests carry each out once',
    async () => {
      const channel = await declare(h);
      for (let i = 0; i < 12; i++)
        await leftByACrash(commandFields(channel, `note Replica ${i}`), `command:replica-${i}`);
      const second = await startSecondInstance(h, { config: CONFIG, now: clock.now });
      try {
        await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
        await settle(h);
        await waitFor(async () => expect(await second.busy()).toBe(0));
      } finally {
        await stopSecondInstance(second);
      }
      for (let i = 0; i < 12; i++) {
        expect(await notesIn(`Replica ${i}`)).toHaveLength(1);
        expect(postsWith(channel, `Replica ${i}`)).toHaveLength(1);
      }
      const rows = await h.db.select().from(slackInbox).where(eq(slackInbox.kind, 'command'));
      expect(rows.filter((r) => r.key.startsWith('command:replica-')).every((r) => r.status === 'done')).toBe(true);
    },
  );

  it('parks a request that keeps failing, tells the person, and never blocks the others', async () => {
    const channel = await declare(h);
    // A message event Slack could never send (no ts): the capture refuses it with an error every time.
    const broken = await h.emulator.sendEvent(
      { type: 'message', channel, user: 'UBOB', text: 'no ts', channel_type: 'channel' },
      { eventId: 'EvBROKEN' },
    );
    expect(broken.status).toBe(200);
    const { ts } = await h.emulator.userPosts({ user: 'UALICE', channel, text: 'after the broken one' });
    await settle(h);
    const row = async () => (await h.db.select().from(slackInbox).where(eq(slackInbox.key, 'event:EvBROKEN')))[0]!;
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await h.db.select().from(timelineEvents).where(eq(timelineEvents.messageTs, ts))).toHaveLength(1);
    clock.advance(60_000);
    await h.app.tick();
    await settle(h);
    expect(await row()).toMatchObject({ status: 'parked', attempts: 2 });
    expect((await row()).lastError).toBeTruthy();
    expect(toldUser('UBOB')).toEqual([expect.stringMatching(/could not carry out your message .* after 2 tries/)]);
  });

  it('prunes done requests after the retention, and keeps the rest', async () => {
    const channel = await declare(h);
    await h.emulator.slashCommand({ user: 'UALICE', channel, text: 'note Old news' });
    await settle(h);
    const done = (await h.db.select().from(slackInbox)).filter((r) => r.status === 'done').map((r) => r.id);
    expect(done.length).toBeGreaterThan(0);
    await leftByACrash(commandFields(channel, 'note still pending'), 'command:keep-me');
    await h.db.update(slackInbox).set({ status: 'parked' }).where(eq(slackInbox.key, 'command:keep-me'));
    await settle(h);
    clock.advance(6 * 86_400_000);
    await h.app.tick();
    const kept = new Set((await h.db.select().from(slackInbox)).map((r) => r.id));
    expect(done.every((id) => kept.has(id))).toBe(true);
    clock.advance(2 * 86_400_000);
    await h.app.tick();
    const left = await h.db.select().from(slackInbox);
    expect(left.filter((r) => done.includes(r.id))).toEqual([]);
    expect(left.find((r) => r.key === 'command:keep-me')?.status).toBe('parked');
  });
});
