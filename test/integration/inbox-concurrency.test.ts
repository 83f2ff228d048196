import { App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackInbox } from '../../src/db/schema/index.js';
import { Inflight } from '../../src/observability/inflight.js';
import { createLogger } from '../../src/observability/logger.js';
import { installInbox } from '../../src/slack/inbox/install-inbox.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** Bolt fed by hand: no HTTP, so the test holds each request's work exactly where it wants. */
const noReceiver: Receiver = { init: () => {}, start: async () => undefined, stop: async () => undefined };

/** One turn of the event loop: every microtask queued so far has run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('the inbox carries out at most inbox.concurrency requests at once', () => {
  it('acknowledges a request at once while another holds the only slot, and starts its work once the slot is free', async () => {
    const app = new App({ token: 'xoxb-test', botId: 'B1', botUserId: 'UBOT', receiver: noReceiver });
    const inflight = new Inflight();
    installInbox(app, {
      deps: { db: database.db, now: () => new Date() },
      intake: database.intake,
      settings: { grace: 30_000, max_attempts: 5, concurrency: 1 },
      owner: 'test',
      logger: createLogger('silent'),
      inflight,
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started: string[] = [];
    app.command('/incident', async ({ ack, command }) => {
      await ack();
      started.push(command.text);
      if (command.text === 'first') await held;
    });
    const acked: string[] = [];
    const send = (text: string) =>
      app.processEvent({
        body: {
          command: '/incident',
          text,
          trigger_id: `trigger-${text}`,
          user_id: 'UALICE',
          channel_id: 'C1',
          team_id: 'T1',
          response_url: 'https://hooks.slack.invalid/x',
        },
        ack: async () => {
          acked.push(text);
        },
      } as ReceiverEvent);

    const first = send('first');
    await waitUntil(() => started.includes('first'));
    const second = send('second');
    await waitUntil(() => acked.includes('second'));
    await turn();

    // Stored and acknowledged, its work waiting for the slot the first one holds.
    expect(started).toEqual(['first']);
    const rows = await database.db.select().from(slackInbox);
    expect(rows.map((r) => [r.key, r.status]).sort()).toEqual([
      ['command:trigger-first', 'pending'],
      ['command:trigger-second', 'pending'],
    ]);

    release();
    await Promise.all([first, second]);
    expect(started).toEqual(['first', 'second']);
    const done = await database.db.select().from(slackInbox);
    expect(done.map((r) => r.status)).toEqual(['done', 'done']);
    expect(await inflight.drain(0)).toBe(true);
  });
});

/** Polls a condition the test itself drives to true (no time is asserted). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await turn();
}
