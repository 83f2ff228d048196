import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/scratch-database.js';
import { createLogger } from '../../src/observability/logger.js';

export interface TestDatabase extends Database {
  /** Empties every table (fast; far cheaper than a new database). */
  reset(): Promise<void>;
  /** The URL of this test's own PostgreSQL database, for a second app instance; undefined on PGlite. */
  url?: string;
}

const silent = createLogger('silent');

/**
 * One database per test file: with DATABASE_URL a fresh database on that server (so files run in
 * parallel without sharing rows), otherwise an in-memory PGlite. Migrated like production.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = openDatabase({ dataDir: 'memory://', logger: silent });
    await migrate(database);
    return { ...database, reset: () => truncateAll(database) };
  }
  const scratch = await createScratchDatabase(serverUrl, 'firebreak_test');
  const url = scratch.url;
  const database = openDatabase({ url, dataDir: '', logger: silent, maxConnections: 20 });
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
