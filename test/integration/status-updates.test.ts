import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { incidents, statusUpdates, timelineEvents } from '../../src/db/schema/index.js';
import { postDueUpdates } from '../../src/services/post-due-updates.js';
import { postStatusUpdate } from '../../src/services/post-status-update.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, DEFAULT_CONFIG, useHarness } from '../support/harness.js';
import { botTexts, declare, lastEphemeral, run, settle, waitFor } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const clock = new TestClock();
const h = useHarness({ now: clock.now });
const MIN = 60_000;

const updatesIn = (channel: string) => botTexts(h, channel).filter((t) => t.startsWith('📣 Status update'));
const remindersIn = (channel: string) =>
  botTexts(h, channel).filter((t) => t.startsWith('⏰') && t.includes('status update'));
/** The app's services with a chat port whose posts reach Slack, then throw or never return. */
function diesAfterPosting(how: 'throws' | 'hangs') {
  const services = h.app.services;
  const dying = { ...services, chat: Object.create(services.chat) };
  dying.chat.post = async (...args: Parameters<typeof services.chat.post>) => {
    await services.chat.post(...args);
    if (how === 'throws') throw new Error('process killed after posting');
    return new Promise<string>(() => {});
  };
  return dying;
}
async function at(minutes: number, t0: number) {
  clock.set(new Date(t0 + minutes * MIN));
  await h.app.tick();
  await settle(h);
}

describe('status updates on a timer', () => {
  it('follows the cadence of each severity, and SEV0/1 updates say when the next one comes', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const sev1 = await declare(h, 'declare sev1 Checkout down');
    const sev2 = await declare(h, 'declare sev2 Search slow', 'UBOB');
    const sev3 = await declare(h, 'declare sev3 Typo', 'UCAROL');
    await at(14, t0);
    expect(updatesIn(sev1)).toHaveLength(0);
    await at(15, t0);
    expect(updatesIn(sev1)).toHaveLength(1);
    expect(updatesIn(sev1)[0]).toMatch(/Severity: SEV1[\s\S]*Next update: <!date\^\d+\^/);
    expect(updatesIn(sev2)).toHaveLength(0);
    await at(30, t0);
    expect(updatesIn(sev1)).toHaveLength(2);
    expect(updatesIn(sev2)).toHaveLength(1);
    await at(240, t0);
    expect(updatesIn(sev3)).toHaveLength(0);
    // The broadcast channel hears each automatic update too.
    expect(botTexts(h, BROADCAST).filter((t) => t.startsWith('📣')).length).toBeGreaterThanOrEqual(3);
    // Each one is on the timeline, pointing at its message, so the postmortem cites a permalink.
    const posted = h.emulator
      .messages(sev1)
      .filter((m) => m.text?.startsWith('📣 Status update'))
      .map((m) => m.ts);
    const events = await h.db.select().from(timelineEvents).where(eq(timelineEvents.kind, 'status_update'));
    const [incident] = await h.db.select().from(incidents).where(eq(incidents.channelId, sev1));
    const automatic = events.filter((e) => e.incidentId === incident!.id && e.text === 'Automatic status update');
    expect(automatic.map((e) => e.messageTs).sort()).toEqual(posted.sort());
  });

  it('reminds the comms lead before it is due; a human update skips the automatic one and restarts the clock', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    await run(h, 'UALICE', ch, 'comms <@UCAROL>');
    await at(13, t0);
    expect(remindersIn(ch)).toHaveLength(1);
    expect(remindersIn(ch)[0]).toMatch(/^⏰ <@UCAROL> a status update for INC-1 is due/);
    const reminder = h.emulator.lastMessage(ch)!;
    expect(JSON.stringify(reminder.blocks)).toContain('update_open');
    await at(13.5, t0);
    expect(remindersIn(ch)).toHaveLength(1);

    clock.set(new Date(t0 + 14 * MIN));
    await run(h, 'UCAROL', ch, 'update Card payments recovering after rollback');
    expect(updatesIn(ch)).toHaveLength(1);
    expect(updatesIn(ch)[0]).toContain('Card payments recovering after rollback');
    expect(updatesIn(ch)[0]).toContain('Next update');
    await at(15, t0);
    await at(28, t0);
    expect(updatesIn(ch)).toHaveLength(1);
    await at(29, t0);
    expect(updatesIn(ch)).toHaveLength(2);
    const rows = await h.db.select().from(statusUpdates).orderBy(statusUpdates.claimedAt);
    expect(rows.map((r) => [r.source, r.onTime])).toEqual([
      ['manual', true],
      ['automatic', true],
    ]);
  });

  it('after a missed update the next reminder mentions the IC too', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    await run(h, 'UALICE', ch, 'comms <@UCAROL>');
    await at(15, t0);
    await at(28, t0);
    expect(remindersIn(ch).at(-1)).toMatch(/^⏰ <@UCAROL> <@UBOB> a status update .* The last update was missed/);
  });

  it('recomputes on a severity change and stops at resolution', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev3 Minor');
    clock.set(new Date(t0 + 5 * MIN));
    await run(h, 'UALICE', ch, 'sev 1');
    expect((await h.db.select().from(incidents))[0]!.nextUpdateAt).toEqual(new Date(t0 + 20 * MIN));
    await at(20, t0);
    expect(updatesIn(ch)).toHaveLength(1);
    await run(h, 'UALICE', ch, 'resolve');
    await at(120, t0);
    expect(updatesIn(ch)).toHaveLength(1);
    await run(h, 'UALICE', ch, 'update still here?');
    expect(lastEphemeral(h, 'UALICE')).toBe('The incident is resolved; its resolution message was the last update.');
  });

  it('posts exactly once across a restart mid-cadence', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    await at(15, t0);
    await h.restart({ now: clock.now });
    await at(15.25, t0);
    expect(updatesIn(ch)).toHaveLength(1);
    await at(30, t0);
    expect(updatesIn(ch)).toHaveLength(2);
  });

  it('never double-posts when the process dies between posting and recording the post', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    clock.set(new Date(t0 + 15 * MIN));
    // Posts reach Slack but the caller "dies" before recording them.
    const dying = diesAfterPosting('throws');
    const first = await postDueUpdates(dying);
    expect(first).toMatchObject({ claimed: 1, posted: 0 });
    expect(updatesIn(ch)).toHaveLength(1);
    const [slot] = await h.db.select().from(statusUpdates);
    expect(slot!.postedAt).toBeNull();
    await at(16.5, t0);
    expect(updatesIn(ch)).toHaveLength(1);
    expect(botTexts(h, BROADCAST).filter((t) => t.startsWith('📣'))).toHaveLength(1);
    const [recovered] = await h.db.select().from(statusUpdates).where(eq(statusUpdates.id, slot!.id));
    expect(recovered!.channelTs).toBe(h.emulator.messages(ch).find((m) => m.text.startsWith('📣'))!.ts);
  });

  it("recovers a human's update cut off by a crash: posted once, in their words, after the channel is checked", async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    clock.set(new Date(t0 + 10 * MIN));
    // The first post reaches Slack and never returns: the process "dies" there.
    const dying = diesAfterPosting('hangs');
    void postStatusUpdate(dying, {
      channelId: ch,
      actorId: 'UCAROL',
      text: 'Rolled back; error rate falling',
      customerText: 'Card payments are recovering.',
      source: 'modal',
      requestKey: 'view:V1',
    });
    await waitFor(() => expect(updatesIn(ch)).toHaveLength(1));
    const [slot] = await h.db.select().from(statusUpdates);
    expect(slot!.postedAt).toBeNull();

    // The next ticks after the crash: the channel post is found by its key, the rest is posted once.
    await at(12, t0);
    await at(13, t0);
    expect(updatesIn(ch)).toHaveLength(1);
    expect(updatesIn(ch)[0]).toContain('Rolled back; error rate falling');
    const broadcast = botTexts(h, BROADCAST).filter((t) => t.includes('Rolled back; error rate falling'));
    expect(broadcast).toHaveLength(1);
    expect(botTexts(h, ch).filter((t) => t.startsWith('🌐 Customer-facing update'))).toEqual([
      '🌐 Customer-facing update: Card payments are recovering.',
    ]);
    const [recovered] = await h.db.select().from(statusUpdates);
    expect(recovered).toMatchObject({ source: 'modal', text: 'Rolled back; error rate falling', onTime: true });
    expect(recovered!.channelTs).toBe(h.emulator.messages(ch).find((m) => m.text.startsWith('📣'))!.ts);
    // One timeline entry, the human's, now pointing at the message.
    const entries = (await h.db.select().from(timelineEvents)).filter(
      (e) => e.kind === 'status_update' && e.text !== 'First status update posted',
    );
    expect(entries).toMatchObject([{ actorId: 'UCAROL', messageTs: recovered!.channelTs }]);
  });

  it('opens the update form with the templates, publishes it, and keeps the customer text apart', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const ch = await declare(h, 'declare sev1 Checkout down');
    await run(h, 'UCAROL', ch, 'update');
    const [view] = h.emulator.openModals('UCAROL');
    const blocks = (view!.view as { blocks: { block_id: string; element: { initial_value: string } }[] }).blocks;
    expect(blocks.find((b) => b.block_id === 'internal')!.element.initial_value).toMatch(
      /^🔴 INCIDENT: Checkout down\nSeverity: SEV1/,
    );
    expect(blocks.find((b) => b.block_id === 'customer')!.element.initial_value).toContain(
      'We will provide an update within 15 minutes.',
    );
    await h.emulator.submitView({
      user: 'UCAROL',
      viewId: view!.id,
      values: { internal: 'Rolled back; error rate falling', customer: 'Card payments are recovering.' },
    });
    await settle(h);
    expect(updatesIn(ch).at(-1)).toContain('Rolled back; error rate falling');
    expect(botTexts(h, ch).at(-1)).toBe('🌐 Customer-facing update: Card payments are recovering.');
    const [row] = await h.db.select().from(statusUpdates);
    expect(row).toMatchObject({
      source: 'modal',
      text: 'Rolled back; error rate falling',
      customerText: 'Card payments are recovering.',
    });
  });

  it('an update Slack refuses changes nothing: no timeline entry, the clock as it was, and it can be sent again', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    const [before] = await h.db.select().from(incidents);
    clock.set(new Date(t0 + 10 * MIN));
    h.emulator.failNext('chat.postMessage', 'not_in_channel');
    await run(h, 'UCAROL', ch, 'update Rolled back the deploy');
    expect(lastEphemeral(h, 'UCAROL')).toContain(
      'Nothing was posted and the update clock is unchanged; send the update again.',
    );
    expect(updatesIn(ch)).toHaveLength(0);
    expect(await h.db.select().from(statusUpdates)).toHaveLength(0);
    const said = (await h.db.select().from(timelineEvents)).filter((e) => e.actorId === 'UCAROL');
    expect(said).toHaveLength(0);
    const [after] = await h.db.select().from(incidents);
    expect(after).toMatchObject({
      nextUpdateAt: before!.nextUpdateAt,
      lastUpdateAt: before!.lastUpdateAt,
      lastUpdateMissed: before!.lastUpdateMissed,
    });

    await run(h, 'UCAROL', ch, 'update Rolled back the deploy');
    expect(updatesIn(ch)).toHaveLength(1);
    expect(await h.db.select().from(statusUpdates)).toHaveLength(1);
    // The automatic update due at 10:15 is skipped: the clock now runs from the human's update.
    await at(15, t0);
    expect(updatesIn(ch)).toHaveLength(1);
  });

  it('when the broadcast post fails after the channel post, the update stays recorded and the person is told', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const ch = await declare(h, 'declare sev1 Checkout down');
    h.emulator.archiveChannel(BROADCAST);
    await run(h, 'UCAROL', ch, 'update Rolled back the deploy');
    expect(updatesIn(ch)).toHaveLength(1);
    expect(lastEphemeral(h, 'UCAROL')).toMatch(
      /That channel is archived\. The update is posted in the incident channel; post the rest by hand rather than sending it again\.$/,
    );
    const [row] = await h.db.select().from(statusUpdates);
    expect(row).toMatchObject({ source: 'manual', broadcastTs: null, channelTs: h.emulator.lastMessage(ch)!.ts });
    expect(row!.postedAt).not.toBeNull();
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'two app instances on one PostgreSQL post each update exactly once',
    async () => {
      clock.set('2026-11-23T10:00:00Z');
      const t0 = clock.nowMs();
      const channels = [];
      for (const [i, user] of ['UALICE', 'UBOB', 'UCAROL', 'UDAVE'].entries())
        channels.push(await declare(h, `declare sev1 Outage ${i}`, user));
      const second = await startSecondInstance(h, { config: DEFAULT_CONFIG, now: clock.now });
      try {
        for (const minutes of [15, 15.25, 30, 30.25]) {
          clock.set(new Date(t0 + minutes * MIN));
          await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
        }
        await settle(h);
        for (const ch of channels) expect(updatesIn(ch)).toHaveLength(2);
      } finally {
        await stopSecondInstance(second);
      }
    },
  );
});
