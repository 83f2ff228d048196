import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { declare, lastEphemeral, run, settle } from '../support/scenario.js';

const h = useHarness({
  config: `
channels: { broadcast: ${BROADCAST} }
incidents: { timeline_reaction: eyes }
`,
});
/** Declares and brings bob, carol and dave into the channel (role holders are invited). */
async function incidentWithPeople(): Promise<string> {
  const ch = await declare(h);
  await run(h, 'UALICE', ch, 'ops <@UBOB>');
  await run(h, 'UALICE', ch, 'comms <@UCAROL>');
  await run(h, 'UALICE', ch, 'scribe <@UDAVE>');
  return ch;
}
const events = () => h.db.select().from(timelineEvents).orderBy(asc(timelineEvents.at));
const humanMessages = async () => (await events()).filter((e) => e.kind === 'message' && e.actorType === 'human');

describe('timeline capture', () => {
  it('records human messages, edits and deletions in incident channels, and ignores other channels', async () => {
    const ch = await incidentWithPeople();
    await h.emulator.userPosts({ user: 'UBOB', channel: BROADCAST, text: 'unrelated chatter' });
    const { ts } = await h.emulator.userPosts({ user: 'UBOB', channel: ch, text: 'Error rate 40% on /pay' });
    await h.emulator.userEdits({ user: 'UBOB', channel: ch, ts, text: 'Error rate 45% on /pay' });
    await h.emulator.userDeletes({ user: 'UBOB', channel: ch, ts });
    await settle(h);
    const all = await events();
    expect((await humanMessages()).map((e) => [e.actorId, e.text, e.messageTs])).toEqual([
      ['UBOB', 'Error rate 40% on /pay', ts],
    ]);
    expect(all.find((e) => e.kind === 'message_edited')).toMatchObject({
      text: 'Error rate 45% on /pay',
      messageTs: ts,
    });
    expect(all.find((e) => e.kind === 'message_deleted')).toMatchObject({ messageTs: ts });
    expect(all.some((e) => e.text === 'unrelated chatter')).toBe(false);
  });

  it('deduplicates Slack redeliveries by event id and message ts', async () => {
    const ch = await declare(h);
    const event = {
      type: 'message',
      channel: ch,
      user: 'UCAROL',
      text: 'retry me',
      ts: '1795000000.000100',
      channel_type: 'channel',
    };
    await h.emulator.sendEvent(event, { eventId: 'Ev0001' });
    await h.emulator.sendEvent(event, { eventId: 'Ev0001', retryNum: 1, retryReason: 'http_timeout' });
    await h.emulator.sendEvent(event, { eventId: 'Ev0002' });
    await settle(h);
    expect((await humanMessages()).filter((e) => e.text === 'retry me')).toHaveLength(1);
  });

  it("records the bot's own posts as bot events, never as human messages", async () => {
    await declare(h);
    const bot = (await events()).filter((e) => e.kind === 'message' && e.actorType === 'bot');
    expect(bot.length).toBeGreaterThan(0);
    expect(bot.every((e) => e.actorId === h.emulator.botUserId || e.actorId === null)).toBe(true);
    expect(await humanMessages()).toHaveLength(0);
  });

  it('records pins, the configured reaction (once per message) and ignores other reactions', async () => {
    const ch = await incidentWithPeople();
    const { ts } = await h.emulator.userPosts({ user: 'UBOB', channel: ch, text: 'Rolled back to v41' });
    await h.emulator.userPins({ user: 'UCAROL', channel: ch, ts });
    await h.emulator.userReacts({ user: 'UCAROL', channel: ch, ts, reaction: 'thumbsup' });
    await h.emulator.userReacts({ user: 'UCAROL', channel: ch, ts, reaction: 'eyes' });
    // Dave reacts after Carol's reaction is recorded: Slack's events carry no order, so two at once
    // may land either way round, and only "once per message" is the app's to promise.
    await settle(h);
    await h.emulator.userReacts({ user: 'UDAVE', channel: ch, ts, reaction: 'eyes' });
    await settle(h);
    const all = await events();
    expect(all.filter((e) => e.kind === 'pinned')).toMatchObject([
      { actorId: 'UBOB', text: 'Rolled back to v41', messageTs: ts, data: { markedBy: 'UCAROL' } },
    ]);
    expect(all.filter((e) => e.kind === 'highlighted')).toMatchObject([
      { actorId: 'UBOB', text: 'Rolled back to v41', data: { via: 'reaction', markedBy: 'UCAROL' } },
    ]);
  });

  it('adds a message with the "Add to timeline" shortcut and says so', async () => {
    const ch = await incidentWithPeople();
    const { ts } = await h.emulator.userPosts({ user: 'UBOB', channel: ch, text: 'Customer tickets spiking' });
    await h.emulator.messageShortcut({ user: 'UDAVE', channel: ch, ts, callbackId: 'add_to_timeline' });
    await settle(h);
    expect(lastEphemeral(h, 'UDAVE')).toBe('📌 Added to the incident timeline.');
    await h.emulator.messageShortcut({ user: 'UDAVE', channel: ch, ts, callbackId: 'add_to_timeline' });
    await settle(h);
    expect(lastEphemeral(h, 'UDAVE')).toBe('That message is already on the timeline.');
    const { ts: elsewhere } = await h.emulator.userPosts({ user: 'UBOB', channel: BROADCAST, text: 'hello' });
    await h.emulator.messageShortcut({
      user: 'UDAVE',
      channel: BROADCAST,
      ts: elsewhere,
      callbackId: 'add_to_timeline',
    });
    await settle(h);
    expect(lastEphemeral(h, 'UDAVE')).toMatch(/^This is not an incident channel/);
  });
});
