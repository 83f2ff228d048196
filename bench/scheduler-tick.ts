/**
 * Issue 4's number: one scheduler tick with 10,000 open incidents of which 50 are due. Three views:
 * an empty tick (nothing due: the cost every 15 s), the database part of a tick with 50 due (claiming
 * and recording, with a chat port that posts nowhere), and a whole tick posting 50 updates to the
 * emulator (channel + broadcast: 100 Web API calls). Rows are seeded with SQL, not 10,000 declarations.
 */

import { WebClient } from '@slack/web-api';
import { sql } from 'drizzle-orm';
import { statusUpdates } from '../src/db/schema/index.js';
import type { Firebreak } from '../src/firebreak.js';
import type { SlackEmulator } from '../src/sandbox/index.js';
import type { ChatPort } from '../src/services/ports.js';
import { postDueUpdates } from '../src/services/post-due-updates.js';
import { type Summary, summarize } from './stats.js';

export const OPEN = 10_000;
export const DUE = 50;

export interface TickResult {
  open: number;
  due: number;
  emptyTick: Summary;
  databaseTick: Summary;
  fullTick: Summary;
  postedPerFullTick: number;
}

const T0 = new Date('2026-11-23T10:00:00Z');

/** Seeds `OPEN` complete incidents; the first `DUE` are due at T0 in real emulator channels, the rest in an hour. */
async function seed(app: Firebreak, emulator: SlackEmulator): Promise<string[]> {
  const db = app.database.db;
  await db.execute(sql`
    insert into incidents (title, severity, status, declared_by, declare_state, channel_id, declared_at,
                           acknowledged_at, ic_reminded_at, next_update_at, update_reminder_for)
    select 'Bench incident ' || g, 1, 'investigating', 'UALICE', 'complete', 'CBENCH' || g,
           ${T0}::timestamptz - interval '1 hour', ${T0}::timestamptz, ${T0}::timestamptz,
           ${T0}::timestamptz + interval '1 hour', ${T0}::timestamptz + interval '1 hour'
    from generate_series(1, ${OPEN}) g`);
  const client = new WebClient(emulator.botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
  const ids: string[] = [];
  for (let i = 1; i <= DUE; i++) {
    const res = await client.conversations.create({ name: `inc-bench-${i}` });
    ids.push(res.channel!.id!);
    await db.execute(sql`update incidents set channel_id = ${res.channel!.id!} where channel_id = ${`CBENCH${i}`}`);
  }
  await db.execute(sql`analyze incidents`);
  return ids;
}

/** Makes the `DUE` bench incidents due again and forgets their slots, so each sample claims 50 afresh. */
async function makeDue(app: Firebreak, channels: string[], at: Date): Promise<void> {
  const db = app.database.db;
  await db.delete(statusUpdates);
  await db.execute(sql`update incidents set next_update_at = ${at}::timestamptz, update_reminder_for = ${at}::timestamptz
                       where channel_id in (${sql.join(
                         channels.map((c) => sql`${c}`),
                         sql`, `,
                       )})`);
}

const nowhere: Pick<ChatPort, 'post' | 'findPosted'> = {
  post: async () => `${Date.now() / 1000}`,
  findPosted: async () => undefined,
};

export async function measureSchedulerTick(
  app: Firebreak,
  emulator: SlackEmulator,
  clock: { set(d: Date): void },
): Promise<TickResult> {
  const channels = await seed(app, emulator);
  const time = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };

  clock.set(new Date(T0.getTime() - 60_000));
  const empty: number[] = [];
  for (let i = 0; i < 30; i++) empty.push(await time(() => app.tick()));

  const database: number[] = [];
  const offline = { ...app.services, chat: Object.assign(Object.create(app.services.chat), nowhere) as ChatPort };
  for (let i = 0; i < 10; i++) {
    await makeDue(app, channels, T0);
    clock.set(new Date(T0.getTime() + 1_000));
    database.push(await time(() => postDueUpdates(offline)));
  }

  const full: number[] = [];
  let posted = 0;
  for (let i = 0; i < 5; i++) {
    await makeDue(app, channels, T0);
    clock.set(new Date(T0.getTime() + 1_000));
    const before = emulator.callCount('chat.postMessage');
    full.push(await time(() => app.tick()));
    posted = emulator.callCount('chat.postMessage') - before;
  }
  return {
    open: OPEN,
    due: DUE,
    emptyTick: summarize(empty),
    databaseTick: summarize(database),
    fullTick: summarize(full),
    postedPerFullTick: posted,
  };
}
