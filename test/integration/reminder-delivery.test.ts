import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reminders } from '../../src/db/schema/index.js';
import { DomainError } from '../../src/domain/errors.js';
import { remindMissingIc } from '../../src/services/remind-missing-ic.js';
import { TestClock } from '../support/clock.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, run, settle, waitFor } from '../support/scenario.js';
import { startSecondInstance, stopSecondInstance } from '../support/second-instance.js';

const TOKEN = 'intake-token-0123456789abcdef';
const CONFIG = `
timezone: UTC
channels: { broadcast: ${BROADCAST} }
services:
  - { name: checkout, risk: medium, team: payments }
alerts:
  routes:
    - match: { severity: critical }
      severity: sev1
      action: declare
  default: { action: notify, severity: sev2 }
`;
// Monday 2026-11-23, 10:00 UTC.
const clock = new TestClock('2026-11-23T10:00:00Z');
const h = useHarness({ config: CONFIG, now: clock.now, env: { FIREBREAK_WEBHOOK_TOKEN: TOKEN } });
const MIN = 60_000;

async function tickAt(at: string | number) {
  clock.set(typeof at === 'number' ? new Date(at) : at);
  await h.app.tick();
  await settle(h);
}
const icReminders = (ch: string) => botTexts(h, ch).filter((t) => t.includes('Nobody has taken IC'));
const dmOf = (user: string) => h.emulator.channels().find((c) => c.isIm && c.members.includes(user));

describe('reminders when Slack refuses the post', () => {
  it('the IC reminder is sent on the next tick, once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev2 Search slow');
    h.emulator.failNext('chat.postMessage', 'not_in_channel');
    await tickAt(t0 + 6 * MIN);
    expect(icReminders(ch)).toHaveLength(0);
    await tickAt(t0 + 7 * MIN);
    expect(icReminders(ch)).toHaveLength(1);
    await tickAt(t0 + 8 * MIN);
    expect(icReminders(ch)).toHaveLength(1);
  });

  it('the status update reminder is sent on the next tick, once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev1 Checkout down');
    await run(h, 'UALICE', ch, 'ic <@UBOB>');
    const updateReminders = () => botTexts(h, ch).filter((t) => t.startsWith('⏰') && t.includes('status update'));
    h.emulator.failNext('chat.postMessage', 'not_in_channel');
    await tickAt(t0 + 13 * MIN);
    expect(updateReminders()).toHaveLength(0);
    await tickAt(t0 + 14 * MIN);
    expect(updateReminders()).toHaveLength(1);
    await tickAt(t0 + 14.5 * MIN);
    expect(updateReminders()).toHaveLength(1);
  });

  it('the postmortem reminder is sent on the next tick, once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const ch = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', ch, 'resolve Index rebuilt');
    const pmReminders = () => botTexts(h, ch).filter((t) => t.includes('has no published postmortem'));
    h.emulator.failNext('chat.postMessage', 'is_archived');
    await tickAt('2026-12-01T00:01:00Z');
    expect(pmReminders()).toHaveLength(0);
    await tickAt('2026-12-01T00:02:00Z');
    expect(pmReminders()).toHaveLength(1);
    await tickAt('2026-12-01T00:03:00Z');
    expect(pmReminders()).toHaveLength(1);
  });

  it('the overdue action item DM is sent on the next tick, once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const ch = await declare(h, 'declare sev2 Search slow');
    await run(h, 'UALICE', ch, 'action <@UBOB> 2026-11-24 detect Alert on slow queries');
    await run(h, 'UALICE', ch, 'resolve Index rebuilt');
    const overdue = () => botTexts(h, dmOf('UBOB')!.id).filter((t) => t.startsWith('⏰'));
    h.emulator.failNext('chat.postMessage', 'channel_not_found');
    await tickAt('2026-11-25T00:01:00Z');
    expect(overdue()).toHaveLength(0);
    await tickAt('2026-11-25T00:02:00Z');
    expect(overdue()).toHaveLength(1);
    await tickAt('2026-11-25T00:03:00Z');
    expect(overdue()).toHaveLength(1);
  });

  it('the resolved-alert notice is sent on the next tick, once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const fixture = (name: string) =>
      JSON.parse(readFileSync(new URL(`../fixtures/alerts/${name}`, import.meta.url), 'utf8')).body;
    const send = (body: unknown) =>
      fetch(`${h.app.url}/webhooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(body),
      });
    expect((await send(fixture('alertmanager-v4-firing.json'))).status).toBe(202);
    const ch = await waitFor(() => {
      const c = h.emulator.channels().find((x) => x.name.startsWith('inc-'));
      if (!c || !botTexts(h, c.id).length) throw new Error('not declared yet');
      return c.id;
    });
    await settle(h);
    const resolved = () => botTexts(h, ch).filter((t) => t.startsWith('✅ Alert resolved'));
    h.emulator.failNext('chat.postMessage', 'not_in_channel');
    expect((await send(fixture('alertmanager-v4-resolved.json'))).status).toBe(202);
    await settle(h);
    expect(resolved()).toHaveLength(0);
    await tickAt(clock.nowMs() + MIN);
    expect(resolved()).toHaveLength(1);
    await tickAt(clock.nowMs() + MIN);
    expect(resolved()).toHaveLength(1);
  });
});

describe('a reminder whose fate is unknown', () => {
  it('is looked for before posting again; a failed lookup posts nothing now and posts once later', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev2 Search slow');
    // Slack gave no answer (the post did not happen, but Firebreak cannot know that).
    const services = h.app.services;
    const silent = { ...services, chat: Object.create(services.chat) };
    silent.chat.post = async () => {
      throw new DomainError('UPSTREAM', 'Slack refused to post: I could not reach Slack.', {
        slackError: 'request_failed',
      });
    };
    clock.set(new Date(t0 + 6 * MIN));
    await remindMissingIc(silent);
    const [row] = await h.db.select().from(reminders);
    expect(row).toMatchObject({ unsure: true, doneAt: null });

    h.emulator.failNext('conversations.history', 'channel_not_found');
    await tickAt(t0 + 7 * MIN);
    expect(icReminders(ch)).toHaveLength(0);
    await tickAt(t0 + 8 * MIN);
    expect(icReminders(ch)).toHaveLength(1);
    await tickAt(t0 + 9 * MIN);
    expect(icReminders(ch)).toHaveLength(1);
  });

  it('that reached Slack before the process died is found by its key and not posted again', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev2 Search slow');
    const services = h.app.services;
    const dying = { ...services, chat: Object.create(services.chat) };
    dying.chat.post = async (...args: Parameters<typeof services.chat.post>) => {
      await services.chat.post(...args);
      return new Promise<string>(() => {}); // the process died before recording it
    };
    clock.set(new Date(t0 + 6 * MIN));
    void remindMissingIc(dying);
    await waitFor(() => expect(icReminders(ch)).toHaveLength(1));
    // The dead holder's lease runs out; the next tick takes the reminder over and finds it posted.
    await tickAt(t0 + 12 * MIN);
    await tickAt(t0 + 13 * MIN);
    expect(icReminders(ch)).toHaveLength(1);
    const [row] = await h.db.select().from(reminders);
    expect(row!.ts).toBe(h.emulator.messages(ch).find((m) => m.text.includes('Nobody has taken IC'))!.ts);
  });

  it.skipIf(!process.env.DATABASE_URL)('two replicas retrying a refused reminder send it once', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const channels = [];
    for (const user of ['UALICE', 'UBOB', 'UCAROL']) channels.push(await declare(h, 'declare sev2 Search slow', user));
    const second = await startSecondInstance(h, { config: CONFIG, now: clock.now });
    try {
      h.emulator.failNext('chat.postMessage', 'not_in_channel', { times: 3 });
      clock.set(new Date(t0 + 6 * MIN));
      await Promise.all([h.app.tick(), second.tick()]);
      await settle(h);
      clock.set(new Date(t0 + 7 * MIN));
      await Promise.all([h.app.tick(), second.tick(), h.app.tick(), second.tick()]);
      await settle(h);
      for (const ch of channels) expect(icReminders(ch)).toHaveLength(1);
    } finally {
      await stopSecondInstance(second);
    }
  });
});

describe('the reminders outbox', () => {
  it('deletes reminders finished more than the retention (7 days) ago, keeps the rest, and sends none again', async () => {
    clock.set('2026-11-23T10:00:00Z');
    const t0 = clock.nowMs();
    const ch = await declare(h, 'declare sev2 Search slow');
    await tickAt(t0 + 6 * MIN);
    expect(icReminders(ch)).toHaveLength(1);
    const [sent] = await h.db.select().from(reminders);
    expect(sent!.doneAt).toBeInstanceOf(Date);
    // One still owed (Slack keeps refusing it): never pruned, however old.
    await h.db.insert(reminders).values({
      key: 'reminder:owed',
      kind: 'ic',
      incidentId: sent!.incidentId,
      target: ch,
      subject: {},
      createdAt: new Date(t0),
      notBefore: new Date(t0 + 30 * 86_400_000),
    });
    await tickAt(t0 + 6 * 86_400_000);
    expect((await h.db.select().from(reminders)).map((r) => r.key).sort()).toEqual([sent!.key, 'reminder:owed']);
    await tickAt(t0 + 8 * 86_400_000);
    expect((await h.db.select().from(reminders)).map((r) => r.key)).toEqual(['reminder:owed']);
    expect(icReminders(ch)).toHaveLength(1);
  });
});
