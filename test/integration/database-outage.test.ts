import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { slackInbox, timelineEvents } from '../../src/db/schema/index.js';
import type { Firebreak } from '../../src/firebreak.js';
import { createLogger } from '../../src/observability/logger.js';
import { type SlackEmulator, startSlackEmulator } from '../../src/sandbox/index.js';
import { startFirebreakOn } from '../../src/sandbox/start-app.js';
import { TestClock } from '../support/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { BROADCAST, DEFAULT_CONFIG, SIGNING_SECRET } from '../support/harness.js';
import { waitFor } from '../support/scenario.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const CONFIG = `${DEFAULT_CONFIG}
inbox: { grace: 30s, max_attempts: 5, retention: 7d }
`;

// On DATABASE_URL's server or on the run's embedded server alike: a TCP proxy between the app and the
// server is what goes away (the server itself, shared by the other test files, stays up).
describe('the database goes away in the middle of commands and comes back', () => {
  const clock = new TestClock();
  let emulator: SlackEmulator;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let app: Firebreak;
  beforeAll(async () => {
    emulator = await startSlackEmulator();
    database = await openTestDatabase();
    proxy = TcpProxy.to(database.url);
    await proxy.start();
    app = await startFirebreakOn(emulator, {
      configText: CONFIG,
      source: 'test config',
      signingSecret: SIGNING_SECRET,
      logger: createLogger('silent'),
      // The app reaches PostgreSQL only through the proxy; the test reads it directly.
      database: await openDatabase({ url: proxy.through(database.url!), dataDir: '', logger: createLogger('silent') }),
      scheduler: false,
      now: clock.now,
    });
  });
  afterAll(async () => {
    await proxy?.start();
    await app?.stop();
    await app?.database.close();
    await proxy?.stop();
    await emulator?.close();
    await database?.close();
  });

  const health = async () => (await fetch(`${app.url}/healthz`)).status;
  const idle = () => waitFor(() => expect(app.busy() + emulator.echoesInFlight).toBe(0));
  const notes = async (text: string) =>
    (await database.db.select().from(timelineEvents).where(eq(timelineEvents.kind, 'note'))).filter(
      (e) => e.text === text,
    );
  const botPosts = (channel: string, text: string) =>
    emulator.messages(channel).filter((m) => m.user === emulator.botUserId && m.text.includes(text));

  it('says so in one sentence, answers /healthz 503 then 200, and the inbox catches up', async () => {
    await emulator.slashCommand({ user: 'UALICE', channel: BROADCAST, text: 'declare sev2 Database flaps' });
    const channel = await waitFor(() => {
      const c = emulator.channels().find((ch) => ch.name.endsWith('-database-flaps'));
      if (!c || !botPosts(c.id, '').length) throw new Error('not declared yet');
      return c.id;
    });
    await idle();
    expect(await health()).toBe(200);

    // 1. A note whose Slack post is held up by a 429 while the database goes away: stored, half-done.
    emulator.rateLimit('chat.postMessage', { retryAfterSeconds: 2 });
    const res = await emulator.slashCommand({ user: 'UALICE', channel, text: 'note Written as the database left' });
    expect(res.status).toBe(200);
    await waitFor(() => expect(emulator.calls.some((c) => c.error === 'ratelimited')).toBe(true));
    await proxy.stop();
    await idle();
    expect(botPosts(channel, 'Written as the database left')).toHaveLength(1);
    expect(emulator.responses().at(-1)?.body).toMatchObject({
      text: expect.stringMatching(/^The database went away while I was doing this; your request is kept/),
    });

    // 2. While it is away: one sentence for a command, nothing done; events left unacknowledged for Slack to redeliver.
    expect(await health()).toBe(503);
    const refused = await emulator.slashCommand({ user: 'UALICE', channel, text: 'note Typed during the outage' });
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({
      response_type: 'ephemeral',
      text: 'Firebreak cannot record that right now: its database is unavailable, so nothing was done. Try again in a minute.',
    });
    const posted = await emulator.userPosts({ user: 'UALICE', channel, text: 'said during the outage' });
    expect(posted.response.status).toBe(500);

    // 3. It comes back: healthy again, Slack's redelivery is recorded, the half-done note is finished once.
    await proxy.start();
    await waitFor(async () => expect(await health()).toBe(200));
    const eventId = 'EvOUTAGE-REDELIVERY';
    const redelivered = await emulator.sendEvent(
      {
        type: 'message',
        channel,
        user: 'UALICE',
        text: 'said during the outage',
        ts: posted.ts,
        channel_type: 'channel',
      },
      { eventId, retryNum: 1, retryReason: 'http_error' },
    );
    expect(redelivered.status).toBe(200);
    clock.advance(60_000);
    await app.tick();
    await idle();
    expect(await notes('Written as the database left')).toHaveLength(1);
    expect(botPosts(channel, 'Written as the database left')).toHaveLength(1);
    expect(await notes('Typed during the outage')).toHaveLength(0);
    expect(botPosts(channel, 'Typed during the outage')).toHaveLength(0);
    expect(await database.db.select().from(timelineEvents).where(eq(timelineEvents.messageTs, posted.ts))).toHaveLength(
      1,
    );
    const unfinished = (await database.db.select().from(slackInbox)).filter((r) => r.status !== 'done');
    expect(unfinished).toEqual([]);
  });
});
