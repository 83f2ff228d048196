import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/database.js';
import { capturingLogger } from '../support/logs.js';

// What an alert label could carry; it must never reach a log line through a failed query.
const CONTENT = 'customer-card-4111111111111111';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function failedQuery(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('the query was expected to fail');
}

describe('error logs never print query parameters', () => {
  it('a NUL byte in a jsonb parameter: the error is logged with its SQL but without the value', async () => {
    const err = await failedQuery(() =>
      database.db.execute(sql`select ${JSON.stringify({ label: `${CONTENT}\u0000` })}::jsonb`),
    );
    const { logger, lines } = capturingLogger();
    logger.error({ err }, 'alert intake failed');
    const out = lines.join('\n');
    expect(out).toContain('select $1::jsonb');
    expect(out).toContain('[REDACTED]');
    expect(out).not.toContain(CONTENT);
  });

  it('a unique violation: pg’s detail (Key (…)=(value)) is dropped too', async () => {
    await database.db.execute(sql`create temporary table secrets_t (v text primary key)`);
    await database.db.execute(sql`insert into secrets_t values (${CONTENT})`);
    const err = await failedQuery(() => database.db.execute(sql`insert into secrets_t values (${CONTENT})`));
    const { logger, lines } = capturingLogger();
    logger.warn({ err }, 'insert failed');
    const out = lines.join('\n');
    expect(out).toMatch(/duplicate key|unique/i);
    expect(out).not.toContain(CONTENT);
  });
});
