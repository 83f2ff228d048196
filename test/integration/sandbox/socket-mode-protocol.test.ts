import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type SlackEmulator, startSlackEmulator } from '../../../src/sandbox/index.js';

// The emulator's Socket Mode side, driven by a bare WebSocket client playing the app, so every frame the
// app would see (and every mistake it could make) is under the test's control.

type Frame = Record<string, unknown>;

/** A raw Socket Mode client: the frames it received, in order, and a way to wait for the next one. */
class RawApp {
  readonly frames: Frame[] = [];
  private waiters: ((f: Frame) => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      const waiter = this.waiters.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    });
  }

  static async connect(url: string): Promise<RawApp> {
    const ws = new WebSocket(url);
    const app = new RawApp(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return app;
  }

  next(): Promise<Frame> {
    const queued = this.frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  ack(envelopeId: unknown, payload?: Frame): void {
    this.ws.send(JSON.stringify({ envelope_id: envelopeId, ...(payload && { payload }) }));
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}

let emu: SlackEmulator;
let app: RawApp | undefined;

async function openConnection(token?: string): Promise<Frame> {
  const res = await fetch(`${emu.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return (await res.json()) as Frame;
}

async function connectApp(): Promise<RawApp> {
  const { url } = await openConnection(emu.appToken);
  app = await RawApp.connect(String(url));
  expect(await app.next()).toMatchObject({ type: 'hello', connection_info: { app_id: emu.appId } });
  return app;
}

beforeAll(async () => {
  emu = await startSlackEmulator();
  emu.useSocketMode();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  emu.reset();
});
afterAll(() => emu.close());

describe('apps.connections.open', () => {
  it('takes only the app-level token, and answers a one-time WebSocket URL', async () => {
    expect(await openConnection()).toEqual({ ok: false, error: 'not_authed' });
    expect(await openConnection(emu.botToken)).toEqual({ ok: false, error: 'invalid_auth' });
    const opened = await openConnection(emu.appToken);
    expect(opened).toMatchObject({ ok: true });
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]{36}&app_id=AFIREBRK$/);
    // The other way round: the app-level token cannot call the bot's methods.
    const post = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.appToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'CINCIDENTS', text: 'hi' }),
    });
    expect(await post.json()).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('says hello on connect, and refuses a URL used twice or made up', async () => {
    const { url } = await openConnection(emu.appToken);
    app = await RawApp.connect(String(url));
    expect(await app.next()).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: expect.objectContaining({ host: expect.any(String) }),
      connection_info: { app_id: 'AFIREBRK' },
    });
    await expect(RawApp.connect(String(url))).rejects.toThrow(/401/);
    await expect(RawApp.connect(String(url).replace(/ticket=[^&]+/, 'ticket=forged'))).rejects.toThrow(/401/);
  });
});

describe('envelopes and acks', () => {
  it('delivers a slash command as a slash_commands envelope; the ack payload is the response body', async () => {
    const raw = await connectApp();
    const pending = emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: 'declare sev9 Broken' });
    const envelope = await raw.next();
    expect(envelope).toMatchObject({
      type: 'slash_commands',
      accepts_response_payload: true,
      envelope_id: expect.any(String),
      payload: { command: '/incident', text: 'declare sev9 Broken', user_id: 'UALICE', channel_id: 'CINCIDENTS' },
    });
    expect((envelope.payload as Frame).trigger_id).toEqual(expect.any(String));
    raw.ack(envelope.envelope_id, { response_type: 'ephemeral', text: 'No such severity.' });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_type: 'ephemeral', text: 'No such severity.' });
    expect(emu.violations).toEqual([]);
  });

  it('delivers a click as an interactive envelope and an event as events_api, each acked by envelope_id', async () => {
    const raw = await connectApp();
    const posted = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${emu.botToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channel: 'CINCIDENTS',
        text: 'Take a role',
        blocks: [{ type: 'actions', elements: [button('ic_take')] }],
      }),
    });
    const { ts } = (await posted.json()) as { ts: string };
    const echo = await raw.next(); // Slack delivers the bot's own post to it as a message event.
    expect(echo).toMatchObject({ type: 'events_api', payload: { event: { type: 'message', bot_id: emu.botId } } });
    raw.ack(echo.envelope_id);

    const click = emu.clickButton({ user: 'UBOB', channel: 'CINCIDENTS', messageTs: ts, actionId: 'ic_take' });
    const interactive = await raw.next();
    expect(interactive).toMatchObject({
      type: 'interactive',
      accepts_response_payload: false,
      payload: { type: 'block_actions', actions: [{ action_id: 'ic_take' }], user: { id: 'UBOB' } },
    });
    raw.ack(interactive.envelope_id);
    expect(await click).toMatchObject({ status: 200, body: '' });

    const event = emu.sendEvent({ type: 'app_home_opened', user: 'UBOB', tab: 'home' });
    const envelope = await raw.next();
    expect(envelope).toMatchObject({
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: { type: 'event_callback', event_id: expect.any(String), event: { type: 'app_home_opened' } },
    });
    raw.ack(envelope.envelope_id);
    expect((await event).status).toBe(200);
    expect(emu.violations).toEqual([]);
  });

  it('redelivers an event not acknowledged within 3 s, marked as a retry, and records the violation', async () => {
    const raw = await connectApp();
    const delivered = emu.sendEvent({ type: 'app_home_opened', user: 'UBOB', tab: 'home' });
    const first = await raw.next();
    const retry = await raw.next(); // Arrives only once the 3 s deadline has passed without an ack.
    expect(retry).toMatchObject({ type: 'events_api', retry_attempt: 1, retry_reason: 'timeout' });
    expect(retry.envelope_id).not.toBe(first.envelope_id);
    expect((retry.payload as Frame).event_id).toBe((first.payload as Frame).event_id);
    raw.ack(retry.envelope_id);
    expect((await delivered).status).toBe(200);
    expect(emu.violations).toEqual([expect.stringMatching(/events_api envelope .* not acknowledged within 3 s/)]);
    // Acked after Slack gave up: dropped, not a second violation. Frames are read in order, so once the
    // unknown id below is recorded, the late ack before it has been handled.
    raw.ack(first.envelope_id);
    raw.ack('not-an-envelope');
    expect(await waitForViolations(2)).toEqual([
      expect.stringMatching(/not acknowledged within 3 s/),
      expect.stringMatching(/ack of unknown envelope not-an-envelope/),
    ]);
  });

  it('gives up on an unacknowledged command after 3 s (no retry) and records it', async () => {
    const raw = await connectApp();
    const res = await Promise.all([
      emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: 'list' }),
      raw.next(),
    ]).then(([r]) => r);
    expect(res.status).toBe(0);
    expect(emu.violations).toEqual([expect.stringMatching(/slash_commands envelope .* not acknowledged within 3 s/)]);
    expect(raw.frames).toEqual([]);
  });

  it('records an ack carrying a payload where Slack ignores it, and an ack of an unknown envelope', async () => {
    const raw = await connectApp();
    const event = emu.sendEvent({ type: 'app_home_opened', user: 'UBOB', tab: 'home' });
    const envelope = await raw.next();
    raw.ack(envelope.envelope_id, { text: 'thanks' });
    await event;
    raw.ack('not-an-envelope');
    const violations = await waitForViolations(2);
    expect(violations).toEqual([
      expect.stringMatching(/ack of a events_api envelope carries a payload Slack ignores/),
      expect.stringMatching(/ack of unknown envelope not-an-envelope/),
    ]);
  });
});

describe('connections', () => {
  it('tells the driver there is nobody to deliver a command to when the app is not connected', async () => {
    await expect(emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: 'list' })).rejects.toThrow(
      /no Socket Mode connection.*dispatch_failed/,
    );
  });

  it('asks for a refresh with disconnect (refresh_requested); the app comes back with a new URL', async () => {
    const old = await connectApp();
    const refreshed = emu.socketMode.refresh();
    expect(await old.next()).toMatchObject({ type: 'disconnect', reason: 'refresh_requested' });
    await old.close();
    const fresh = await connectApp();
    await refreshed;
    expect(emu.socketMode.connectionsOpened).toBeGreaterThanOrEqual(2);
    expect(emu.socketMode.liveConnections).toBe(1);
    const pending = emu.slashCommand({ user: 'UALICE', channel: 'CINCIDENTS', text: 'help' });
    const envelope = await fresh.next();
    fresh.ack(envelope.envelope_id);
    expect((await pending).status).toBe(200);
  });
});

function button(actionId: string): Frame {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Take' } };
}

/** Violations are recorded when the emulator reads the frame; wait for them on its own log, not a clock. */
function waitForViolations(count: number): Promise<readonly string[]> {
  return vi.waitFor(
    () => {
      if (emu.violations.length < count) throw new Error(`${emu.violations.length} violations so far`);
      return [...emu.violations];
    },
    { timeout: 10_000, interval: 10 },
  );
}
