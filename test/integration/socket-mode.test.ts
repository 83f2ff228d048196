import { describe, expect, it } from 'vitest';
import { incidents, timelineEvents } from '../../src/db/schema/index.js';
import { BROADCAST, useHarness } from '../support/harness.js';
import { botTexts, declare, settle, waitFor } from '../support/scenario.js';

// The real app with SLACK_APP_TOKEN set and no signing secret: everything Slack sends it arrives as Socket
// Mode envelopes from the emulator, and apps.connections.open is answered by the emulator at SLACK_API_URL.
const h = useHarness({ socketMode: true });

const envelopes = (type: string) => h.emulator.socketMode.envelopes.filter((e) => e.envelope.type === type);

describe('Socket Mode, end to end', () => {
  it('connects through SLACK_API_URL with the app-level token, and still serves its own routes', async () => {
    // Without the Web API options the client asks slack.com, which is unreachable here: start never ends.
    expect(h.emulator.socketMode.liveConnections).toBe(1);
    expect(h.emulator.socketMode.connectionsOpened).toBe(1);
    expect(h.emulator.calls.filter((c) => c.method === 'apps.connections.open').map((c) => c.ok)).toEqual([true]);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    // There is no request URL in Socket Mode: a signed POST has nowhere to go.
    const post = await fetch(`${h.app.url}/slack/events`, { method: 'POST', body: 'command=%2Fincident' });
    expect(post.status).toBe(404);
  });

  it('declares by slash command over the socket: channel created, roles message posted', async () => {
    const ch = await declare(h, 'declare sev2 Checkout is failing');
    const channel = h.emulator.channel(ch)!;
    expect(channel.name).toMatch(/^inc-\d{4}-\d{2}-\d{2}-checkout-is-failing$/);
    expect(channel.members).toContain('UALICE');
    const first = h.emulator.messages(ch)[0]!;
    expect(JSON.stringify(first.blocks)).toContain('ic_take');
    const [command] = envelopes('slash_commands');
    expect(command).toMatchObject({
      acked: true,
      envelope: {
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: { command: '/incident', text: 'declare sev2 Checkout is failing', user_id: 'UALICE' },
      },
    });
    // A declaration's ack is empty: the work is announced in Slack, not in the ack.
    expect(command!.ackPayload).toBeUndefined();
    // Bolt was given botId/botUserId: no lazy auth.test inside the request's 3 seconds.
    expect(h.emulator.callCount('auth.test')).toBe(0);
  });

  it('takes a role by button click over the socket', async () => {
    const ch = await declare(h);
    const first = h.emulator.messages(ch)[0]!;
    const res = await h.emulator.clickButton({ user: 'UDAVE', channel: ch, messageTs: first.ts, actionId: 'ic_take' });
    expect(res.status).toBe(200);
    await settle(h);
    expect(botTexts(h, ch)).toContain('👤 <@UDAVE> is now IC');
    const [click] = envelopes('interactive');
    expect(click).toMatchObject({
      acked: true,
      envelope: {
        accepts_response_payload: false,
        payload: { type: 'block_actions', actions: [{ action_id: 'ic_take' }] },
      },
    });
  });

  it('puts a channel message delivered as an events_api envelope on the timeline', async () => {
    const ch = await declare(h);
    const { ts } = await h.emulator.userPosts({ user: 'UALICE', channel: ch, text: 'Error rate 40% on /pay' });
    await settle(h);
    const human = (await h.db.select().from(timelineEvents)).filter(
      (e) => e.kind === 'message' && e.actorType === 'human',
    );
    expect(human.map((e) => [e.actorId, e.text, e.messageTs])).toEqual([['UALICE', 'Error rate 40% on /pay', ts]]);
    const delivered = envelopes('events_api').find((e) => (e.envelope.payload.event as { ts?: string }).ts === ts);
    expect(delivered).toMatchObject({
      acked: true,
      envelope: { retry_attempt: 0, retry_reason: '', payload: { type: 'event_callback' } },
    });
  });

  it('submits the declare modal over the socket: errors come back in the ack, a good form declares', async () => {
    await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare' });
    await settle(h);
    const [view] = h.emulator.openModals('UALICE');
    const bad = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: { title: 'x', severity: '1' },
    });
    // response_action travels as the ack's payload, and the emulator applies it as Slack's client would.
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: { title: 'Give the incident a title of at least 3 characters.' },
    });
    expect(h.emulator.openModals('UALICE')).toHaveLength(1);
    const good = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view!.id,
      values: { title: 'Card payments failing', severity: '1' },
    });
    expect(good).toMatchObject({ status: 200, body: '' });
    expect(h.emulator.openModals('UALICE')).toHaveLength(0);
    const ch = await waitFor(async () => {
      const [row] = await h.db.select().from(incidents);
      if (row?.declareState !== 'complete') throw new Error('not declared yet');
      return row.channelId!;
    });
    await settle(h);
    expect(h.emulator.channel(ch)!.name).toMatch(/card-payments-failing$/);
    const submissions = envelopes('interactive').filter((e) => e.envelope.payload.type === 'view_submission');
    expect(submissions.map((e) => [e.envelope.accepts_response_payload, e.acked])).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it("answers a malformed command with one sentence in the envelope's ack payload, changing nothing", async () => {
    const res = await h.emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare sev9 Broken' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.parse(res.body).text).toMatch(/`sev9` is not a severity/);
    expect(envelopes('slash_commands')[0]!.ackPayload).toMatchObject({ response_type: 'ephemeral' });
    await settle(h);
    expect(await h.db.select().from(incidents)).toHaveLength(0);
    expect(h.emulator.callCount('conversations.create')).toBe(0);
  });

  it('reconnects with a new URL after Slack asks for a refresh, and the next command still works', async () => {
    const before = h.emulator.socketMode.connectionsOpened;
    await h.emulator.socketMode.refresh();
    expect(h.emulator.socketMode.connectionsOpened).toBe(before + 1);
    expect(h.emulator.socketMode.liveConnections).toBe(1);
    // A new URL: the client called apps.connections.open again (tickets are single-use).
    expect(h.emulator.calls.filter((c) => c.method === 'apps.connections.open' && c.ok)).toHaveLength(1);
    const ch = await declare(h, 'declare sev3 Search is slow');
    expect(h.emulator.channel(ch)!.name).toMatch(/search-is-slow$/);
    expect(envelopes('slash_commands').at(-1)).toMatchObject({ connection: before + 1, acked: true });
  });
});
