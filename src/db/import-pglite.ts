import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client.js';
import * as schema from './schema/index.js';

const BATCH = 500;

/** Rows read from the old database and rows that were new to the target, per table. */
export type ImportCounts = Record<string, { read: number; added: number }>;

/**
 * Copies every row of an old PGlite database into the target (the embedded server, or PostgreSQL),
 * both already migrated to the same schema. Tables go parents first (foreign keys); a row whose
 * primary key is already in the target is left as it is, so running the copy again adds nothing.
 * Serial counters (incident numbers) are moved past the copied rows.
 */
export async function importPgliteData(from: Database, to: Database): Promise<ImportCounts> {
  const counts: ImportCounts = {};
  for (const table of parentsFirst(tables())) {
    const name = getTableConfig(table).name;
    const rows = (await from.db.select().from(table)) as Record<string, unknown>[];
    let added = 0;
    await to.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        const inserted = await tx
          .insert(table)
          .values(rows.slice(i, i + BATCH))
          .onConflictDoNothing()
          .returning();
        added += inserted.length;
      }
    });
    counts[name] = { read: rows.length, added };
  }
  await advanceSerials(to);
  return counts;
}

function tables(): PgTable[] {
  return (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
}

/** Orders tables so that each comes after the tables its foreign keys point at. */
function parentsFirst(all: PgTable[]): PgTable[] {
  const done = new Set<PgTable>();
  const out: PgTable[] = [];
  const visit = (t: PgTable) => {
    if (done.has(t)) return;
    done.add(t);
    for (const fk of getTableConfig(t).foreignKeys) {
      const parent = fk.reference().foreignTable;
      if (parent !== t) visit(parent);
    }
    out.push(t);
  };
  for (const t of all) visit(t);
  return out;
}

/** `setval` of every serial column to its table's max, so the next incident gets the next number. */
async function advanceSerials(to: Database): Promise<void> {
  const result = await to.db.execute(sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and column_default like 'nextval(%'`);
  const serials = (result as unknown as { rows: { table_name: string; column_name: string }[] }).rows;
  for (const { table_name: table, column_name: column } of serials)
    await to.db.execute(
      sql`select setval(pg_get_serial_sequence(${table}, ${column}), greatest((select max(${sql.identifier(column)}) from ${sql.identifier(table)}), 1))`,
    );
}
