import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client.js';

/** `migrations/` at the package root, found from src/db (tsx) and dist/db (built) alike. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

// Any constant works; it only has to be the same for every replica.
const MIGRATION_LOCK = 7_202_611;

/**
 * Applies pending migrations. On PostgreSQL an advisory lock serialises replicas starting together,
 * so two instances never race to create the same table.
 */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the driver-specific type; Db is its supertype.
    await migratePglite(database.db as any, config);
    return;
  }
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    // biome-ignore lint/suspicious/noExplicitAny: see above; the migrator runs inside our locked transaction.
    await migratePg(tx as any, config);
  });
}
