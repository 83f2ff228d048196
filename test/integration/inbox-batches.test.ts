import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackInbox } from '../../src/db/schema/index.js';
import { storeInBatches } from '../../src/services/inbox/store-in-batches.js';
import { openTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.reset();
});

const now = () => new Date('2026-11-30T10:00:00Z');
const request = (key: string, payload: Record<string, unknown> = { text: key }) => ({
  key,
  kind: 'command',
  payload,
  owner: 'bench',
});
/** Rows inserted by one statement share their transaction id. */
const transactions = async () => {
  const res = await database.db.execute(sql`select count(distinct xmin::text)::int as n from slack_inbox`);
  return (res as unknown as { rows: { n: number }[] }).rows[0]!.n;
};

describe('storing Slack requests in batches (the intake under load)', () => {
  it('stores every request that waits for a lane, in fewer inserts than requests, each told its own id', async () => {
    const store = storeInBatches({ db: database.db, now }, { lanes: 1, maxBatch: 50 });
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => store(request(`trigger-${i}`))));

    expect(new Set(ids).size).toBe(60);
    const rows = await database.db.select().from(slackInbox);
    expect(rows).toHaveLength(60);
    for (const [i, id] of ids.entries()) expect(rows.find((r) => r.id === id)?.key).toBe(`trigger-${i}`);
    // The first alone, then the 59 that waited meanwhile in batches of at most 50.
    expect(await transactions()).toBe(3);
  });

  it('answers a key already stored, or repeated in the same batch, as already received', async () => {
    const store = storeInBatches({ db: database.db, now }, { lanes: 1, maxBatch: 50 });
    const first = await store(request('trigger-a'));
    const [again, b1, b2] = await Promise.all([
      store(request('trigger-a')),
      store(request('trigger-b')),
      store(request('trigger-b')),
    ]);

    expect(first).toBeDefined();
    expect(again).toBeUndefined();
    expect([b1, b2].filter(Boolean)).toHaveLength(1);
    expect(await database.db.select().from(slackInbox)).toHaveLength(2);
  });

  it('stores a payload with NULs and control characters, cleaned, in the same batch as the rest', async () => {
    const store = storeInBatches({ db: database.db, now }, { lanes: 1, maxBatch: 50 });
    const ids = await Promise.all([
      store(request('trigger-0')),
      store(request('trigger-1', { text: 'a\u0000b\r\nc\u007f', 'k\u0001ey': ['\ud800x', 'fine \\r'] })),
    ]);

    expect(ids.every(Boolean)).toBe(true);
    const row = (await database.db.select().from(slackInbox)).find((r) => r.key === 'trigger-1')!;
    expect(row.payload).toEqual({ text: 'ab\nc', key: ['\uFFFDx', 'fine \\r'] });
  });

  it('does not let one row the database refuses take the rest of its batch with it', async () => {
    const store = storeInBatches({ db: database.db, now }, { lanes: 1, maxBatch: 50 });
    const results = await Promise.allSettled([
      store(request('trigger-0')),
      store(request('trigger-1')),
      // text refuses a NUL byte (payloads are cleaned on the way in; a key is not).
      store(request('trigger-\u00002')),
      store(request('trigger-3')),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const keys = (await database.db.select().from(slackInbox)).map((r) => r.key).sort();
    expect(keys).toEqual(['trigger-0', 'trigger-1', 'trigger-3']);
  });
});
