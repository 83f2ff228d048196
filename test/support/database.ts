import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { createLogger } from '../../src/observability/logger.js';

export interface TestDatabase extends Database {
  /** Empties every table (fast; far cheaper than a new database). */
  reset(): Promise<void>;
  /** The URL of this test file's own database, for a second app instance. */
  url: string;
}

const silent = createLogger('silent');

/**
 * One database per test file, a fresh one on the server (so files run in parallel without sharing
 * rows): DATABASE_URL's, otherwise the run's embedded server (test/global-database.ts). Migrated like
 * production.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL || inject('embeddedDatabaseUrl');
  const scratch = await createScratchDatabase(serverUrl, 'firebreak_test');
  const url = scratch.url;
  const database = await openDatabase({ url, dataDir: '', logger: silent, maxConnections: 20 });
  await migrate(database);
  return {
    ...database,
    url,
    reset: () => truncateAll(database),
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

async function truncateAll(database: Database): Promise<void> {
  const result = await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public'`);
  const rows = (result as unknown as { rows: { tablename: string }[] }).rows;
  if (!rows.length) return;
  const list = rows.map((r) => `"${r.tablename}"`).join(', ');
  await database.db.execute(sql.raw(`truncate ${list} restart identity cascade`));
}
