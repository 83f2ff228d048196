import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { incidents, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { settle } from '../support/scenario.js';

const h = useHarness();
const today = () => new Date().toISOString().slice(0, 10);
const incidentChannels = () => h.emulator.channels().filter((c) => c.name.startsWith('inc-'));
const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 10_000, interval: 20 });
/** Waits until a channel exists and every declaration in the database has finished its Slack steps. */
const declared = async (name: string) => {
  const channel = await waitFor(() => {
    const c = h.emulator.channel(name);
    if (!c) throw new Error(`no channel ${name} yet`);
    return c;
  });
  await waitFor(async () => {
    const rows = await h.db.select().from(incidents);
    expect(rows.every((r) => r.declareState === 'complete')).toBe(true);
  });
  // The steps after the declaration (topic, bookmarks, the reply, echoes of its posts) finish too.
  await settle(h);
  // Snapshots are copies: read the channel again now that every step has run.
  return h.emulator.channel(channel.id)!;
};

describe('/incident declare', () => {
  it('acks at once, opens the channel, posts the first status, announces it and records it all', async () => {
    const res = await h.emulator.slashCommand({
      user: 'UALICE',
      channel: BROADCAST,
      text: 'declare sev1 Checkout is failing',
    });
    expect(res.status).toBe(200);

    const channel = await declared(`inc-${today()}-checkout-is-failing`);
    await waitFor(() =>
      expect(
        h.emulator
          .ephemeralsFor('UALICE')
          .map((m) => m.text)
          .join(),
      ).toContain(`<#${channel.id}>`),
    );

    expect(channel.members).toEqual(expect.arrayContaining(['UALICE', h.emulator.botUserId]));
    const [first] = h.emulator.messages(channel.id);
    expect(first!.text.split('\n')).toEqual([
      '🔴 INCIDENT: Checkout is failing',
      'Severity: SEV1',
      'Impact: Being assessed',
      'Status: Investigating',
      'IC: unassigned',
      `Channel: <#${channel.id}>`,
      expect.stringMatching(/^Next update: <!date\^\d+\^\{time\}/),
    ]);
    const announcement = h.emulator.messages(BROADCAST).find((m) => m.user === h.emulator.botUserId);
    expect(announcement?.text).toContain(`SEV1 incident declared: Checkout is failing — join <#${channel.id}>`);

    const [row] = await h.db.select().from(incidents);
    expect(row).toMatchObject({
      title: 'Checkout is failing',
      severity: 1,
      status: 'investigating',
      declaredBy: 'UALICE',
      channelId: channel.id,
      declareState: 'complete',
      statusMessageTs: first!.ts,
    });
    const kinds = (await h.db.select().from(timelineEvents).where(eq(timelineEvents.incidentId, row!.id))).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['declared', 'channel_created', 'status_update']));
  });

  it('uses the default severity from config and omits Next update for SEV3', async () => {
    await h.emulator.slashCommand({ user: 'UBOB', channel: BROADCAST, text: 'declare sev3 Typo on the status page' });
    const channel = await declared(`inc-${today()}-typo-on-the-status-page`);
    expect(h.emulator.messages(channel.id)[0]!.text).not.toContain('Next update');

    await h.emulator.slashCommand({ user: 'UBOB', channel: BROADCAST, text: 'declare Search slow' });
    await declared(`inc-${today()}-search-slow`);
    expect((await h.db.select().from(incidents)).map((i) => i.severity).sort()).toEqual([2, 3]);
  });

  it('takes -2 when the name is taken', async () => {
    // Two people declaring the same thing; the same person twice would resume their own declaration.
    await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare sev2 DB failover' });
    await declared(`inc-${today()}-db-failover`);
    await h.emulator.slashCommand({ user: 'UBOB', channel: BROADCAST, text: 'declare sev2 DB failover' });
    await declared(`inc-${today()}-db-failover-2`);
    expect(incidentChannels().map((c) => c.name)).toEqual([
      `inc-${today()}-db-failover`,
      `inc-${today()}-db-failover-2`,
    ]);
  });

  it('escapes mentions in titles so nobody gets pinged', async () => {
    await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare sev2 <!channel> is down' });
    const channel = await declared(`inc-${today()}-channel-is-down`);
    expect(h.emulator.messages(channel.id)[0]!.text).toContain('&lt;!channel&gt; is down');
  });

  it('answers malformed input in the ack with usage, and changes nothing', async () => {
    const res = await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare sev9 Broken' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).text).toMatch(/`sev9` is not a severity.*\/incident declare/);
    const unknown = await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'frobnicate' });
    expect(JSON.parse(unknown.body).text).toMatch(/I don't know `frobnicate`/);
    expect(await h.db.select().from(incidents)).toHaveLength(0);
    expect(h.emulator.callCount('conversations.create')).toBe(0);
  });

  it('answers help in the ack', async () => {
    const res = await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'help' });
    const text = JSON.parse(res.body).text as string;
    expect(text).toContain('/incident declare [--drill [--page]] [sev0-3] <title>');
    expect(text).toContain('SEV0*: Critical business-wide outage');
  });
});

describe('a declaration that fails part-way', () => {
  it('tells the user, records what was done, and Retry finishes it without a second channel', async () => {
    h.emulator.failNext('chat.postMessage', 'not_in_channel');
    await h.emulator.slashCommand({ user: 'UCAROL', channel: BROADCAST, text: 'declare sev1 Payments timeouts' });
    const failure = await waitFor(() => {
      const m = h.emulator.ephemeralsFor('UCAROL').find((e) => e.text.includes('not fully set up'));
      expect(m).toBeDefined();
      return m!;
    });
    expect(failure.text).toContain('I am not a member of that channel');
    const [row] = await h.db.select().from(incidents);
    expect(row).toMatchObject({ declareState: 'failed', statusMessageTs: null });
    expect(row!.channelId).toBeTruthy();
    expect(row!.declareError).toContain('not a member');

    const channelId = row!.channelId!;
    await h.emulator.clickButton({
      user: 'UCAROL',
      channel: BROADCAST,
      messageTs: failure.ts,
      actionId: 'declaration_retry',
    });
    await waitFor(async () => expect((await h.db.select().from(incidents))[0]!.declareState).toBe('complete'));
    expect(incidentChannels()).toHaveLength(1);
    expect(h.emulator.messages(channelId)).toHaveLength(1);
    expect(h.emulator.callCount('conversations.create')).toBe(1);
  });

  it('resumes when the same person re-runs the same command', async () => {
    h.emulator.failNext('conversations.invite', 'cant_invite');
    await h.emulator.slashCommand({ user: 'UDAVE', channel: BROADCAST, text: 'declare sev2 Queue backlog' });
    await waitFor(() =>
      expect(
        h.emulator
          .ephemeralsFor('UDAVE')
          .map((m) => m.text)
          .join(),
      ).toContain('not fully set up'),
    );
    await h.emulator.slashCommand({ user: 'UDAVE', channel: BROADCAST, text: 'declare sev2 Queue backlog' });
    await waitFor(async () => expect((await h.db.select().from(incidents))[0]!.declareState).toBe('complete'));
    expect(await h.db.select().from(incidents)).toHaveLength(1);
    expect(incidentChannels()).toHaveLength(1);
    expect(incidentChannels()[0]!.members).toContain('UDAVE');
  });
});

describe('request signatures', () => {
  const body = new URLSearchParams({
    command: '/incident',
    text: 'declare sev1 Forged',
    user_id: 'UALICE',
    channel_id: BROADCAST,
    team_id: 'T0FIREBRK',
    trigger_id: '1.2.3',
    response_url: 'http://127.0.0.1:9/none',
  }).toString();

  it('refuses a forged signature with 401 and creates nothing', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const res = await h.emulator.rawPost(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${'0'.repeat(64)}`,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed but stale request (older than 5 minutes) with 401', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.emulator.rawPost(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(stale),
      'x-slack-signature': h.emulator.sign(body, stale),
    });
    expect(res.status).toBe(401);
    await settle(h);
    expect(await h.db.select().from(incidents)).toHaveLength(0);
    expect(h.emulator.callCount('conversations.create')).toBe(0);
  });
});

describe('operations endpoints', () => {
  it('serves /healthz and /metrics', async () => {
    const health = await fetch(`${h.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'help' });
    await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'frobnicate' });
    await settle(h);
    const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(metrics).toMatch(/firebreak_commands_total\{subcommand="help",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/firebreak_commands_total\{subcommand="invalid",outcome="refused"\} [1-9]/);
  });

  it('never logs the bot token or the signing secret', async () => {
    h.emulator.failNext('conversations.create', 'restricted_action');
    await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare sev2 Log check' });
    await waitFor(() => expect(h.emulator.ephemeralsFor('UALICE').length).toBeGreaterThan(0));
    const all = h.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(h.emulator.botToken);
    expect(all).not.toContain('test-signing-secret');
  });
});
